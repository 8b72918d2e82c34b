import type { AppProps } from "$fresh/server.ts";
import { asset } from "$fresh/runtime.ts";
import type { AppState } from "@/utils/state.ts";

/** The HTML shell of every page. */
export default function App(
  { Component, state }: AppProps<unknown, AppState>,
) {
  const lang = state.locale;
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{state.t("app.name")}</title>
        <link rel="icon" href={asset("/favicon.svg")} type="image/svg+xml" />
        <link rel="stylesheet" href={asset("/styles.css")} />
      </head>
      <body>
        <Component />
      </body>
    </html>
  );
}
