import type { Handlers, PageProps } from "$fresh/server.ts";
import { PageTitle } from "@/components/PageTitle.tsx";
import { LockedNotice } from "@/components/setup/LockedNotice.tsx";
import { RecruitmentForm } from "@/components/setup/RecruitmentForm.tsx";
import {
  type ClassOption,
  classOptions,
  createRecruitment,
  parseRecruitmentForm,
  recruitmentFormValues,
} from "@/domain/recruitment_setup.ts";
import { isLocked, type RoundSetup, roundSetup } from "@/domain/round_setup.ts";
import { DEFAULT_SETTINGS } from "@/lottery/weights_and_tiers.ts";
import { NotFoundError } from "@/utils/errors.ts";
import { FORM_ERROR, type FormState } from "@/utils/form.ts";
import { assertAdmin } from "@/utils/guards.ts";
import { parseId, redirect } from "@/utils/http.ts";
import type { AppState } from "@/utils/state.ts";

interface Data {
  round: RoundSetup;
  classes: ClassOption[];
  state: FormState;
  lockedAt?: Date;
}

async function load(ctx: { params: Record<string, string>; state: AppState }) {
  const id = parseId(ctx.params.id);
  const db = ctx.state.services.db;
  const round = id ? await roundSetup(db, id) : null;
  if (!round) throw new NotFoundError();
  return { round, classes: await classOptions(db) };
}

/** Adds a recruitment (one class) to a round, with the reference defaults filled in. */
export const handler: Handlers<Data, AppState> = {
  async GET(_req, ctx) {
    const { round, classes } = await load(ctx);
    const values = recruitmentFormValues({
      seats: null,
      settings: DEFAULT_SETTINGS,
    });
    const locked = isLocked(round, ctx.state.clock.now());
    return ctx.render({
      round,
      classes,
      state: { values, errors: {} },
      lockedAt: locked ? round.applicationsOpenAt : undefined,
    });
  },
  async POST(_req, ctx) {
    assertAdmin(ctx.state);
    const { round, classes } = await load(ctx);
    const body = ctx.state.form;
    if (!body || body.malformed || body.tooLarge) {
      const errors = { [FORM_ERROR]: { key: "form.error.malformed" as const } };
      return ctx.render({ round, classes, state: { values: {}, errors } }, {
        status: 400,
      });
    }
    const parsed = parseRecruitmentForm(body.fields, { withClass: true });
    const now = ctx.state.clock.now();
    if (isLocked(round, now)) {
      const state = parsed.ok
        ? { values: parsed.values, errors: {} }
        : parsed.state;
      return ctx.render({
        round,
        classes,
        state,
        lockedAt: round.applicationsOpenAt,
      }, { status: 409 });
    }
    if (!parsed.ok) {
      return ctx.render({ round, classes, state: parsed.state }, {
        status: 400,
      });
    }
    const outcome = await createRecruitment(ctx.state.services.db, {
      actorId: ctx.state.account.id,
      roundId: round.id,
      input: parsed.data,
      now,
    });
    if (outcome.ok) {
      return redirect(`/admin/rounds/${round.id}?done=recruitmentAdded`);
    }
    if (outcome.reason === "notFound") throw new NotFoundError();
    const state = { values: parsed.values, errors: {} } as FormState;
    if (outcome.reason === "locked") {
      return ctx.render({ round, classes, state, lockedAt: outcome.lockedAt }, {
        status: 409,
      });
    }
    state.errors = {
      class: {
        key: outcome.reason === "duplicate"
          ? "roundForm.error.duplicateClass"
          : "form.error.invalid",
      },
    };
    return ctx.render({ round, classes, state }, { status: 400 });
  },
};

export default function NewRecruitmentPage(
  { data, state }: PageProps<Data, AppState>,
) {
  const { t, locale } = state;
  const title = `${t("roundForm.addRecruitment")}: ${data.round.name}`;
  return (
    <section class="card">
      <PageTitle title={title} t={t} />
      <h1>{title}</h1>
      {data.lockedAt
        ? <LockedNotice t={t} locale={locale} at={data.lockedAt} />
        : data.classes.length === 0
        ? (
          <p class="notice">
            {t("roundForm.noClasses")}{" "}
            <a href="/admin/kindergartens">{t("kg.title")}</a>
          </p>
        )
        : (
          <RecruitmentForm
            t={t}
            csrfToken={state.csrfToken}
            action={`/admin/rounds/${data.round.id}/recruitments/new`}
            state={data.state}
            classes={data.classes}
            enrolmentYear={data.round.enrolmentYear}
          />
        )}
      <p>
        <a href={`/admin/rounds/${data.round.id}`}>{t("setup.cancel")}</a>
      </p>
    </section>
  );
}
