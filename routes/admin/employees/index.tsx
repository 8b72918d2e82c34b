import type { Handlers, PageProps } from "$fresh/server.ts";
import { AdminList } from "@/components/AdminList.tsx";
import { PageTitle } from "@/components/PageTitle.tsx";
import { listTitle, pageParam } from "@/components/Pager.tsx";
import { DoneNotice, EMPLOYEE_DONE } from "@/components/DoneNotice.tsx";
import {
  type Employee,
  EMPLOYEE_PAGE_SIZE,
  searchEmployees,
} from "@/domain/employees.ts";
import { hasControlCharacters } from "@/utils/form.ts";
import type { AppState } from "@/utils/state.ts";

interface Data {
  query: string;
  page: number;
  rows: Employee[];
  total: number;
}

/** The employee list: search by name, account id, employee number or department, with paging. */
export const handler: Handlers<Data, AppState> = {
  async GET(_req, ctx) {
    const raw = (ctx.url.searchParams.get("q") ?? "").slice(0, 100);
    const query = hasControlCharacters(raw) ? "" : raw.trim();
    const page = pageParam(ctx.url);
    const { rows, total } = await searchEmployees(ctx.state.services.db, {
      query,
      page,
    });
    return ctx.render({ query, page, rows, total });
  },
};

export default function EmployeesPage(
  { data, state, url }: PageProps<Data, AppState>,
) {
  const { t } = state;
  return (
    <>
      <PageTitle
        title={listTitle(t, {
          title: t("people.list.title"),
          filters: data.query ? [`'${data.query}'`] : [],
          page: data.page,
        })}
        t={t}
      />
      <h1>{t("people.list.title")}</h1>
      <DoneNotice t={t} url={url} messages={EMPLOYEE_DONE} />
      <p>{t("people.list.intro")}</p>
      <p>
        <a class="button" href="/admin/employees/new">
          {t("people.list.new")}
        </a>
      </p>
      <form method="get" action="/admin/employees" class="form" role="search">
        <div class="field">
          <label for="q">{t("people.list.searchLabel")}</label>
          <p class="hint" id="q-hint">{t("people.list.searchHint")}</p>
          <input
            id="q"
            name="q"
            type="search"
            value={data.query}
            maxLength={100}
            aria-describedby="q-hint"
          />
        </div>
        <div class="row">
          <button type="submit">{t("people.list.search")}</button>
          {data.query && <a href="/admin/employees">{t("people.list.clear")}
          </a>}
        </div>
      </form>
      <AdminList
        t={t}
        url={url}
        page={data.page}
        total={data.total}
        pageSize={EMPLOYEE_PAGE_SIZE}
        empty={data.query
          ? t("people.list.noMatch", { query: data.query })
          : t("people.list.empty")}
        caption={`${t("people.list.caption")} · ${
          t("people.list.count", { total: data.total })
        }`}
        headers={[
          t("people.col.name"),
          t("people.col.login"),
          t("people.col.employeeNo"),
          t("people.col.department"),
          t("people.col.role"),
          t("people.col.status"),
        ]}
      >
        {data.rows.map((e) => (
          <tr key={e.id}>
            <td>
              <a href={`/admin/employees/${e.id}`}>{e.nameKo}</a>
            </td>
            <td>{e.login}</td>
            <td>{e.employeeNo}</td>
            <td>{e.department}</td>
            <td>{t(`people.role.${e.role}`)}</td>
            <td>
              {e.disabledAt
                ? t("people.status.disabled")
                : e.hasPassword
                ? t("people.status.active")
                : t("people.status.noPassword")}
            </td>
          </tr>
        ))}
      </AdminList>
    </>
  );
}
