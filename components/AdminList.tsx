import type { ComponentChildren, JSX } from "preact";
import { Pager } from "@/components/Pager.tsx";
import type { Translate } from "@/i18n/mod.ts";

/** Props of {@link AdminList}. */
export interface AdminListProps {
  t: Translate;
  /** The page's URL (the pager keeps its query). */
  url: URL;
  /** The current page, from 1. */
  page: number;
  /** How many rows match in all. */
  total: number;
  /** Rows per page. */
  pageSize: number;
  /** What to say when nothing matches: why, and what to do next. */
  empty: string;
  /** What the table is; the count is added. */
  caption: string;
  /** The column headers. */
  headers: string[];
  /** The rows (`<tr>`). */
  children: ComponentChildren;
}

/**
 * A paged list of the admin screens: an empty state that explains itself, or a table with a
 * caption, column headers and a pager. The table scrolls sideways on a phone instead of
 * squeezing the columns.
 */
export function AdminList(props: AdminListProps): JSX.Element {
  if (props.total === 0 && props.page === 1) {
    return <p class="notice">{props.empty}</p>;
  }
  return (
    <>
      {/* Focusable, so a keyboard can scroll a table wider than a phone. */}
      <div
        class="table-scroll"
        tabIndex={0}
        role="region"
        aria-label={props.caption}
      >
        <table class="table">
          <caption>{props.caption}</caption>
          <thead>
            <tr>
              {props.headers.map((h) => <th key={h} scope="col">{h}</th>)}
            </tr>
          </thead>
          <tbody>{props.children}</tbody>
        </table>
      </div>
      <Pager
        t={props.t}
        page={props.page}
        total={props.total}
        pageSize={props.pageSize}
        url={props.url}
      />
    </>
  );
}
