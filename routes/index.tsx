import type { Handlers, PageProps } from "$fresh/server.ts";
import { RoundCard } from "@/components/RoundCard.tsx";
import { activeRounds, type RoundSummary } from "@/domain/rounds.ts";
import type { AppState } from "@/utils/state.ts";

interface Data {
  rounds: RoundSummary[];
}

/** Home: the open rounds, and a greeting or a sign-in prompt. */
export const handler: Handlers<Data, AppState> = {
  async GET(_req, ctx) {
    return ctx.render({ rounds: await activeRounds(ctx.state.services.db) });
  },
};

export default function Home({ data, state }: PageProps<Data, AppState>) {
  const { t, account, locale } = state;
  return (
    <>
      <section class="hero">
        <h1>{t("app.name")}</h1>
        <p>{t("app.tagline")}</p>
        {account
          ? <p class="welcome">{t("home.welcome", { name: account.nameKo })}</p>
          : (
            <p>
              <a class="button" href="/login">{t("nav.signIn")}</a>{" "}
              {t("home.signInPrompt")}
            </p>
          )}
      </section>
      <h2>{t("home.openRounds")}</h2>
      {data.rounds.length === 0
        ? <p>{t("home.noRounds")}</p>
        : data.rounds.map((round) => (
          <RoundCard key={round.id} round={round} t={t} locale={locale} link />
        ))}
    </>
  );
}
