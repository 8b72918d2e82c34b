import type { Handlers, PageProps } from "$fresh/server.ts";
import { RoundCard } from "@/components/RoundCard.tsx";
import {
  type RecruitmentSummary,
  type RoundSummary,
  roundWithRecruitments,
} from "@/domain/rounds.ts";
import type { AppState } from "@/utils/app.ts";
import { redirect } from "@/utils/http.ts";

interface Data {
  round: RoundSummary;
  recruitments: RecruitmentSummary[];
}

/** A round's page: calendar, beacon and classes. Employees only. */
export const handler: Handlers<Data, AppState> = {
  async GET(req, ctx) {
    if (!ctx.state.account) {
      return redirect(
        `/login?next=${encodeURIComponent(new URL(req.url).pathname)}`,
      );
    }
    const id = Number(ctx.params.id);
    if (!Number.isSafeInteger(id) || id < 1) return ctx.renderNotFound();
    const found = await roundWithRecruitments(ctx.state.services.db, id);
    return found ? ctx.render(found) : ctx.renderNotFound();
  },
};

export default function RoundPage({ data, state }: PageProps<Data, AppState>) {
  const { t, locale } = state;
  return (
    <>
      <RoundCard round={data.round} t={t} locale={locale} />
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
