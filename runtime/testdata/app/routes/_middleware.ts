import type { FreshContext } from "$fresh/server.ts";

/** State shared by the fixture's middlewares and routes. */
export interface State {
  trail: string[];
}

export async function handler(_req: Request, ctx: FreshContext<State>) {
  ctx.state.trail = ["root"];
  const before = ctx.route;
  const response = await ctx.next();
  const headers = new Headers(response.headers);
  headers.set("x-trail", ctx.state.trail.join(","));
  headers.set("x-route-before", before);
  headers.set("x-route", ctx.route);
  headers.set("x-destination", ctx.destination);
  headers.set("x-nonce", ctx.nonce);
  headers.set(
    "content-security-policy",
    `script-src 'self' 'nonce-${ctx.nonce}'`,
  );
  return new Response(response.body, {
    status: response.status,
    headers,
  });
}
