import type { JSX } from "preact";
import type { Translate } from "@/i18n/mod.ts";

/** Props of {@link Pager}. */
export interface PagerProps {
  t: Translate;
  /** The current page, from 1. */
  page: number;
  /** How many rows match in all. */
  total: number;
  /** Rows per page. */
  pageSize: number;
  /** The current URL; the pager keeps its query and sets `page`. */
  url: URL;
}

/** Previous / next links and "page N of M", as plain links (no JavaScript). */
export function Pager(props: PagerProps): JSX.Element | null {
  const { t, page, url } = props;
  const pages = Math.max(1, Math.ceil(props.total / props.pageSize));
  if (pages <= 1 && page <= 1) return null;
  const href = (n: number) => {
    const next = new URL(url);
    next.searchParams.set("page", String(n));
    next.searchParams.delete("done");
    return `${next.pathname}${next.search}`;
  };
  return (
    <nav class="row pager" aria-label={t("people.pager.label")}>
      {page > 1 && (
        <a href={href(Math.min(page - 1, pages))} rel="prev">
          {t("people.pager.prev")}
        </a>
      )}
      <span aria-current="page">
        {t("people.pager.status", { page, pages })}
      </span>
      {page < pages && (
        <a href={href(page + 1)} rel="next">{t("people.pager.next")}</a>
      )}
    </nav>
  );
}

/** The `page` query parameter as a page number from 1 (bad values give 1). */
export function pageParam(url: URL): number {
  const n = Number(url.searchParams.get("page"));
  return Number.isInteger(n) && n >= 1 && n <= 100_000 ? n : 1;
}

/**
 * A list page's own title: its name, what it is filtered on, and the page number past the
 * first, so that every page of a search has a title of its own.
 */
export function listTitle(
  t: Translate,
  options: { title: string; filters: string[]; page: number },
): string {
  const filtered = options.filters.length
    ? `${options.title}: ${options.filters.join(", ")}`
    : options.title;
  return options.page > 1
    ? t("people.pager.titlePage", { title: filtered, page: options.page })
    : filtered;
}
