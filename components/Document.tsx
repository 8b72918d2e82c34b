import type { ComponentChildren } from "preact";
import { asset } from "$fresh/runtime.ts";
import type { AppState } from "@/utils/state.ts";

/**
 * The HTML document of every page: language, viewport, the default title (a page replaces it
 * with {@link PageTitle}), the icon and the stylesheet.
 */
export function Document(
  props: {
    state: Pick<AppState, "locale" | "t">;
    /** What the page is, before the app's name (pages rendered by routes use PageTitle). */
    title?: string;
    children: ComponentChildren;
  },
) {
  const { locale, t } = props.state;
  return (
    <html lang={locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>
          {props.title ? `${props.title} · ${t("app.name")}` : t("app.name")}
        </title>
        <link rel="icon" href={asset("/favicon.svg")} type="image/svg+xml" />
        <link rel="stylesheet" href={asset("/styles.css")} />
      </head>
      <body>{props.children}</body>
    </html>
  );
}
