import type { Handlers, PageProps } from "$fresh/server.ts";
import { Form } from "@/components/form/mod.ts";
import { PageTitle } from "@/components/PageTitle.tsx";
import {
  loadRecruitmentPage,
  type RecruitmentPageData,
} from "@/components/setup/recruitment_page.ts";
import { LockedNotice } from "@/components/setup/LockedNotice.tsx";
import { deleteRecruitment } from "@/domain/recruitment_setup.ts";
import { isLocked } from "@/domain/round_setup.ts";
import { NotFoundError } from "@/utils/errors.ts";
import { assertAdmin } from "@/utils/guards.ts";
import { redirect } from "@/utils/http.ts";
import type { AppState } from "@/utils/state.ts";

type Data = RecruitmentPageData;

/** Asks, then removes a recruitment before the round's applications open. */
export const handler: Handlers<Data, AppState> = {
  async GET(_req, ctx) {
    const data = await loadRecruitmentPage(ctx);
    const locked = isLocked(data.round, ctx.state.clock.now());
    return ctx.render({
      ...data,
      lockedAt: locked ? data.round.applicationsOpenAt : undefined,
    });
  },
  async POST(_req, ctx) {
    assertAdmin(ctx.state);
    const data = await loadRecruitmentPage(ctx);
    const outcome = await deleteRecruitment(ctx.state.services.db, {
      actorId: ctx.state.account.id,
      roundId: data.round.id,
      id: data.recruitment.id,
      now: ctx.state.clock.now(),
    });
    if (outcome.ok) {
      return redirect(`/admin/rounds/${data.round.id}?done=recruitmentDeleted`);
    }
    if (outcome.reason === "notFound") throw new NotFoundError();
    return ctx.render({ ...data, lockedAt: outcome.lockedAt }, { status: 409 });
  },
};

export default function DeleteRecruitmentPage(
  { data, state }: PageProps<Data, AppState>,
) {
  const { t, locale } = state;
  const r = data.recruitment;
  const name = `${r.kindergarten} · ${t("setup.age", { age: r.classAge })}`;
  const title = t("roundForm.deleteTitle", { name });
  return (
    <section class="card">
      <PageTitle title={title} t={t} />
      <h1>{title}</h1>
      {data.lockedAt
        ? <LockedNotice t={t} locale={locale} at={data.lockedAt} />
        : (
          <Form
            csrfToken={state.csrfToken}
            action={`/admin/rounds/${data.round.id}/recruitments/${r.id}/delete`}
            idempotencyKey
          >
            <p>
              {t("roundForm.deleteQuestion", { name, round: data.round.name })}
            </p>
            <button type="submit">
              {t("roundForm.deleteRecruitment")}
            </button>
          </Form>
        )}
      <p>
        <a href={`/admin/rounds/${data.round.id}`}>{t("setup.cancel")}</a>
      </p>
    </section>
  );
}
