/**
 * Small request and response helpers shared by routes.
 *
 * @module
 */
import { PayloadTooLargeError } from "./errors.ts";
import type { AppState } from "./state.ts";

/**
 * Paths that need no locale, session or CSRF work: probes, metrics and island bundles.
 *
 * @example
 * ```ts
 * isInfrastructure("/healthz/ready"); // true
 * isInfrastructure("/rounds/1"); // false
 * ```
 */
export function isInfrastructure(pathname: string): boolean {
  return pathname.startsWith("/healthz/") || pathname === "/metrics" ||
    pathname.startsWith("/_frsh/");
}

/**
 * A numeric id from a URL: only the canonical spelling (`^[1-9][0-9]*$`, a safe integer), so
 * `01`, `1e0`, `0x1` and `+1` are not aliases of `1`; null otherwise.
 *
 * @example
 * ```ts
 * parseId("42"); // 42
 * parseId("042"); // null
 * ```
 */
export function parseId(value: string | undefined): number | null {
  if (!value || !/^[1-9][0-9]{0,15}$/.test(value)) return null;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : null;
}

const SAFE_LOCATION = /^[\x21-\x7e]+$/;
/** A same-origin path: one slash, then anything but a second slash or a backslash. */
const LOCAL_PATH = /^\/(?![/\\])/;

/**
 * A 303 redirect (after a POST, so a reload does not resubmit). A location that is not plain
 * printable ASCII becomes `/`: a control byte in a header would abort the response.
 *
 * @example
 * ```ts
 * return redirect("/rounds/1?done=saved"); // 303
 * ```
 */
export function redirect(
  location: string,
  status = 303,
  headers?: Headers,
): Response {
  const h = headers ?? new Headers();
  const local = !location.startsWith("/") || LOCAL_PATH.test(location);
  h.set(
    "location",
    local && SAFE_LOCATION.test(location) ? location : "/",
  );
  return new Response(null, { status, headers: h });
}

/**
 * The page to go to after a form: only a same-origin path, rebuilt through the URL parser (so
 * it comes back percent-encoded); anything else gives `/`.
 *
 * @example
 * ```ts
 * safeNext("/rounds/1"); // "/rounds/1"
 * safeNext("/.//evil.example"); // "/"
 * ```
 */
export function safeNext(value: unknown): string {
  if (typeof value !== "string" || !LOCAL_PATH.test(value)) return "/";
  try {
    const base = "http://kic.invalid";
    const url = new URL(value, base);
    if (url.origin !== base) return "/";
    const path = url.pathname + url.search + url.hash;
    // Check what is returned, not what came in: the parser resolves "/.//x" to "//x".
    return LOCAL_PATH.test(path) && SAFE_LOCATION.test(path) ? path : "/";
  } catch {
    return "/";
  }
}

/**
 * The text fields of the form the CSRF middleware read, as a plain record (first value of
 * each); null when the body is not a well-formed form (the caller answers 400, never 500).
 * A body over the cap throws {@link PayloadTooLargeError}: only upload routes, which read
 * `state.form` themselves, re-render their form for it.
 *
 * @example
 * ```ts
 * const form = readForm(ctx.state);
 * if (!form) return ctx.render({ error: t("form.error.malformed") }, { status: 400 });
 * ```
 */
export function readForm(
  state: Pick<AppState, "form">,
): Record<string, string> | null {
  const body = state.form;
  if (body?.tooLarge) throw new PayloadTooLargeError();
  if (!body || body.malformed) return null;
  const out: Record<string, string> = {};
  for (const [name, values] of body.fields) out[name] = values[0];
  return out;
}
