import type { Handlers, PageProps } from "$fresh/server.ts";
import { PageTitle } from "@/components/PageTitle.tsx";
import { RoundForm } from "@/components/setup/RoundForm.tsx";
import {
  createRound,
  parseRoundForm,
  roundFormValues,
  roundSetup,
  shiftedOneYear,
} from "@/domain/round_setup.ts";
import { FORM_ERROR, type FormState } from "@/utils/form.ts";
import { assertAdmin } from "@/utils/guards.ts";
import { parseId, redirect } from "@/utils/http.ts";
import type { AppState } from "@/utils/state.ts";

interface Data {
  state?: FormState;
  copyFrom?: { id: number; name: string };
}

async function copySource(
  ctx: { state: AppState },
  raw: string | null | undefined,
): Promise<{ id: number; name: string } | undefined> {
  const id = parseId(raw ?? undefined);
  if (!id) return undefined;
  const round = await roundSetup(ctx.state.services.db, id);
  return round ? { id: round.id, name: round.name } : undefined;
}

/** Creates a round, empty or copied from an earlier one (`?from=ID`: its dates one year on). */
export const handler: Handlers<Data, AppState> = {
  async GET(req, ctx) {
    const from = new URL(req.url).searchParams.get("from");
    const source = from
      ? await roundSetup(ctx.state.services.db, parseId(from) ?? 0)
      : null;
    if (!source) return ctx.render({});
    const copy = shiftedOneYear(source);
    const values = roundFormValues({
      ...copy,
      name: `${source.name} (${copy.enrolmentYear})`.slice(0, 100),
    });
    return ctx.render({
      state: { values, errors: {} },
      copyFrom: { id: source.id, name: source.name },
    });
  },
  async POST(_req, ctx) {
    assertAdmin(ctx.state);
    const body = ctx.state.form;
    const copyFrom = await copySource(ctx, body?.fields.get("copyFrom")?.[0]);
    if (!body || body.malformed || body.tooLarge) {
      return ctx.render({
        state: {
          values: {},
          errors: { [FORM_ERROR]: { key: "form.error.malformed" } },
        },
        copyFrom,
      }, { status: 400 });
    }
    const parsed = parseRoundForm(body.fields, ctx.state.clock.now());
    if (!parsed.ok) {
      return ctx.render({ state: parsed.state, copyFrom }, { status: 400 });
    }
    const id = await createRound(ctx.state.services.db, {
      actorId: ctx.state.account.id,
      settings: parsed.data,
      copyFrom: copyFrom?.id ?? null,
    });
    return redirect(`/admin/rounds/${id}?done=roundCreated`);
  },
};

export default function NewRoundPage(
  { data, state }: PageProps<Data, AppState>,
) {
  const { t } = state;
  const title = data.copyFrom
    ? t("roundForm.copyTitle", { name: data.copyFrom.name })
    : t("roundForm.createTitle");
  return (
    <section class="card">
      <PageTitle title={title} t={t} />
      <h1>{title}</h1>
      {data.copyFrom && <p class="notice">{t("roundForm.copyHint")}</p>}
      <RoundForm
        t={t}
        csrfToken={state.csrfToken}
        action="/admin/rounds/new"
        state={data.state}
        hidden={data.copyFrom ? { copyFrom: String(data.copyFrom.id) } : {}}
      />
      <p>
        <a href="/admin/rounds">{t("setup.cancel")}</a>
      </p>
    </section>
  );
}
