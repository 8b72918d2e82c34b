import type { Handlers, PageProps } from "$fresh/server.ts";
import { PageTitle } from "@/components/PageTitle.tsx";
import { Done } from "@/components/setup/Done.tsx";
import { listRounds, type RoundListItem } from "@/domain/round_setup.ts";
import type { MessageKey } from "@/i18n/mod.ts";
import { formatDateTime } from "@/utils/format.ts";
import { parseId } from "@/utils/http.ts";
import type { AppState } from "@/utils/state.ts";

const PAGE_SIZE = 20;

interface Data {
  items: RoundListItem[];
  total: number;
  page: number;
  q: string;
}

/** The admin's list of rounds, newest first, paged. */
export const handler: Handlers<Data, AppState> = {
  async GET(req, ctx) {
    const params = new URL(req.url).searchParams;
    const page = parseId(params.get("page") ?? "1") ?? 1;
    // deno-lint-ignore no-control-regex -- a search term never needs control characters
    const q = (params.get("q") ?? "").replace(/[\u0000-\u001f\u007f]/g, "")
      .trim()
      .slice(0, 100);
    const { items, total } = await listRounds(ctx.state.services.db, {
      page,
      pageSize: PAGE_SIZE,
      q,
    });
    return ctx.render({ items, total, page, q });
  },
};

export default function RoundsPage(
  { data, state, url }: PageProps<Data, AppState>,
) {
  const { t, locale } = state;
  const pages = Math.max(1, Math.ceil(data.total / PAGE_SIZE));
  return (
    <>
      <PageTitle title={t("roundForm.title")} t={t} />
      <h1>{t("roundForm.title")}</h1>
      <Done t={t} url={url} />
      <p>{t("roundForm.intro")}</p>
      <p>
        <a class="button" href="/admin/rounds/new">{t("roundForm.new")}</a>
      </p>
      <form method="get" action="/admin/rounds" class="row" role="search">
        <label for="round-search">
          {t("roundForm.search")}
        </label>
        <input
          id="round-search"
          type="search"
          name="q"
          value={data.q}
          maxLength={100}
          placeholder={t("roundForm.search")}
        />
        <button type="submit" class="secondary">
          {t("roundForm.searchButton")}
        </button>
      </form>
      {data.items.length === 0
        ? (
          <p class="notice">
            {data.q
              ? t("roundForm.noMatch", { q: data.q })
              : t("roundForm.empty")}
          </p>
        )
        : (
          <div class="table-scroll">
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">{t("roundForm.listName")}</th>
                  <th scope="col">{t("roundForm.enrolmentYear")}</th>
                  <th scope="col">{t("roundForm.listStatus")}</th>
                  <th scope="col">{t("roundForm.listOpens")}</th>
                  <th scope="col">{t("roundForm.listRecruitments")}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((r) => (
                  <tr key={r.id}>
                    <td>
                      <a href={`/admin/rounds/${r.id}`}>{r.name}</a>
                    </td>
                    <td>{r.enrolmentYear}</td>
                    <td>
                      {t(`roundForm.status.${r.status}` as MessageKey)}
                    </td>
                    <td>{formatDateTime(r.applicationsOpenAt, locale)}</td>
                    <td>{r.recruitments}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      {pages > 1 && (
        <nav class="row" aria-label={t("roundForm.title")}>
          {data.page > 1 && (
            <a
              href={`/admin/rounds?${new URLSearchParams({
                q: data.q,
                page: String(data.page - 1),
              })}`}
            >
              {t("setup.prev")}
            </a>
          )}
          <span>{t("setup.page", { page: data.page, pages })}</span>
          {data.page < pages && (
            <a
              href={`/admin/rounds?${new URLSearchParams({
                q: data.q,
                page: String(data.page + 1),
              })}`}
            >
              {t("setup.next")}
            </a>
          )}
        </nav>
      )}
    </>
  );
}
