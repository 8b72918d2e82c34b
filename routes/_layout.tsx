import type { LayoutProps } from "$fresh/server.ts";
import { Frame } from "@/components/Frame.tsx";
import type { AppState } from "@/utils/state.ts";

/** The page frame: navigation, then the page. */
export default function Layout(
  { Component, state, url }: LayoutProps<unknown, AppState>,
) {
  return (
    <Frame state={state} url={url}>
      <Component />
    </Frame>
  );
}
