/**
 * Security headers on every response (pages, files, errors): CSP with the response's nonce,
 * nosniff, frame denial, referrer and permissions policies, HSTS in production; and
 * `no-store` on HTML unless the route chose its own caching.
 *
 * @module
 */
import type { FreshContext } from "$fresh/server.ts";
import { applySecurityHeaders } from "@/utils/security.ts";
import type { AppState } from "@/utils/state.ts";

/** Adds the security headers to whatever the inner middlewares answered. */
export async function securityHeaders(
  _req: Request,
  ctx: FreshContext<AppState>,
): Promise<Response> {
  const inner = await ctx.next();
  const response = new Response(inner.body, inner);
  const production = ctx.state.services.config.mode === "production";
  applySecurityHeaders(response.headers, ctx.nonce, production);
  if (
    !response.headers.has("cache-control") &&
    response.headers.get("content-type")?.startsWith("text/html")
  ) {
    response.headers.set("cache-control", "no-store");
  }
  return response;
}
