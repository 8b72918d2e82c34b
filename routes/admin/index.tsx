import type { Handlers, PageProps } from "$fresh/server.ts";
import { PageTitle } from "@/components/PageTitle.tsx";
import { RoundCard } from "@/components/RoundCard.tsx";
import { countAccounts } from "@/domain/accounts.ts";
import {
  type DuplicateChild,
  duplicateChildren,
} from "@/domain/applications.ts";
import { activeRounds, allRounds, type RoundSummary } from "@/domain/rounds.ts";
import {
  HR_FIELD_LABELS,
  type HrFlag,
  openHrFlags,
} from "@/domain/hr_flags.ts";
import type { AppState } from "@/utils/state.ts";

interface Data {
  rounds: RoundSummary[];
  accounts: number;
  /** Children named in two live applications of an active round, by round. */
  duplicates: { round: RoundSummary; children: DuplicateChild[] }[];
  /** HR changes after an application deadline, waiting for review. */
  hrFlags: HrFlag[];
}

/** The admin dashboard: what needs attention first, then rounds and head counts. */
export const handler: Handlers<Data, AppState> = {
  async GET(_req, ctx) {
    const db = ctx.state.services.db;
    const [rounds, accounts, active, hrFlags] = await Promise.all([
      allRounds(db),
      countAccounts(db),
      activeRounds(db),
      openHrFlags(db, null),
    ]);
    const duplicates = [];
    for (const round of active) {
      const children = await duplicateChildren(db, round.id);
      if (children.length) duplicates.push({ round, children });
    }
    return ctx.render({ rounds, accounts, duplicates, hrFlags });
  },
};

export default function AdminHome({ data, state }: PageProps<Data, AppState>) {
  const { t, locale } = state;
  return (
    <>
      <PageTitle title={t("admin.title")} t={t} />
      <h1>{t("admin.title")}</h1>
      {data.duplicates.length > 0 && (
        <section class="card notice" aria-labelledby="duplicates-title">
          <h2 id="duplicates-title">{t("admin.duplicates.title")}</h2>
          <p>{t("admin.duplicates.hint")}</p>
          {data.duplicates.map(({ round, children }) => (
            <div key={round.id}>
              <h3>{round.name}</h3>
              <ul>
                {children.map((child) => (
                  <li key={`${child.name}-${child.birthDate}`}>
                    {t("admin.duplicates.child", {
                      name: child.name,
                      birthDate: child.birthDate,
                      applications: child.applicationIds.map((id) =>
                        `#${id}`
                      )
                        .join(", "),
                    })}
                  </li>
                ))}
              </ul>
              <p>
                <a href={`/admin/review/duplicates?round=${round.id}`}>
                  {t("dupe.resolveLink")}
                </a>
              </p>
            </div>
          ))}
        </section>
      )}
      {data.hrFlags.length > 0 && (
        <section class="card notice" aria-labelledby="hr-flags-title">
          <h2 id="hr-flags-title">
            {t("hrFlag.dashboard", { count: data.hrFlags.length })}
          </h2>
          <p>{t("hrFlag.dashboardHint")}</p>
          <ul>
            {data.hrFlags.map((f) => (
              <li key={f.id}>
                <a href={`/admin/hr-flags#flag-${f.id}`}>
                  {t("hrFlag.line", {
                    name: f.nameKo,
                    no: f.employeeNo,
                    field: t(HR_FIELD_LABELS[f.field]),
                    round: f.roundName,
                  })}
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
      <p>
        {t("admin.accounts")}: <strong>{data.accounts}</strong>
      </p>
      <h2>{t("admin.rounds")}</h2>
      {data.rounds.length === 0 && (
        <p class="notice">
          {t("roundForm.empty")}{" "}
          <a href="/admin/rounds/new">{t("roundForm.new")}</a>
        </p>
      )}
      {data.rounds.map((round) => (
        <RoundCard key={round.id} round={round} t={t} locale={locale} link />
      ))}
    </>
  );
}
