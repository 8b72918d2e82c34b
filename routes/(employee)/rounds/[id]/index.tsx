import type { Handlers, PageProps } from "$fresh/server.ts";
import { PageTitle } from "@/components/PageTitle.tsx";
import { RoundCard } from "@/components/RoundCard.tsx";
import {
  type RecruitmentSummary,
  type RoundSummary,
  roundWithRecruitments,
} from "@/domain/rounds.ts";
import { parseId } from "@/utils/http.ts";
import type { SignedInState } from "@/utils/state.ts";

interface Data {
  round: RoundSummary;
  recruitments: RecruitmentSummary[];
}

/** A round's page: calendar, beacon and classes. Employees only. */
export const handler: Handlers<Data, SignedInState> = {
  async GET(_req, ctx) {
    const id = parseId(ctx.params.id);
    if (id === null) return ctx.renderNotFound();
    const found = await roundWithRecruitments(ctx.state.services.db, id);
    return found ? ctx.render(found) : ctx.renderNotFound();
  },
};

export default function RoundPage(
  { data, state }: PageProps<Data, SignedInState>,
) {
  const { t, locale } = state;
  return (
    <>
      <PageTitle title={data.round.name} t={t} />
      <RoundCard round={data.round} t={t} locale={locale} heading="h1" />
      <p>
        <a href={`/rounds/${data.round.id}/apply`}>{t("apply.open")}</a>
      </p>
      <p>
        <a href={`/rounds/${data.round.id}/status`}>{t("status.link")}</a>
      </p>
      <h2>{t("round.recruitments")}</h2>
      <table class="table">
        <thead>
          <tr>
            <th scope="col">{t("round.recruitments")}</th>
            <th scope="col">{t("round.seats")}</th>
          </tr>
        </thead>
        <tbody>
          {data.recruitments.map((r) => (
            <tr key={r.id}>
              <td>
                {r.kindergarten} · {t("round.classAge", { age: r.classAge })}
              </td>
              <td>{r.seats}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
