import type { FreshContext } from "$fresh/server.ts";
import { healthOf } from "@/services/services.ts";
import type { AppState } from "@/utils/state.ts";

/**
 * Readiness on the public port: 503 while draining for shutdown or while the database is
 * unreachable. Only yes or no: the details are on the operations port (`app/ops.ts`).
 */
export async function handler(
  _req: Request,
  ctx: FreshContext<AppState>,
): Promise<Response> {
  const { lifecycle, services } = ctx.state;
  const ready = !lifecycle.draining && (await healthOf(services)).db === true;
  return new Response(ready ? "ready\n" : "not ready\n", {
    status: ready ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
}
