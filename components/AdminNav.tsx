import type { Translate } from "@/i18n/mod.ts";

/** The admin sections, in menu order: path and message key. */
export const ADMIN_SECTIONS = [
  ["/admin", "adminNav.dashboard"],
  ["/admin/employees", "adminNav.employees"],
  ["/admin/roster", "adminNav.roster"],
  ["/admin/kindergartens", "adminNav.kindergartens"],
  ["/admin/rounds", "adminNav.rounds"],
  ["/admin/review", "adminNav.review"],
  ["/admin/audit", "adminNav.audit"],
] as const;

/**
 * The admin area's own menu: every admin screen, the current one marked with
 * `aria-current`. A section whose screen does not exist yet is left out by the caller.
 */
export function AdminNav(
  props: { t: Translate; path: string; available?: ReadonlySet<string> },
) {
  const { t, path } = props;
  const current = ADMIN_SECTIONS
    .filter(([href]) =>
      href === "/admin" ? path === "/admin" : path.startsWith(href)
    )
    .at(-1)?.[0];
  return (
    <nav class="admin-nav" aria-label={t("adminNav.label")}>
      <ul>
        {ADMIN_SECTIONS
          .filter(([href]) => !props.available || props.available.has(href))
          .map(([href, key]) => (
            <li key={href}>
              <a
                href={href}
                aria-current={href === current ? "page" : undefined}
              >
                {t(key)}
              </a>
            </li>
          ))}
      </ul>
    </nav>
  );
}
