import type { LayoutProps } from "$fresh/server.ts";
import { Nav } from "@/components/Nav.tsx";
import type { AppState } from "@/utils/state.ts";

/** The page frame: navigation, then the page. */
export default function Layout(
  { Component, state, url }: LayoutProps<unknown, AppState>,
) {
  return (
    <>
      <Nav state={state} path={url.pathname} />
      <main class="container">
        <Component />
      </main>
    </>
  );
}
