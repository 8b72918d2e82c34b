import type { Handlers, PageProps } from "$fresh/server.ts";
import { PageTitle } from "@/components/PageTitle.tsx";
import {
  loadRecruitmentPage,
  type RecruitmentPageData,
} from "@/components/setup/recruitment_page.ts";
import { LockedNotice } from "@/components/setup/LockedNotice.tsx";
import { RecruitmentForm } from "@/components/setup/RecruitmentForm.tsx";
import {
  parseRecruitmentForm,
  recruitmentFormValues,
  updateRecruitment,
} from "@/domain/recruitment_setup.ts";
import { isLocked } from "@/domain/round_setup.ts";
import { NotFoundError } from "@/utils/errors.ts";
import { FORM_ERROR, type FormState } from "@/utils/form.ts";
import { assertAdmin } from "@/utils/guards.ts";
import { redirect } from "@/utils/http.ts";
import type { AppState } from "@/utils/state.ts";

interface Data extends RecruitmentPageData {
  state: FormState;
}

/** Edits one recruitment's seats, factors and tiers until the round's applications open. */
export const handler: Handlers<Data, AppState> = {
  async GET(_req, ctx) {
    const { round, recruitment } = await loadRecruitmentPage(ctx);
    const locked = isLocked(round, ctx.state.clock.now());
    return ctx.render({
      round,
      recruitment,
      state: { values: recruitmentFormValues(recruitment), errors: {} },
      lockedAt: locked ? round.applicationsOpenAt : undefined,
    });
  },
  async POST(_req, ctx) {
    assertAdmin(ctx.state);
    const { round, recruitment } = await loadRecruitmentPage(ctx);
    const now = ctx.state.clock.now();
    const body = ctx.state.form;
    if (!body || body.malformed || body.tooLarge) {
      const errors = { [FORM_ERROR]: { key: "form.error.malformed" as const } };
      return ctx.render({ round, recruitment, state: { values: {}, errors } }, {
        status: 400,
      });
    }
    const parsed = parseRecruitmentForm(body.fields, { withClass: false });
    const typed = parsed.ok
      ? { values: parsed.values, errors: {} }
      : parsed.state;
    if (isLocked(round, now)) {
      return ctx.render({
        round,
        recruitment,
        state: typed,
        lockedAt: round.applicationsOpenAt,
      }, { status: 409 });
    }
    if (!parsed.ok) {
      return ctx.render({ round, recruitment, state: parsed.state }, {
        status: 400,
      });
    }
    const outcome = await updateRecruitment(ctx.state.services.db, {
      actorId: ctx.state.account.id,
      roundId: round.id,
      id: recruitment.id,
      input: parsed.data,
      now,
    });
    if (!outcome.ok && outcome.reason === "notFound") throw new NotFoundError();
    if (!outcome.ok && outcome.reason === "locked") {
      return ctx.render({
        round,
        recruitment,
        state: typed,
        lockedAt: outcome.lockedAt,
      }, { status: 409 });
    }
    return redirect(`/admin/rounds/${round.id}?done=recruitmentSaved`);
  },
};

export default function RecruitmentPage(
  { data, state }: PageProps<Data, AppState>,
) {
  const { t, locale } = state;
  const r = data.recruitment;
  const title = t("roundForm.recruitmentTitle", {
    name: `${r.kindergarten} · ${t("setup.age", { age: r.classAge })}`,
  });
  return (
    <section class="card">
      <PageTitle title={title} t={t} />
      <h1>{title}</h1>
      <p class="hint">{data.round.name}</p>
      {data.lockedAt
        ? <LockedNotice t={t} locale={locale} at={data.lockedAt} />
        : (
          <RecruitmentForm
            t={t}
            csrfToken={state.csrfToken}
            action={`/admin/rounds/${data.round.id}/recruitments/${r.id}`}
            state={data.state}
            enrolmentYear={data.round.enrolmentYear}
          />
        )}
      <p>
        <a href={`/admin/rounds/${data.round.id}`}>{t("setup.cancel")}</a>
      </p>
    </section>
  );
}
