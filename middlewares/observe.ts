/**
 * Observability of every request: the request id, the latency histogram by route pattern and
 * one JSON access line (the route pattern only, never the raw path or query, so no ids or
 * personal data reach the logs).
 *
 * @module
 */
import type { FreshContext } from "$fresh/server.ts";
import { isInfrastructure } from "@/utils/http.ts";
import type { AppState } from "@/utils/state.ts";

/** The methods the app knows; any other is answered 501 and counted as `OTHER`. */
export const KNOWN_METHODS: ReadonlySet<string> = new Set([
  "GET",
  "HEAD",
  "POST",
  "PUT",
  "PATCH",
  "DELETE",
  "OPTIONS",
]);

/** An incoming request id (from the ingress) is kept when it is short and plain. */
function validRequestId(value: string | null): string | null {
  return value && /^[A-Za-z0-9._-]{8,64}$/.test(value) ? value : null;
}

/** The route label of a response: the matched pattern, or what kind of miss it was. */
export function routeLabel(
  ctx: FreshContext<AppState>,
  status: number,
): string {
  return ctx.route || (status === 404 ? "(not found)" : "(unmatched)");
}

/** Records the request's metrics and access line, and tags the response with its id. */
export async function observe(
  req: Request,
  ctx: FreshContext<AppState>,
): Promise<Response> {
  const started = performance.now();
  const { services } = ctx.state;
  const requestId = validRequestId(req.headers.get("x-request-id")) ??
    crypto.randomUUID();
  ctx.state.requestId = requestId;
  const known = KNOWN_METHODS.has(req.method);
  // An unknown method is answered before anything else reads the request (body limits, the
  // session, the role guard), and never becomes a metrics label of its own.
  let response = known
    ? await ctx.next()
    : new Response("Not Implemented\n", { status: 501 });
  const route = known ? routeLabel(ctx, response.status) : "(unmatched)";
  const method = known ? req.method : "OTHER";
  const seconds = (performance.now() - started) / 1000;
  services.metrics.observeRequest(method, route, response.status, seconds);
  response = new Response(response.body, response);
  response.headers.set("x-request-id", requestId);
  if (
    services.config.mode !== "test" && !isInfrastructure(ctx.url.pathname)
  ) {
    console.log(JSON.stringify({
      level: "info",
      msg: "request",
      id: requestId,
      method,
      route,
      status: response.status,
      ms: Math.round(seconds * 10000) / 10,
      account: ctx.state.account?.id,
    }));
  }
  return response;
}
