import type { Handlers, PageProps } from "$fresh/server.ts";
import { PageTitle } from "@/components/PageTitle.tsx";
import { DOCUMENT_KINDS } from "@/domain/applications.ts";
import {
  type FamilyStatus,
  familyStatus,
  type StatusChoice,
} from "@/domain/family_status.ts";
import type { Addend } from "@/lottery/mod.ts";
import type { MessageKey, Translate } from "@/i18n/mod.ts";
import { formatDateTime, formatWeight } from "@/utils/format.ts";
import { parseId } from "@/utils/http.ts";
import type { SignedInState } from "@/utils/state.ts";

/**
 * The family's status in a round: documents under review, each child's weight explained, and
 * the chance of winning once the application is in the pool. Only the signed-in parent's own
 * family; the page never waits for the odds (it says they are being computed).
 */
export const handler: Handlers<FamilyStatus, SignedInState> = {
  async GET(_req, ctx) {
    const id = parseId(ctx.params.id);
    if (id === null) return ctx.renderNotFound();
    const { services, account, clock } = ctx.state;
    const status = await familyStatus(services.db, services.cache, {
      roundId: id,
      accountId: account.id,
      now: clock.now(),
    });
    return ctx.render(status);
  },
};

/** A percentage with one decimal: 0.375 → "37.5". */
function percent(p: number): string {
  return (p * 100).toFixed(1);
}

function addendText(a: Addend, t: Translate): string {
  const amount = formatWeight(a.amount);
  // The lottery's details read "7 years × 10" and "2 extra children × 20".
  const [, count, per] = a.detail.match(/^(\d+)\D+× (\d+)$/) ?? [];
  switch (a.factor) {
    case "base":
      return t("weight.addend.base", { amount });
    case "servicePerYear":
      return t("weight.addend.servicePerYear", {
        years: count ?? "?",
        per: formatWeight(Number(per ?? 0)),
        amount,
      });
    case "childPerExtra":
      return t("weight.addend.childPerExtra", {
        count: count ?? "?",
        per: formatWeight(Number(per ?? 0)),
        amount,
      });
    case "singleParent":
    case "disability":
    case "employeeCouple":
    case "siblingEnrolled":
      return t(`weight.addend.${a.factor}`, { amount });
    case "dualIncome":
      return t(
        a.detail === "document"
          ? "weight.addend.dualIncome.document"
          : "weight.addend.dualIncome.hr",
        { amount },
      );
    default:
      return t("weight.addend.other", { factor: a.factor, amount });
  }
}

function choiceLabel(c: StatusChoice, t: Translate): string {
  return t("weight.choice", {
    rank: c.rank,
    kindergarten: c.recruitment.kindergarten,
    age: t("round.classAge", { age: c.recruitment.classAge }),
  });
}

function Documents({ data, t }: { data: FamilyStatus; t: Translate }) {
  const docs = new Map(data.view.documents.map((d) => [d.kind, d]));
  const shown = DOCUMENT_KINDS.filter((k) => docs.has(k));
  return (
    <section aria-labelledby="status-documents">
      <h2 id="status-documents">{t("status.documents")}</h2>
      {shown.length === 0
        ? <p>{t("status.noDocuments")}</p>
        : (
          <ul class="status-list">
            {shown.map((k) => {
              const d = docs.get(k)!;
              return (
                <li key={k} class={`status-doc status-doc-${d.status}`}>
                  <span>{t(`apply.doc.${k}` as MessageKey)}</span>{" "}
                  <strong class={`status-badge status-badge-${d.status}`}>
                    {t(`status.doc.${d.status}`)}
                  </strong>
                  {d.status === "rejected" && d.rejectReason && (
                    <p class="status-reason">
                      {t("status.doc.reason", { reason: d.rejectReason })}
                    </p>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      {data.view.phase !== "closed" && (
        <p>
          <a href={`/rounds/${data.view.round.id}/documents`}>
            {t("status.documentsLink")}
          </a>
        </p>
      )}
    </section>
  );
}

function entrantName(names: string[], t: Translate): string {
  return names.length > 1
    ? t("weight.unit", { names: names.join(", ") })
    : names[0];
}

function Odds(
  { data, t, locale }: {
    data: FamilyStatus;
    t: Translate;
    locale: SignedInState["locale"];
  },
) {
  const odds = data.odds;
  return (
    <section aria-labelledby="status-odds">
      <h2 id="status-odds">{t("odds.heading")}</h2>
      {odds.kind === "not_in_pool" && <p>{t("odds.notYet")}</p>}
      {odds.kind === "computing" && (
        <p class="notice" role="status">{t("odds.computing")}</p>
      )}
      {odds.kind === "ready" && (
        <>
          <p class="notice">
            {odds.reviewed < odds.live
              ? t("odds.basedOn", {
                reviewed: odds.reviewed,
                live: odds.live,
              })
              : t("odds.allReviewed", { live: odds.live })}
          </p>
          {data.entrants.map((e) => (
            <div key={e.id} class="status-odds">
              <h3>{entrantName(e.names, t)}</h3>
              <ul class="status-list">
                {e.choices.map((c) => (
                  <li key={c.rank} data-choice={c.recruitment.code}>
                    <span>{choiceLabel(c, t)}</span> {c.odds && (
                      <>
                        <strong class="status-chance">
                          <data value={String(c.odds.p)}>
                            {!c.odds.halfWidth
                              ? t("odds.percent", { p: percent(c.odds.p) })
                              : t("odds.percentPm", {
                                p: percent(c.odds.p),
                                hw: percent(c.odds.halfWidth),
                              })}
                          </data>
                        </strong>{" "}
                        <span class="hint">
                          ({c.odds.halfWidth === undefined
                            ? t("odds.exact")
                            : t("odds.simulated")})
                        </span>
                      </>
                    )}
                  </li>
                ))}
              </ul>
            </div>
          ))}
          <p class="hint">
            {odds.method === "exact"
              ? t("odds.method.exact")
              : t("odds.method.simulated")}
          </p>
          <p class="hint">{t("odds.note")}</p>
          <p class="hint">
            {t("odds.computedAt", {
              at: formatDateTime(odds.computedAt, locale),
            })}
          </p>
        </>
      )}
    </section>
  );
}

/** Choices whose weight is made of the same addends and tier, together (ranked order kept). */
function sameWeights(choices: StatusChoice[]): StatusChoice[][] {
  const groups = new Map<string, StatusChoice[]>();
  for (const c of choices) {
    const key = JSON.stringify([c.tier, c.addends]);
    const list = groups.get(key);
    if (list) list.push(c);
    else groups.set(key, [c]);
  }
  return [...groups.values()];
}

function Weights({ data, t }: { data: FamilyStatus; t: Translate }) {
  const tiered = data.entrants.some((e) => e.choices.some((c) => c.tier > 1));
  return (
    <section aria-labelledby="status-weight">
      <h2 id="status-weight">{t("weight.heading")}</h2>
      <p>{t("weight.note")}</p>
      {data.entrants.map((e) => (
        <div key={e.id} class="card status-entrant">
          <h3>{entrantName(e.names, t)}</h3>
          {sameWeights(e.choices).map((group) => (
            <div key={group[0].rank} class="status-choice">
              <h4>
                {group.map((c) => (
                  <span key={c.rank} class="status-choice-label">
                    {choiceLabel(c, t)}
                  </span>
                ))}
              </h4>
              <p class="status-weight">
                <strong>
                  {t("weight.total", { weight: formatWeight(group[0].weight) })}
                </strong>
                {tiered && (
                  <>{" "}· {t("weight.tier", { tier: group[0].tier })}</>
                )}
              </p>
              <ul class="status-addends">
                {group[0].addends.map((a) => (
                  <li key={a.factor}>{addendText(a, t)}</li>
                ))}
              </ul>
            </div>
          ))}
        </div>
      ))}
      {data.waiting.length > 0 && (
        <>
          <h3>{t("weight.waiting")}</h3>
          <ul class="status-list">
            {data.waiting.map((w) => (
              <li key={w.factor}>
                {t("weight.waiting.line", {
                  factor: t(`weight.waiting.${w.factor}`),
                  document: t(`apply.doc.${w.kind}` as MessageKey),
                  state: t(`weight.waiting.${w.document ?? "none"}`),
                })}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

export default function StatusPage(
  { data, state }: PageProps<FamilyStatus, SignedInState>,
) {
  const { t, locale } = state;
  const { round, app } = data.view;
  const title = t("status.title", { round: round.name });
  const drawn = round.status === "drawn" || round.status === "closed";
  const frozen = drawn || round.status === "frozen";
  return (
    <>
      <PageTitle title={title} t={t} />
      <h1>{title}</h1>
      {!data.applied || !app
        ? (
          <>
            <p>{t("status.empty")}</p>
            <p>
              <a href={`/rounds/${round.id}/apply`}>{t("status.emptyLink")}</a>
            </p>
          </>
        )
        : (
          <>
            <p>{t("status.intro")}</p>
            <p>
              <strong>
                {t("status.application", {
                  status: t(`apply.status.${app.status}` as MessageKey),
                })}
              </strong>
              {data.state && <>{" "}{t(`status.state.${data.state}`)}</>}
            </p>
            <Documents data={data} t={t} />
            {drawn
              ? (
                <section aria-labelledby="status-odds">
                  <h2 id="status-odds">{t("odds.heading")}</h2>
                  <p class="notice">
                    {t("ux.status.drawn")}{" "}
                    <a href={`/rounds/${round.id}`}>
                      {t("ux.status.resultsLink")}
                    </a>
                  </p>
                </section>
              )
              : <Odds data={data} t={t} locale={locale} />}
            <Weights data={data} t={t} />
          </>
        )}
      <p class="row">
        <a href={`/rounds/${round.id}`}>{t("status.back")}</a>
        {frozen && (
          <a href={`/rounds/${round.id}/frozen`}>{t("frozen.list.link")}</a>
        )}
        {drawn && (
          <a href={`/rounds/${round.id}/verify`}>{t("results.verify")}</a>
        )}
      </p>
    </>
  );
}
