import type { Handlers, PageProps } from "$fresh/server.ts";
import { Form } from "@/components/form/mod.ts";
import { PageTitle } from "@/components/PageTitle.tsx";
import {
  deleteKindergarten,
  type Kindergarten,
  kindergartenById,
  type KindergartenParts,
  kindergartenParts,
  type RoundRef,
  roundsUsingKindergarten,
} from "@/domain/kindergartens.ts";
import { NotFoundError } from "@/utils/errors.ts";
import { assertAdmin } from "@/utils/guards.ts";
import { parseId, redirect } from "@/utils/http.ts";
import type { AppState } from "@/utils/state.ts";

interface Data {
  kg: Kindergarten;
  parts: KindergartenParts;
  /** The rounds whose recruitments use it: it cannot be deleted then. */
  rounds: RoundRef[];
}

async function load(
  ctx: { params: Record<string, string>; state: AppState },
): Promise<Data> {
  const id = parseId(ctx.params.id);
  const db = ctx.state.services.db;
  const kg = id ? await kindergartenById(db, id) : null;
  if (!kg) throw new NotFoundError();
  return {
    kg,
    parts: await kindergartenParts(db, kg.id),
    rounds: await roundsUsingKindergarten(db, kg.id),
  };
}

/**
 * Asks, then deletes a kindergarten no recruitment uses, with its classes, photos and
 * enrolment records; refused with the rounds named otherwise.
 */
export const handler: Handlers<Data, AppState> = {
  async GET(_req, ctx) {
    return ctx.render(await load(ctx));
  },
  async POST(_req, ctx) {
    assertAdmin(ctx.state);
    const data = await load(ctx);
    const outcome = await deleteKindergarten(
      ctx.state.services.db,
      ctx.state.services.storage,
      { actorId: ctx.state.account.id, id: data.kg.id },
    );
    if (outcome.ok) return redirect("/admin/kindergartens?done=kgDeleted");
    if (outcome.reason === "notFound") throw new NotFoundError();
    return ctx.render({ ...data, rounds: outcome.rounds }, { status: 409 });
  },
};

export default function DeleteKindergartenPage(
  { data, state }: PageProps<Data, AppState>,
) {
  const { t } = state;
  const { kg, parts, rounds } = data;
  const title = t("kgDelete.title", { name: kg.name });
  return (
    <section class="card">
      <PageTitle title={title} t={t} />
      <h1>{title}</h1>
      {rounds.length > 0
        ? (
          <div class="notice" role="alert">
            <p>{t("kgDelete.inUse", { name: kg.name })}</p>
            <ul>
              {rounds.map((r) => (
                <li key={r.id}>
                  <a href={`/admin/rounds/${r.id}`}>{r.name}</a>
                </li>
              ))}
            </ul>
          </div>
        )
        : (
          <Form
            csrfToken={state.csrfToken}
            action={`/admin/kindergartens/${kg.id}/delete`}
            idempotencyKey
          >
            <p>{t("kgDelete.question", { name: kg.name })}</p>
            <ul>
              <li>{t("kgDelete.classes", { count: kg.classes.length })}</li>
              <li>{t("kgDelete.photos", { count: parts.photos.length })}</li>
              <li>
                {t("kgDelete.enrolments", { count: parts.enrolments.length })}
              </li>
            </ul>
            <p>{t("kgDelete.undo")}</p>
            <button type="submit">
              {t("kgDelete.submit")}
            </button>
          </Form>
        )}
      <p>
        <a href={`/admin/kindergartens/${kg.id}`}>{t("setup.cancel")}</a>
      </p>
    </section>
  );
}
