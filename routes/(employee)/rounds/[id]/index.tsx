import type { Handlers, PageProps } from "$fresh/server.ts";
import { DoneNotice } from "@/components/DoneNotice.tsx";
import { Form } from "@/components/form/mod.ts";
import { FrozenFactsCard } from "@/components/FrozenFacts.tsx";
import { PageTitle } from "@/components/PageTitle.tsx";
import { RoundCard } from "@/components/RoundCard.tsx";
import { familyOf } from "@/domain/family.ts";
import {
  type FrozenFacts,
  frozenFacts,
  keepWithdrawal,
  type OwnEntrant,
  ownEntrants,
} from "@/domain/freeze.ts";
import {
  type RecruitmentSummary,
  type RoundSummary,
  roundWithRecruitments,
} from "@/domain/rounds.ts";
import type { MessageKey } from "@/i18n/mod.ts";
import { NotFoundError } from "@/utils/errors.ts";
import { parseId, redirect } from "@/utils/http.ts";
import type { SignedInState } from "@/utils/state.ts";
import { RoundResults } from "@/components/draw/RoundResults.tsx";
import { classLabel } from "@/components/draw/labels.ts";
import {
  type DrawFacts,
  drawFacts,
  entrantResults,
  type EntrantResultView,
} from "@/domain/draw_results.ts";
import { DrawWatch } from "@/islands/DrawWatch.tsx";

interface Data {
  round: RoundSummary;
  recruitments: RecruitmentSummary[];
  /** The freeze's published facts, once frozen. */
  frozen: FrozenFacts | null;
  /** The draw's facts once the round is frozen. */
  facts: DrawFacts | null;
  /** The family's entrants, once frozen. */
  own: OwnEntrant[];
  /** The family's results once drawn. */
  results: EntrantResultView[];
  /** Set when a POST named no action of this page. */
  unknownAction?: boolean;
}

const DONE: Record<string, MessageKey> = {
  kept: "frozen.withdraw.done",
  already: "frozen.withdraw.already",
};

async function load(
  ctx: { params: Record<string, string>; state: SignedInState },
): Promise<Data> {
  const id = parseId(ctx.params.id);
  if (id === null) throw new NotFoundError();
  const db = ctx.state.services.db;
  const found = await roundWithRecruitments(db, id);
  if (!found) throw new NotFoundError();
  const frozen = await frozenFacts(db, id);
  if (!frozen) return { ...found, frozen, facts: null, own: [], results: [] };
  const family = await familyOf(db, ctx.state.account.id);
  const facts = await drawFacts(db, id);
  const own = await ownEntrants(db, {
    roundId: id,
    familyIds: family.memberIds,
  });
  const results = facts?.seed
    ? await entrantResults(db, { roundId: id, familyKeys: family.memberIds })
    : [];
  return { ...found, frozen, facts, own, results };
}

/**
 * A round's page: calendar, beacon and classes; once frozen, the published digest, commitment
 * and beacons, the family's own pseudonyms, a withdrawal kept for the draw and the draw watched
 * live (an island on the round's event stream); once drawn, the family's results. Employees only.
 */
export const handler: Handlers<Data, SignedInState> = {
  async GET(_req, ctx) {
    return ctx.render(await load(ctx));
  },
  async POST(_req, ctx) {
    const data = await load(ctx);
    const { services, account, clock, form } = ctx.state;
    const intent = form?.fields.get("intent")?.[0];
    if (!data.frozen) throw new NotFoundError();
    if (intent !== "withdraw") {
      return ctx.render({ ...data, unknownAction: true }, { status: 400 });
    }
    const out = await keepWithdrawal(services.db, {
      roundId: data.round.id,
      familyIds: (await familyOf(services.db, account.id)).memberIds,
      accountId: account.id,
      now: clock.now(),
    });
    if (!out.ok && out.reason === "notEntrant") throw new NotFoundError();
    return redirect(
      `/rounds/${data.round.id}?done=${out.ok ? "kept" : "already"}`,
    );
  },
};

export default function RoundPage(
  { data, state, url }: PageProps<Data, SignedInState>,
) {
  const { t, locale } = state;
  const { frozen, own } = data;
  const withdrawable = own.some((e) => !e.withdrawn) &&
    data.round.status === "frozen";
  return (
    <>
      <PageTitle title={data.round.name} t={t} />
      <RoundCard round={data.round} t={t} locale={locale} heading="h1" />
      <DoneNotice t={t} url={url} messages={DONE} />
      {data.unknownAction && (
        <p class="notice error" role="alert">{t("sec.round.unknownAction")}</p>
      )}
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
                    own={data.own.map((o) => ({
                      pseudonym: o.pseudonym,
                      names: o.names,
                      choices: o.choices,
                    }))}
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
      {frozen
        ? (
          <>
            <FrozenFactsCard
              frozen={frozen}
              own={own}
              roundId={data.round.id}
              t={t}
              locale={locale}
            />
            {withdrawable && !data.facts?.seed && (
              <section class="card">
                <h2>{t("frozen.withdraw.title")}</h2>
                <p class="hint">{t("frozen.withdraw.hint")}</p>
                <Form csrfToken={state.csrfToken}>
                  <button
                    type="submit"
                    name="intent"
                    value="withdraw"
                    class="secondary"
                  >
                    {t("frozen.withdraw.submit")}
                  </button>
                </Form>
              </section>
            )}
          </>
        )
        : (
          <p>
            <a href={`/rounds/${data.round.id}/apply`}>{t("apply.open")}</a>
          </p>
        )}
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
