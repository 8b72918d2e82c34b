import type { Handlers, PageProps } from "$fresh/server.ts";
import { AdminList } from "@/components/AdminList.tsx";
import { Select } from "@/components/form/mod.ts";
import { PageTitle } from "@/components/PageTitle.tsx";
import { listTitle, pageParam } from "@/components/Pager.tsx";
import {
  type DuplicateChild,
  duplicateChildren,
} from "@/domain/applications.ts";
import {
  type Competition,
  QUEUE_FACTORS,
  QUEUE_STATUSES,
  type QueueFactor,
  type QueueRow,
  type QueueStatus,
  REVIEW_PAGE_SIZE,
  reviewQueue,
  roundCompetition,
} from "@/domain/review.ts";
import { allRounds, type RoundSummary } from "@/domain/rounds.ts";
import type { MessageKey } from "@/i18n/mod.ts";
import { formatDateTime } from "@/utils/format.ts";
import { parseId } from "@/utils/http.ts";
import type { AppState } from "@/utils/state.ts";

interface Data {
  rounds: RoundSummary[];
  round: RoundSummary | null;
  recruitmentId: number | null;
  status: QueueStatus;
  factor: QueueFactor | null;
  page: number;
  rows: QueueRow[];
  total: number;
  classes: Competition[];
  duplicates: DuplicateChild[];
}

function oneOf<V extends string>(
  values: readonly V[],
  raw: string | null,
): V | null {
  return (values as readonly string[]).includes(raw ?? "") ? raw as V : null;
}

/**
 * The review queue: submitted applications, oldest submission first, filtered by round, class,
 * status and declared factor; children named in two applications first; each class's
 * competition for the round.
 */
export const handler: Handlers<Data, AppState> = {
  async GET(_req, ctx) {
    const db = ctx.state.services.db;
    const params = ctx.url.searchParams;
    const rounds = (await allRounds(db)).filter((r) => r.status !== "draft");
    const asked = parseId(params.get("round") ?? undefined);
    const round = rounds.find((r) => r.id === asked) ?? rounds[0] ?? null;
    const classes = round ? await roundCompetition(db, round.id) : [];
    const askedClass = parseId(params.get("class") ?? undefined);
    const recruitmentId = classes.some((c) => c.id === askedClass)
      ? askedClass
      : null;
    const status = oneOf(QUEUE_STATUSES, params.get("status")) ?? "waiting";
    const factor = oneOf(QUEUE_FACTORS, params.get("factor"));
    const page = pageParam(ctx.url);
    const { rows, total } = round
      ? await reviewQueue(db, {
        roundId: round.id,
        recruitmentId,
        status,
        factor,
        page,
      })
      : { rows: [], total: 0 };
    const duplicates = round ? await duplicateChildren(db, round.id) : [];
    return ctx.render({
      rounds,
      round,
      recruitmentId,
      status,
      factor,
      page,
      rows,
      total,
      classes,
      duplicates,
    });
  },
};

export default function ReviewQueuePage(
  { data, state, url }: PageProps<Data, AppState>,
) {
  const { t, locale } = state;
  const { round } = data;
  const classLabel = (c: Competition) =>
    `${c.kindergarten} · ${t("round.classAge", { age: c.classAge })}`;
  const filters = [
    data.recruitmentId !== null
      ? classLabel(data.classes.find((c) => c.id === data.recruitmentId)!)
      : "",
    data.status !== "waiting"
      ? t(`review.queue.status.${data.status}` as MessageKey)
      : "",
    data.factor ? t(`review.factor.${data.factor}` as MessageKey) : "",
  ].filter(Boolean);
  return (
    <>
      <PageTitle
        title={listTitle(t, {
          title: t("review.queue.title"),
          filters: [round?.name ?? "", ...filters].filter(Boolean),
          page: data.page,
        })}
        t={t}
      />
      <h1>{t("review.queue.title")}</h1>
      <p>{t("review.queue.intro")}</p>
      {round && (
        <p class="row">
          <a href={`/admin/rounds/${round.id}`}>{round.name}</a>
          <a href={`/admin/rounds/${round.id}/freeze`}>
            {["frozen", "drawn", "closed"].includes(round.status)
              ? t("freeze.linkFrozen")
              : t("freeze.link")}
          </a>
        </p>
      )}
      {!round && <p class="notice">{t("review.queue.noRounds")}</p>}
      {round && data.duplicates.length > 0 && (
        <section class="card notice" aria-labelledby="dupes-title">
          <h2 id="dupes-title">{t("dupe.title")}</h2>
          <p>{t("dupe.hint")}</p>
          <ul>
            {data.duplicates.map((d) => (
              <li key={`${d.name}-${d.birthDate}`}>
                {t("dupe.child", { name: d.name, birthDate: d.birthDate })}
                {": "}
                {d.applicationIds.map((id, i) => (
                  <span key={id}>
                    {i > 0 && ", "}
                    <a href={`/admin/review/${id}`}>
                      {t("review.queue.applicationNo", { id })}
                    </a>
                  </span>
                ))}
              </li>
            ))}
          </ul>
          <p>
            <a href={`/admin/review/duplicates?round=${round.id}`}>
              {t("dupe.resolveLink")}
            </a>
          </p>
        </section>
      )}
      {round && (
        <form method="get" action="/admin/review" class="form" role="search">
          <Select
            name="round"
            label={t("review.filter.round")}
            value={String(round.id)}
            options={data.rounds.map((r) => ({
              value: String(r.id),
              label: r.name,
            }))}
          />
          <Select
            name="class"
            label={t("review.filter.class")}
            value={data.recruitmentId === null
              ? ""
              : String(data.recruitmentId)}
            placeholder={t("review.filter.anyClass")}
            options={data.classes.map((c) => ({
              value: String(c.id),
              label: classLabel(c),
            }))}
          />
          <Select
            name="status"
            label={t("review.filter.status")}
            value={data.status}
            options={QUEUE_STATUSES.map((s) => ({
              value: s,
              label: t(`review.queue.status.${s}` as MessageKey),
            }))}
          />
          <Select
            name="factor"
            label={t("review.filter.factor")}
            value={data.factor ?? ""}
            placeholder={t("review.filter.anyFactor")}
            options={QUEUE_FACTORS.map((f) => ({
              value: f,
              label: t(`review.factor.${f}` as MessageKey),
            }))}
          />
          <div class="row">
            <button type="submit">{t("review.filter.submit")}</button>
            {filters.length > 0 && (
              <a
                href={round.id === data.rounds[0]?.id
                  ? "/admin/review"
                  : `/admin/review?round=${round.id}`}
              >
                {t("review.filter.clear")}
              </a>
            )}
          </div>
        </form>
      )}
      {round && (
        <AdminList
          t={t}
          url={url}
          page={data.page}
          total={data.total}
          pageSize={REVIEW_PAGE_SIZE}
          empty={filters.length
            ? t("review.queue.noMatch")
            : t("review.queue.empty")}
          caption={`${t("review.queue.caption", { round: round.name })} · ${
            t("review.queue.count", { total: data.total })
          }`}
          headers={[
            t("review.col.application"),
            t("review.col.submitted"),
            t("review.col.family"),
            t("review.col.status"),
            t("review.col.documents"),
          ]}
        >
          {data.rows.map((row) => (
            <tr key={row.id}>
              <td>
                <a href={`/admin/review/${row.id}`}>
                  {t("review.queue.applicationNo", { id: row.id })}
                </a>
              </td>
              <td>{formatDateTime(row.submittedAt, locale)}</td>
              <td>
                {row.filedBy}
                {row.children && (
                  <span class="hint">
                    {" · "}
                    {row.children}
                  </span>
                )}
              </td>
              <td>
                {t(`apply.status.${row.status}` as MessageKey)}
                {row.correction && (
                  <span class="hint">
                    {" · "}
                    {t("review.queue.correctionOpen")}
                  </span>
                )}
              </td>
              <td>
                {t("review.queue.docCounts", {
                  documents: row.documents,
                  pending: row.pending,
                  rejected: row.rejected,
                })}
              </td>
            </tr>
          ))}
        </AdminList>
      )}
      {round && data.classes.length > 0 && (
        <section aria-labelledby="competition-title">
          <h2 id="competition-title">{t("review.competition.title")}</h2>
          <p class="hint">{t("review.competition.hint")}</p>
          <div
            class="table-scroll"
            tabIndex={0}
            role="region"
            aria-labelledby="competition-title"
          >
            <table class="table">
              <caption>
                {t("review.competition.caption", { round: round.name })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t("review.competition.class")}</th>
                  <th scope="col">{t("review.competition.seats")}</th>
                  <th scope="col">{t("review.competition.applicants")}</th>
                  <th scope="col">{t("review.competition.ratio")}</th>
                </tr>
              </thead>
              <tbody>
                {data.classes.map((c) => (
                  <tr key={c.id}>
                    <th scope="row">{classLabel(c)}</th>
                    <td>{c.seats}</td>
                    <td>{c.applicants}</td>
                    <td>
                      {c.seats > 0
                        ? t("review.competition.perSeat", {
                          ratio: (c.applicants / c.seats).toFixed(2),
                        })
                        : t("review.competition.noSeats")}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </>
  );
}
