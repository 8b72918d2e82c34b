import type { ComponentChildren } from "preact";
import type { AppState } from "@/utils/state.ts";
import { Nav } from "./Nav.tsx";

/** The page frame: navigation, then the page's own content in `<main>`. */
export function Frame(
  props: { state: AppState; url: URL; children: ComponentChildren },
) {
  return (
    <>
      <Nav state={props.state} url={props.url} />
      <main class="container" id="main">{props.children}</main>
    </>
  );
}
