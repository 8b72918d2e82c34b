/**
 * Security headers and CSRF checks.
 *
 * CSRF: every state-changing request must carry the form field `_csrf` (or the header
 * `x-csrf-token`) equal to the session's token, or, before sign-in, to the `kic_csrf` cookie
 * (a double submit). When the browser sends Origin, it must be our own origin: behind a
 * TLS-terminating ingress that is PUBLIC_ORIGIN (or the forwarded scheme and host when
 * TRUST_PROXY is set), since the request URL itself says http://.
 *
 * @module
 */
import { safeEqualText } from "@/services/encoding.ts";

/** Methods that never change state. */
export const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The origin the browser sees for this request.
 *
 * @example
 * ```ts
 * expectedOrigin(req, "https://kic.example.com", false); // "https://kic.example.com"
 * ```
 */
export function expectedOrigin(
  req: Request,
  publicOrigin: string | undefined,
  trustProxy: boolean,
): string {
  if (publicOrigin) return new URL(publicOrigin).origin;
  const url = new URL(req.url);
  if (trustProxy) {
    const proto = req.headers.get("x-forwarded-proto")?.split(",")[0].trim();
    const host = req.headers.get("x-forwarded-host")?.split(",")[0].trim();
    if (proto && host) return `${proto}://${host}`;
  }
  return url.origin;
}

/**
 * Checks Origin (when sent) and Sec-Fetch-Site against our origin.
 *
 * @example
 * ```ts
 * originAllowed(req, "https://kic.example.com"); // false for a foreign Origin
 * ```
 */
export function originAllowed(req: Request, expected: string): boolean {
  const origin = req.headers.get("origin");
  if (origin !== null) return origin === expected;
  const site = req.headers.get("sec-fetch-site");
  return site === null || site === "same-origin" || site === "none";
}

/** The largest request body accepted (a 10 MB document plus the multipart framing). */
export const MAX_BODY_BYTES = 11 * 1024 * 1024;

/**
 * Checks the size of a state-changing request before anything reads it: 411 without a
 * Content-Length (a chunked body of unknown size), 413 above {@link MAX_BODY_BYTES}, else null.
 *
 * @example
 * ```ts
 * const problem = bodySizeProblem(req); // 411, 413 or null
 * ```
 */
export function bodySizeProblem(req: Request): 411 | 413 | null {
  if (!req.body) return null;
  const length = req.headers.get("content-length");
  if (length === null) return 411;
  const n = Number(length);
  return Number.isSafeInteger(n) && n >= 0 && n <= MAX_BODY_BYTES ? null : 413;
}

/**
 * True when the submitted token matches the expected one.
 *
 * @example
 * ```ts
 * tokenMatches(submitted, session.csrfToken); // constant-time comparison
 * ```
 */
export function tokenMatches(
  submitted: string | null,
  expected: string | null,
): boolean {
  return !!submitted && !!expected && safeEqualText(submitted, expected);
}

/**
 * Sets the security headers on a response, with the CSP nonce of the page's boot script. A
 * route that set its own (stricter) CSP keeps it.
 *
 * @example
 * ```ts
 * applySecurityHeaders(response.headers, ctx.nonce, true);
 * ```
 */
export function applySecurityHeaders(
  headers: Headers,
  nonce: string,
  production: boolean,
): void {
  if (!headers.has("content-security-policy")) {
    headers.set(
      "content-security-policy",
      [
        "default-src 'self'",
        `script-src 'self' 'nonce-${nonce}'`,
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ].join("; "),
    );
  }
  headers.set("x-content-type-options", "nosniff");
  headers.set("x-frame-options", "DENY");
  headers.set("referrer-policy", "same-origin");
  headers.set(
    "permissions-policy",
    "camera=(), microphone=(), geolocation=(), payment=()",
  );
  headers.set("cross-origin-opener-policy", "same-origin");
  if (production) {
    headers.set(
      "strict-transport-security",
      "max-age=31536000; includeSubDomains",
    );
  }
}

/**
 * The client address: the rightmost X-Forwarded-For entry (set by our ingress) when trusted.
 *
 * @example
 * ```ts
 * clientAddress(req, info.remoteAddr, config.trustProxy); // "203.0.113.9"
 * ```
 */
export function clientAddress(
  req: Request,
  remoteAddr: Deno.Addr | undefined,
  trustProxy: boolean,
): string {
  if (trustProxy) {
    const hops = req.headers.get("x-forwarded-for")?.split(",").map((s) =>
      s.trim()
    ).filter(Boolean);
    if (hops?.length) return hops[hops.length - 1];
  }
  return remoteAddr && "hostname" in remoteAddr
    ? remoteAddr.hostname
    : "unknown";
}
