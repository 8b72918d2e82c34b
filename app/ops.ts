/**
 * The operations listener on `METRICS_PORT` (9464): `/metrics` for Prometheus and the
 * readiness details, reachable only from the monitoring namespace (NetworkPolicy). The public
 * port answers readiness as a bare yes or no and has no `/metrics` at all.
 *
 * @module
 */
import { healthOf, type Services } from "@/services/services.ts";
import type { Lifecycle } from "@/utils/lifecycle.ts";
import { LIVE_PATH, METRICS_PATH, READY_PATH } from "./constants.ts";

/** What the operations handler reads. */
export interface OpsDeps {
  /** The open services. */
  services: Services;
  /** Draining state. */
  lifecycle: Lifecycle;
}

/**
 * The handler of the operations port: metrics (dependency gauges refreshed per scrape),
 * readiness with each dependency's state, and liveness.
 *
 * @example
 * ```ts
 * Deno.serve({ port: config.metricsPort }, createOpsHandler(app));
 * ```
 */
export function createOpsHandler(
  deps: OpsDeps,
): (req: Request) => Promise<Response> {
  const { services, lifecycle } = deps;
  return async (req) => {
    const { pathname } = new URL(req.url);
    if (req.method !== "GET" && req.method !== "HEAD") {
      return new Response("Method Not Allowed\n", {
        status: 405,
        headers: { allow: "GET, HEAD" },
      });
    }
    if (pathname === METRICS_PATH) {
      const health = await healthOf(services);
      for (const [name, up] of Object.entries(health)) {
        services.metrics.dependencyUp.set({ dependency: name }, up ? 1 : 0);
      }
      return new Response(await services.metrics.render(), {
        headers: {
          "content-type": services.metrics.registry.contentType,
          "cache-control": "no-store",
        },
      });
    }
    if (pathname === READY_PATH) {
      const health = await healthOf(services);
      const ready = !lifecycle.draining && health.db === true;
      return Response.json(
        { ready, draining: lifecycle.draining, dependencies: health },
        { status: ready ? 200 : 503, headers: { "cache-control": "no-store" } },
      );
    }
    if (pathname === LIVE_PATH) return new Response("ok\n");
    return new Response("Not found\n", { status: 404 });
  };
}
