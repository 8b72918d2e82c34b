/**
 * Minimal cookie parsing and serialising (std/http is on JSR, which this project cannot reach).
 *
 * @module
 */

/**
 * Parses the Cookie header into a name → value map (first occurrence wins).
 *
 * @example
 * ```ts
 * getCookies(new Headers({ cookie: "lang=en; a=1" })); // { lang: "en", a: "1" }
 * ```
 */
export function getCookies(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (headers.get("cookie") ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq < 1) continue;
    const name = part.slice(0, eq).trim();
    if (!(name in out)) {
      try {
        out[name] = decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        out[name] = part.slice(eq + 1).trim();
      }
    }
  }
  return out;
}

/** Options of a Set-Cookie header. */
export interface CookieOptions {
  /** Lifetime in seconds (a session cookie when absent). */
  maxAge?: number;
  /** Hidden from scripts. */
  httpOnly?: boolean;
  /** Sent over HTTPS only. */
  secure?: boolean;
  /** Cross-site sending (default Lax). */
  sameSite?: "Lax" | "Strict";
  /** Path scope (default `/`). */
  path?: string;
}

/**
 * Appends a Set-Cookie header. Path defaults to `/`, SameSite to Lax.
 *
 * @example
 * ```ts
 * setCookie(headers, "lang", "en", { maxAge: 86400, secure: true });
 * ```
 */
export function setCookie(
  headers: Headers,
  name: string,
  value: string,
  opts: CookieOptions = {},
): void {
  const parts = [
    `${name}=${encodeURIComponent(value)}`,
    `Path=${opts.path ?? "/"}`,
    `SameSite=${opts.sameSite ?? "Lax"}`,
  ];
  if (opts.maxAge !== undefined) {
    parts.push(`Max-Age=${Math.floor(opts.maxAge)}`);
  }
  if (opts.httpOnly) parts.push("HttpOnly");
  if (opts.secure) parts.push("Secure");
  headers.append("set-cookie", parts.join("; "));
}

/**
 * Appends a Set-Cookie header that removes the cookie.
 *
 * @example
 * ```ts
 * deleteCookie(headers, "lang");
 * ```
 */
export function deleteCookie(
  headers: Headers,
  name: string,
  secure = false,
): void {
  setCookie(headers, name, "", { maxAge: 0, httpOnly: true, secure });
}
