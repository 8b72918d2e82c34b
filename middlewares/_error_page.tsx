/**
 * Error pages (403, 413, CSRF, 500) in the normal layout, with the navigation and the
 * viewport, so they read on a phone and a stale form can be fetched again from the menu.
 *
 * @module
 */
import type { FreshContext } from "$fresh/server.ts";
import { renderToString } from "preact-render-to-string";
import { Document } from "@/components/Document.tsx";
import { Frame } from "@/components/Frame.tsx";
import type { AppState } from "@/utils/state.ts";

/** A full HTML error page in the user's language, with status `status`. */
export function errorPage(
  ctx: Pick<FreshContext<AppState>, "state" | "url">,
  status: number,
  message: string,
): Response {
  const { t } = ctx.state;
  const html = renderToString(
    <Document state={ctx.state} title={t("error.title", { status })}>
      <Frame state={ctx.state} url={ctx.url}>
        <section class="card narrow">
          <h1>{t("error.title", { status })}</h1>
          <p class="error" role="alert">{message}</p>
          <p>
            <a href="/">{t("error.back")}</a>
          </p>
        </section>
      </Frame>
    </Document>,
  );
  return new Response("<!DOCTYPE html>" + html, {
    status,
    headers: { "content-type": "text/html; charset=utf-8" },
  });
}
