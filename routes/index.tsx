import type { Handlers, PageProps } from "$fresh/server.ts";
import { PageTitle } from "@/components/PageTitle.tsx";
import { RoundCard } from "@/components/RoundCard.tsx";
import {
  applicantCounts,
  type FamilyApplication,
  requiredDocuments,
} from "@/domain/applications.ts";
import { familyChildren } from "@/domain/children.ts";
import type { FamilyDocument } from "@/domain/documents.ts";
import { familyOf } from "@/domain/family.ts";
import { type FamilyRound, familyRound } from "@/domain/family_round.ts";
import { activeRounds, type RoundSummary } from "@/domain/rounds.ts";
import type { MessageKey, Translate } from "@/i18n/mod.ts";
import { formatDateTime } from "@/utils/format.ts";
import type { AppState } from "@/utils/state.ts";

/** One round as the signed-in family sees it, with its counts. */
interface HomeRound extends FamilyRound {
  summary: RoundSummary;
  counts: Map<number, number>;
  missing: number;
  rejected: number;
}

interface Data {
  rounds: RoundSummary[];
  family: HomeRound[] | null;
  childCount: number;
}

/** Home: for an employee, each open round with its classes, the family's application and the next step. */
export const handler: Handlers<Data, AppState> = {
  async GET(_req, ctx) {
    const { services, account, clock } = ctx.state;
    const db = services.db;
    const rounds = await activeRounds(db);
    if (!account) return ctx.render({ rounds, family: null, childCount: 0 });
    const family = await familyOf(db, account.id);
    const children = await familyChildren(db, family);
    const now = clock.now();
    const views: HomeRound[] = [];
    for (const summary of rounds) {
      const view = await familyRound(db, {
        roundId: summary.id,
        accountId: account.id,
        now,
        family,
      });
      views.push({
        ...view,
        summary,
        counts: await applicantCounts(db, summary.id),
        ...docCounts(view.app, view.documents, family.couple),
      });
    }
    return ctx.render({ rounds, family: views, childCount: children.length });
  },
};

function docCounts(
  app: FamilyApplication | null,
  docs: FamilyDocument[],
  couple: boolean,
): { missing: number; rejected: number } {
  if (!app) return { missing: 0, rejected: 0 };
  const have = new Set(
    docs.filter((d) => d.status !== "rejected").map((d) => d.kind),
  );
  return {
    missing:
      requiredDocuments(app.facts, { couple }).filter((k) => !have.has(k))
        .length,
    rejected: docs.filter((d) => d.status === "rejected").length,
  };
}

/** What the family should do next in a round: the message and where to go. */
function nextStep(
  view: HomeRound,
  childCount: number,
  t: Translate,
  when: (d: Date) => string,
): { text: string; href?: string; link?: string } {
  const { round, phase, app } = view;
  const apply = `/rounds/${round.id}/apply`;
  const docs = `/rounds/${round.id}/documents`;
  const deadline = when(round.applicationsCloseAt);
  if (phase === "upcoming") {
    return {
      text: t("home.next.upcoming", { opens: when(round.applicationsOpenAt) }),
    };
  }
  if (phase === "open") {
    if (childCount === 0) {
      return {
        text: t("home.next.addChildren"),
        href: "/children",
        link: t("home.link.children"),
      };
    }
    if (!app) {
      return {
        text: t("home.next.start", { deadline }),
        href: apply,
        link: t("home.link.start"),
      };
    }
    if (app.status === "draft") {
      return {
        text: t("home.next.draft", { deadline }),
        href: apply,
        link: t("home.link.continue"),
      };
    }
    if (view.missing > 0) {
      return {
        text: t("home.next.documents", { count: view.missing }),
        href: docs,
        link: t("home.link.documents"),
      };
    }
    return {
      text: t("home.next.submitted", { deadline }),
      href: apply,
      link: t("home.link.view"),
    };
  }
  if (phase === "review" && app && view.rejected > 0) {
    return {
      text: t("home.next.rejected", { until: when(round.reviewUntil) }),
      href: docs,
      link: t("home.link.documents"),
    };
  }
  return {
    text: t("home.next.wait", { draw: when(round.drawAt) }),
    ...(app ? { href: apply, link: t("home.link.view") } : {}),
  };
}

export default function Home({ data, state }: PageProps<Data, AppState>) {
  const { t, account, locale } = state;
  const when = (d: Date) => formatDateTime(d, locale);
  return (
    <>
      {account && <PageTitle title={t("home.title")} t={t} />}
      <section class="hero">
        <h1>{t("app.name")}</h1>
        <p>{t("app.tagline")}</p>
        {account
          ? (
            <p class="welcome">
              {t("home.welcome", { name: account.nameKo })}{" "}
              <a href="/children">
                {t("home.myChildren", { count: data.childCount })}
              </a>
            </p>
          )
          : (
            <p>
              <a class="button" href="/login">{t("nav.signIn")}</a>{" "}
              {t("home.signInPrompt")}
            </p>
          )}
      </section>
      <h2>{t("home.openRounds")}</h2>
      {data.rounds.length === 0 && <p>{t("home.noRounds")}</p>}
      {data.family
        ? data.family.map((view) => {
          const next = nextStep(view, data.childCount, t, when);
          return (
            <div key={view.round.id}>
              <RoundCard round={view.summary} t={t} locale={locale} link />
              <section class="card">
                <h3>
                  {t("home.phase", {
                    phase: t(`home.phase.${view.phase}` as MessageKey),
                  })}
                </h3>
                <p>
                  {view.app
                    ? t("home.yourApplication", {
                      status: t(
                        `apply.status.${view.app.status}` as MessageKey,
                      ),
                    })
                    : t("home.noApplication")}
                </p>
                <p class="notice">
                  {next.text} {next.href && <a href={next.href}>{next.link}</a>}
                </p>
                <table class="table">
                  <caption>{t("home.classes")}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("round.recruitments")}</th>
                      <th scope="col">{t("round.seats")}</th>
                      <th scope="col">{t("home.applicants")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {view.round.recruitments.map((r) => (
                      <tr key={r.id}>
                        <td>
                          {r.kindergarten} ·{" "}
                          {t("round.classAge", { age: r.classAge })}
                        </td>
                        <td>{r.seats}</td>
                        <td>{view.counts.get(r.id) ?? 0}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
            </div>
          );
        })
        : data.rounds.map((round) => (
          <RoundCard key={round.id} round={round} t={t} locale={locale} link />
        ))}
    </>
  );
}
