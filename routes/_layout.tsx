import type { LayoutProps } from "$fresh/server.ts";
import { Nav } from "@/components/Nav.tsx";
import type { AppState } from "@/utils/app.ts";

/** The page frame: navigation, then the page. */
export default function Layout(
  { Component, state, url }: LayoutProps<unknown, Partial<AppState>>,
) {
  return (
    <>
      {state.t && <Nav state={state as AppState} path={url.pathname} />}
      <main class="container">
        <Component />
      </main>
    </>
  );
}
