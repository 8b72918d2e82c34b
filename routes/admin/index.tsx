import type { Handlers, PageProps } from "$fresh/server.ts";
import { PageTitle } from "@/components/PageTitle.tsx";
import { RoundCard } from "@/components/RoundCard.tsx";
import { countAccounts } from "@/domain/accounts.ts";
import { allRounds, type RoundSummary } from "@/domain/rounds.ts";
import type { AppState } from "@/utils/state.ts";

interface Data {
  rounds: RoundSummary[];
  accounts: number;
}

/** The admin dashboard: rounds and head counts. */
export const handler: Handlers<Data, AppState> = {
  async GET(_req, ctx) {
    const db = ctx.state.services.db;
    const [rounds, accounts] = await Promise.all([
      allRounds(db),
      countAccounts(db),
    ]);
    return ctx.render({ rounds, accounts });
  },
};

export default function AdminHome({ data, state }: PageProps<Data, AppState>) {
  const { t, locale } = state;
  return (
    <>
      <PageTitle title={t("admin.title")} t={t} />
      <h1>{t("admin.title")}</h1>
      <p>
        {t("admin.accounts")}: <strong>{data.accounts}</strong>
      </p>
      <h2>{t("admin.rounds")}</h2>
      {data.rounds.map((round) => (
        <RoundCard key={round.id} round={round} t={t} locale={locale} link />
      ))}
    </>
  );
}
