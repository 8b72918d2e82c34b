import { healthOf } from "@/services/services.ts";
import type { FreshContext } from "$fresh/server.ts";
import type { AppState } from "@/utils/state.ts";

/**
 * Prometheus scrape endpoint. Dependency gauges are refreshed on each scrape. Prometheus scrapes
 * the pods directly; a request that came through the ingress (it carries X-Forwarded-For) gets
 * 404, so the figures are not public.
 */
export async function handler(
  req: Request,
  ctx: FreshContext<AppState>,
): Promise<Response> {
  if (req.headers.has("x-forwarded-for")) {
    return new Response("Not found\n", { status: 404 });
  }
  const svc = ctx.state.services;
  const health = await healthOf(svc);
  for (const [name, up] of Object.entries(health)) {
    svc.metrics.dependencyUp.set({ dependency: name }, up ? 1 : 0);
  }
  return new Response(await svc.metrics.render(), {
    headers: {
      "content-type": svc.metrics.registry.contentType,
      "cache-control": "no-store",
    },
  });
}
