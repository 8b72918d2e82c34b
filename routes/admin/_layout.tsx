import type { LayoutProps } from "$fresh/server.ts";
import { ADMIN_SECTIONS, AdminNav } from "@/components/AdminNav.tsx";
import manifest from "@/fresh.gen.ts";
import type { AppState } from "@/utils/state.ts";

let available: Set<string> | undefined;

/**
 * The admin sections whose index page exists, so a section appears in the menu once it is
 * built. Read on first use: the manifest imports this module, so it is not ready at load.
 */
function availableSections(): Set<string> {
  available ??= new Set(
    ADMIN_SECTIONS.map(([href]) => href).filter((href) =>
      `./routes${href === "/admin" ? "/admin" : href}/index.tsx` in
        manifest.routes
    ),
  );
  return available;
}

/** Every admin page: the admin menu above the page. */
export default function AdminLayout(
  { Component, state, url }: LayoutProps<unknown, AppState>,
) {
  return (
    <div class="admin">
      <AdminNav
        t={state.t}
        path={url.pathname}
        available={availableSections()}
      />
      <Component />
    </div>
  );
}
