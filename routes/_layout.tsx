import type { PageProps } from "$fresh/server.ts";
import { Nav } from "../components/Nav.tsx";
import type { AppState } from "../utils/app.ts";

/** The page frame: navigation, then the page. */
export default function Layout({ Component, state, url }: PageProps<unknown, AppState>) {
  return (
    <>
      {state.t && <Nav state={state} path={url.pathname} />}
      <main class="container">
        <Component />
      </main>
    </>
  );
}
