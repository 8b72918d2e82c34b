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
import { RoundResults } from "@/components/draw/RoundResults.tsx";
import { classLabel } from "@/components/draw/labels.ts";
import {
  type DrawFacts,
  drawFacts,
  entrantResults,
  type EntrantResultView,
  type OwnEntrant,
  ownEntrants,
} from "@/domain/draw_results.ts";
import { familyOf } from "@/domain/family.ts";
import { DrawWatch } from "@/islands/DrawWatch.tsx";

interface Data {
  round: RoundSummary;
  recruitments: RecruitmentSummary[];
  /** The draw's facts once the round is frozen. */
  facts: DrawFacts | null;
  /** The family's results once drawn. */
  results: EntrantResultView[];
  /** The family's entrants while the round waits for its draw. */
  own: OwnEntrant[];
}

/**
 * A round's page: calendar, beacon and classes; once frozen, the draw watched live (an island
 * on the round's event stream); once drawn, the family's results. Employees only.
 */
export const handler: Handlers<Data, SignedInState> = {
  async GET(_req, ctx) {
    const id = parseId(ctx.params.id);
    if (id === null) return ctx.renderNotFound();
    const db = ctx.state.services.db;
    const found = await roundWithRecruitments(db, id);
    if (!found) return ctx.renderNotFound();
    const facts = await drawFacts(db, id);
    let results: EntrantResultView[] = [];
    let own: OwnEntrant[] = [];
    if (facts) {
      const family = await familyOf(db, ctx.state.account.id);
      if (facts.seed) {
        results = await entrantResults(db, {
          roundId: id,
          familyKeys: family.memberIds,
        });
      } else {
        own = await ownEntrants(db, {
          roundId: id,
          familyKeys: family.memberIds,
        });
      }
    }
    return ctx.render({ ...found, facts, results, own });
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
      {data.facts && (
        <section class="card">
          <h2>{t("results.title")}</h2>
          {data.facts.seed
            ? (
              <RoundResults
                t={t}
                locale={locale}
                roundId={data.round.id}
                facts={data.facts}
                entrants={data.results}
              />
            )
            : (
              <>
                <p>{t("results.none")}</p>
                {data.own.length > 0 && (
                  <DrawWatch
                    roundId={data.round.id}
                    own={data.own}
                    classes={Object.fromEntries(
                      data.recruitments.filter((r) =>
                        data.own.some((o) => o.choices.includes(r.code))
                      ).map((r) => [r.code, classLabel(t, r)]),
                    )}
                    labels={{
                      watching: t("results.watching"),
                      live: t("results.live"),
                      revealed: t("results.revealed"),
                      own: t("results.own"),
                      winners: t("results.winners"),
                      waitlist: t("results.waitlist"),
                      won: t("results.status.won"),
                      offered: t("results.status.offeredShort"),
                      waiting: t("results.status.waitlistShort", {
                        waitlist: "{waitlist}",
                      }),
                      higher: t("results.status.higher"),
                      withdrawn: t("results.status.withdrawn"),
                    }}
                  />
                )}
              </>
            )}
        </section>
      )}
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
