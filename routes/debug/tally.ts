import type { FreshContext } from "$fresh/server.ts";
import { idempotencyKeyOf } from "@/utils/form.ts";
import type { AppState } from "@/utils/state.ts";

/**
 * A form that records each time it is applied, for the rolling-restart benchmark
 * (`bench/rolling_restart.ts`): a signed-in POST carrying `_idem` inserts one row into
 * `bench_tally`, a table the benchmark creates in its own database (not a migration), and
 * answers 303. It exists only in test mode (KIC_MODE=test); elsewhere it answers 404.
 */
export async function handler(
  req: Request,
  ctx: FreshContext<AppState>,
): Promise<Response> {
  const { config, db } = ctx.state.services;
  if (config.mode !== "test") {
    return new Response("Not found\n", { status: 404 });
  }
  if (req.method !== "POST") {
    return new Response("Method not allowed\n", {
      status: 405,
      headers: { allow: "POST" },
    });
  }
  if (!ctx.state.session) return new Response("Forbidden\n", { status: 403 });
  const idem = ctx.state.form ? idempotencyKeyOf(ctx.state.form) : null;
  if (!idem) return new Response("_idem required\n", { status: 400 });
  try {
    await db.sql`insert into bench_tally (idem) values (${idem})`;
  } catch {
    // Only the benchmark's database has the table; anywhere else the form is not there.
    return new Response("Not found\n", { status: 404 });
  }
  return new Response(null, {
    status: 303,
    headers: { location: "/debug/tally" },
  });
}
