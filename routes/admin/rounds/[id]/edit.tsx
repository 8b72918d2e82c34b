import type { Handlers, PageProps } from "$fresh/server.ts";
import { PageTitle } from "@/components/PageTitle.tsx";
import { LockedNotice } from "@/components/setup/LockedNotice.tsx";
import { RoundForm } from "@/components/setup/RoundForm.tsx";
import {
  isLocked,
  parseRoundForm,
  roundFormValues,
  type RoundSetup,
  roundSetup,
  updateRound,
} from "@/domain/round_setup.ts";
import { NotFoundError } from "@/utils/errors.ts";
import { FORM_ERROR, type FormState } from "@/utils/form.ts";
import { assertAdmin } from "@/utils/guards.ts";
import { parseId, redirect } from "@/utils/http.ts";
import type { AppState } from "@/utils/state.ts";

interface Data {
  round: RoundSetup;
  state: FormState;
  /** Set when the settings are locked: the form is not shown. */
  lockedAt?: Date;
}

async function load(ctx: { params: Record<string, string>; state: AppState }) {
  const id = parseId(ctx.params.id);
  const round = id ? await roundSetup(ctx.state.services.db, id) : null;
  if (!round) throw new NotFoundError();
  return round;
}

/** Edits a round's settings until its application window opens; later, says why it cannot. */
export const handler: Handlers<Data, AppState> = {
  async GET(_req, ctx) {
    const round = await load(ctx);
    const state = { values: roundFormValues(round), errors: {} };
    const locked = isLocked(round, ctx.state.clock.now());
    return ctx.render({
      round,
      state,
      lockedAt: locked ? round.applicationsOpenAt : undefined,
    });
  },
  async POST(_req, ctx) {
    assertAdmin(ctx.state);
    const round = await load(ctx);
    const now = ctx.state.clock.now();
    const body = ctx.state.form;
    if (isLocked(round, now)) {
      return ctx.render({
        round,
        state: { values: {}, errors: {} },
        lockedAt: round.applicationsOpenAt,
      }, { status: 409 });
    }
    if (!body || body.malformed || body.tooLarge) {
      const errors = { [FORM_ERROR]: { key: "form.error.malformed" as const } };
      return ctx.render({ round, state: { values: {}, errors } }, {
        status: 400,
      });
    }
    const parsed = parseRoundForm(body.fields, now);
    if (!parsed.ok) {
      return ctx.render({ round, state: parsed.state }, { status: 400 });
    }
    const outcome = await updateRound(ctx.state.services.db, {
      actorId: ctx.state.account.id,
      id: round.id,
      settings: parsed.data,
      now,
    });
    if (!outcome.ok && outcome.reason === "notFound") throw new NotFoundError();
    if (!outcome.ok && outcome.reason === "locked") {
      return ctx.render({
        round,
        state: { values: parsed.values, errors: {} },
        lockedAt: outcome.lockedAt,
      }, { status: 409 });
    }
    return redirect(`/admin/rounds/${round.id}?done=roundSaved`);
  },
};

export default function EditRoundPage(
  { data, state }: PageProps<Data, AppState>,
) {
  const { t, locale } = state;
  const title = t("roundForm.editTitle", { name: data.round.name });
  return (
    <section class="card">
      <PageTitle title={title} t={t} />
      <h1>{title}</h1>
      {data.lockedAt
        ? <LockedNotice t={t} locale={locale} at={data.lockedAt} />
        : (
          <RoundForm
            t={t}
            csrfToken={state.csrfToken}
            action={`/admin/rounds/${data.round.id}/edit`}
            state={data.state}
          />
        )}
      <p>
        <a href={`/admin/rounds/${data.round.id}`}>{t("setup.cancel")}</a>
      </p>
    </section>
  );
}
