import type { FreshContext } from "$fresh/server.ts";
import { healthOf } from "@/services/services.ts";
import type { AppState } from "@/utils/state.ts";

/** Readiness: 503 while draining for shutdown or while the database is unreachable. */
export async function handler(
  _req: Request,
  ctx: FreshContext<AppState>,
): Promise<Response> {
  const { lifecycle, services } = ctx.state;
  if (lifecycle.draining) return new Response("draining\n", { status: 503 });
  const health = await healthOf(services);
  const ok = health.db === true;
  return new Response(
    JSON.stringify({ ready: ok, dependencies: health }) + "\n",
    {
      status: ok ? 200 : 503,
      headers: {
        "content-type": "application/json",
        "cache-control": "no-store",
      },
    },
  );
}
