import type { Handlers, PageProps } from "$fresh/server.ts";
import { Field } from "@/components/form/mod.ts";
import { AdminList } from "@/components/AdminList.tsx";
import { PageTitle } from "@/components/PageTitle.tsx";
import { listTitle, pageParam } from "@/components/Pager.tsx";
import {
  AUDIT_PAGE_SIZE,
  type AuditQuery,
  type AuditRow,
  searchAudit,
} from "@/domain/audit.ts";
import type { Locale, MessageKey } from "@/i18n/mod.ts";
import { hasControlCharacters } from "@/utils/form.ts";
import { formatDateTime } from "@/utils/format.ts";
import type { AppState } from "@/utils/state.ts";

const FILTERS = [
  "person",
  "action",
  "objectType",
  "objectId",
  "batchId",
  "from",
  "until",
] as const;
type Filter = typeof FILTERS[number];

const FILTER_LABELS: Record<Filter, MessageKey> = {
  person: "audit.filter.person",
  action: "audit.filter.action",
  objectType: "audit.filter.objectType",
  objectId: "audit.filter.objectId",
  batchId: "audit.filter.batchId",
  from: "audit.filter.from",
  until: "audit.filter.until",
};

interface Data {
  values: Record<Filter, string>;
  errors: Partial<Record<Filter, MessageKey>>;
  page: number;
  rows: AuditRow[];
  total: number;
  filtered: boolean;
  /** Whether the less used filters are shown (one of them is set or wrong). */
  moreOpen: boolean;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Midnight of a `YYYY-MM-DD` day in Asia/Seoul (UTC+9, no daylight saving), or null. */
function seoulMidnight(value: string, addDays = 0): Date | null {
  const m = DATE.exec(value);
  if (!m) return null;
  const utc = Date.UTC(+m[1], +m[2] - 1, +m[3] + addDays, -9);
  const check = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  if (check.getUTCMonth() !== +m[2] - 1 || +m[1] < 2000 || +m[1] > 2100) {
    return null;
  }
  return new Date(utc);
}

/** The audit log: search by person, action, object and date; newest first, with paging. */
export const handler: Handlers<Data, AppState> = {
  async GET(_req, ctx) {
    const values = Object.fromEntries(FILTERS.map((name) => {
      const raw = (ctx.url.searchParams.get(name) ?? "").slice(0, 100).trim();
      return [name, hasControlCharacters(raw) ? "" : raw];
    })) as Record<Filter, string>;
    const errors: Data["errors"] = {};
    const from = values.from ? seoulMidnight(values.from) : undefined;
    const until = values.until ? seoulMidnight(values.until, 1) : undefined;
    if (from === null) errors.from = "audit.badDate";
    if (until === null) errors.until = "audit.badDate";
    const page = pageParam(ctx.url);
    const filtered = FILTERS.some((name) => values[name] !== "");
    const moreOpen = FILTERS.slice(2).some((name) => values[name] !== "");
    if (Object.keys(errors).length) {
      return ctx.render(
        { values, errors, page, rows: [], total: 0, filtered, moreOpen },
        { status: 400 },
      );
    }
    const query: AuditQuery = {
      person: values.person,
      action: values.action,
      objectType: values.objectType,
      objectId: values.objectId,
      batchId: values.batchId,
      from: from ?? undefined,
      until: until ?? undefined,
      page,
    };
    const { rows, total } = await searchAudit(ctx.state.services.db, query);
    return ctx.render({
      values,
      errors,
      page,
      rows,
      total,
      filtered,
      moreOpen,
    });
  },
};

const ISO_TIME =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** The fields that differ between before and after, times shown in Asia/Seoul. */
function changes(
  row: AuditRow,
  locale: Locale,
): { name: string; before: string; after: string }[] {
  const obj = (v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? v as Record<string, unknown>
      : v === null || v === undefined
      ? {}
      : { value: v };
  const before = obj(row.before);
  const after = obj(row.after);
  const show = (v: unknown) =>
    v === undefined
      ? ""
      : v === null
      ? "—"
      : typeof v === "string"
      ? ISO_TIME.test(v) ? formatDateTime(new Date(v), locale) : v
      : JSON.stringify(v);
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return names
    .filter((n) => JSON.stringify(before[n]) !== JSON.stringify(after[n]))
    .map((name) => ({
      name,
      before: show(before[name]),
      after: show(after[name]),
    }));
}

export default function AuditPage(
  { data, state, url }: PageProps<Data, AppState>,
) {
  const { t, locale } = state;
  const field = (name: Filter, hint?: MessageKey) => (
    <Field
      name={name}
      label={t(FILTER_LABELS[name])}
      hint={hint ? t(hint) : undefined}
      value={data.values[name]}
      error={data.errors[name] ? t(data.errors[name]!) : undefined}
      maxLength={100}
      type={name === "from" || name === "until" ? "date" : "text"}
    />
  );
  return (
    <>
      <PageTitle
        title={listTitle(t, {
          title: t("audit.title"),
          filters: FILTERS.filter((name) => data.values[name]).map((name) =>
            `${t(FILTER_LABELS[name])} ${data.values[name]}`
          ),
          page: data.page,
        })}
        t={t}
      />
      <h1>{t("audit.title")}</h1>
      <p>{t("audit.intro")}</p>
      <form method="get" action="/admin/audit" class="form" role="search">
        {field("person", "audit.filter.personHint")}
        {field("action", "audit.filter.actionHint")}
        <details open={data.moreOpen}>
          <summary>{t("audit.filter.more")}</summary>
          {field("objectType", "audit.filter.objectTypeHint")}
          {field("objectId")}
          {field("batchId")}
          {field("from", "audit.filter.fromHint")}
          {field("until", "audit.filter.untilHint")}
        </details>
        <div class="row">
          <button type="submit">{t("audit.filter.submit")}</button>
          {data.filtered && <a href="/admin/audit">{t("audit.filter.clear")}
          </a>}
        </div>
      </form>
      <AdminList
        t={t}
        url={url}
        page={data.page}
        total={data.total}
        pageSize={AUDIT_PAGE_SIZE}
        empty={data.filtered ? t("audit.noMatch") : t("audit.empty")}
        caption={`${t("audit.caption")} · ${
          t("audit.count", { total: data.total })
        }`}
        headers={[
          t("audit.col.at"),
          t("audit.col.actor"),
          t("audit.col.action"),
          t("audit.col.object"),
          t("audit.col.change"),
        ]}
      >
        {data.rows.map((row) => (
          <tr key={row.id}>
            <td>{formatDateTime(row.at, locale)}</td>
            <td>
              {row.actorLogin
                ? `${row.actorName} (${row.actorLogin})`
                : t("audit.system")}
            </td>
            <td>
              <code>{row.action}</code>
              {row.batchId && (
                <>
                  {" "}
                  <a
                    href={`/admin/audit?batchId=${
                      encodeURIComponent(row.batchId)
                    }`}
                  >
                    {t("audit.batch")}
                  </a>
                </>
              )}
            </td>
            <td>
              {row.objectType === "account" && row.objectId
                ? (
                  <a href={`/admin/employees/${row.objectId}`}>
                    <code>account #{row.objectId}</code>
                  </a>
                )
                : (
                  <code>
                    {row.objectType}
                    {row.objectId !== null && ` #${row.objectId}`}
                  </code>
                )}
            </td>
            <td>
              <ul class="changes">
                {changes(row, locale).map((c) => (
                  <li key={c.name}>
                    <strong>{c.name}</strong>: {c.before && (
                      <del>
                        {c.before}
                      </del>
                    )} {c.before && c.after && "→ "}
                    {c.after && <ins>{c.after}</ins>}
                  </li>
                ))}
              </ul>
            </td>
          </tr>
        ))}
      </AdminList>
    </>
  );
}
