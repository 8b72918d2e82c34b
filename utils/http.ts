/**
 * Small response helpers shared by routes.
 *
 * @module
 */
import type { AppState } from "./app.ts";

/** A 303 redirect (after a POST, so a reload does not resubmit). */
export function redirect(
  location: string,
  status = 303,
  headers?: Headers,
): Response {
  const h = headers ?? new Headers();
  h.set("location", location);
  return new Response(null, { status, headers: h });
}

/** Only same-site relative paths are followed after sign-in. */
export function safeNext(value: unknown): string {
  return typeof value === "string" && /^\/(?![/\\])[^\s]*$/.test(value)
    ? value
    : "/";
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A small self-contained error page in the user's language (no layout, no script). */
export function errorPage(
  state: Partial<AppState>,
  status: number,
  message: string,
): Response {
  const home = state.t ? state.t("error.back") : "Home";
  const lang = state.locale ?? "ko";
  const body =
    `<!DOCTYPE html><html lang="${lang}"><head><meta charset="utf-8"><title>${status}</title>` +
    `<link rel="stylesheet" href="/styles.css"></head><body><main class="container narrow"><h1>${status}</h1>` +
    `<p class="error" role="alert">${escapeHtml(message)}</p><p><a href="/">${
      escapeHtml(home)
    }</a></p></main></body></html>`;
  return new Response(body, {
    status,
    headers: { "content-type": "text/html; charset=utf-8" },
  });
}
