import { healthOf } from "../services/services.ts";
import { services } from "../utils/app.ts";

/** Prometheus scrape endpoint. Dependency gauges are refreshed on each scrape. */
export async function handler(): Promise<Response> {
  const svc = services();
  const health = await healthOf(svc);
  for (const [name, up] of Object.entries(health)) svc.metrics.dependencyUp.set({ dependency: name }, up ? 1 : 0);
  return new Response(await svc.metrics.render(), {
    headers: { "content-type": svc.metrics.registry.contentType, "cache-control": "no-store" },
  });
}
