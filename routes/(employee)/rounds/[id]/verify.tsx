import type { Handlers, PageProps } from "$fresh/server.ts";
import { classLabel } from "@/components/draw/labels.ts";
import { PageTitle } from "@/components/PageTitle.tsx";
import { BEACON_SOURCES } from "@/domain/draw_mail.ts";
import {
  beaconEvent,
  type DrawFacts,
  drawFacts,
} from "@/domain/draw_results.ts";
import { mayFollowRound } from "@/domain/round_access.ts";
import {
  type RecruitmentSummary,
  roundWithRecruitments,
} from "@/domain/rounds.ts";
import { VerifyRound } from "@/islands/VerifyRound.tsx";
import { parseId } from "@/utils/http.ts";
import type { SignedInState } from "@/utils/state.ts";

interface Data {
  round: { id: number; name: string };
  recruitments: RecruitmentSummary[];
  facts: DrawFacts | null;
}

/**
 * Verify a real round: the published digest and chain head (from the round's facts, never from
 * the record), and an island that downloads the record and re-runs the draw in the browser.
 * For the round's families and admins.
 */
export const handler: Handlers<Data, SignedInState> = {
  async GET(_req, ctx) {
    const id = parseId(ctx.params.id);
    const db = ctx.state.services.db;
    if (id === null || !(await mayFollowRound(db, ctx.state.account, id))) {
      return ctx.renderNotFound();
    }
    const found = await roundWithRecruitments(db, id);
    if (!found) return ctx.renderNotFound();
    return ctx.render({
      round: { id, name: found.round.name },
      recruitments: found.recruitments,
      facts: await drawFacts(db, id),
    });
  },
};

export default function VerifyRoundPage(
  { data, state }: PageProps<Data, SignedInState>,
) {
  const { t } = state;
  const { facts, round } = data;
  const title = t("verifyRound.title", { name: round.name });
  return (
    <section class="card">
      <PageTitle title={title} t={t} />
      <h1>{title}</h1>
      <p>{t("verifyRound.intro")}</p>
      {!facts?.seed ? <p class="notice">{t("verifyRound.notDrawn")}</p> : (
        <>
          <p>
            {t("verifyRound.digest", { digest: "" })}
            <code class="hex" data-testid="published-digest">
              {facts.digest}
            </code>
          </p>
          {facts.chainHead && (
            <p>
              {t("verifyRound.chainHead", { head: "" })}
              <code class="hex">{facts.chainHead}</code>
            </p>
          )}
          <p class="notice">{t("verifyRound.compare")}</p>
          <p>
            {t("results.beacon", {
              name: beaconEvent(facts).name,
              value: facts.beacon.value ?? "",
            })}{" "}
            <a href={BEACON_SOURCES[beaconEvent(facts).kind]} rel="noopener">
              {t("results.source")}
            </a>
          </p>
          <noscript>
            <p class="notice">{t("verifyRound.noscript")}</p>
          </noscript>
          <VerifyRound
            recordUrl={`/rounds/${round.id}/record.json`}
            digest={facts.digest}
            chainHead={facts.chainHead}
            classes={Object.fromEntries(
              data.recruitments.map((r) => [r.code, classLabel(t, r)]),
            )}
            labels={{
              run: t("verifyRound.run"),
              loading: t("verifyRound.loading"),
              ok: t("verifyRound.ok"),
              failed: t("verifyRound.failed"),
              token: t("verifyRound.token"),
              tokenRun: t("verifyRound.tokenRun"),
              pseudonym: t("verifyRound.pseudonym"),
              notInRecord: t("verifyRound.notInRecord"),
              tokenInvalid: t("verifyRound.tokenInvalid"),
              placed: t("verifyRound.placed"),
              none: t("verifyRound.none"),
              waitlist: t("results.status.waitlistShort"),
              won: t("results.status.won"),
              higher: t("results.status.higher"),
            }}
          />
          <p>
            <a href={`/rounds/${round.id}/record.json`} download>
              {t("results.record")}
            </a>
          </p>
          <p class="hint">
            <code>{t("verifyRound.cli", { digest: facts.digest })}</code>
          </p>
        </>
      )}
      <p>
        <a href={`/rounds/${round.id}`}>{round.name}</a>
      </p>
    </section>
  );
}
