import type { FreshContext } from "$fresh/server.ts";
import type { AppState } from "@/utils/state.ts";

/**
 * A deliberately slow response, for the graceful-shutdown test. It exists only in test mode
 * (KIC_MODE=test); elsewhere it answers 404.
 */
export async function handler(
  req: Request,
  ctx: FreshContext<AppState>,
): Promise<Response> {
  if (ctx.state.services.config.mode !== "test") {
    return new Response("Not found\n", { status: 404 });
  }
  const ms = Math.min(
    10_000,
    Math.max(0, Number(new URL(req.url).searchParams.get("ms")) || 0),
  );
  await new Promise((resolve) => setTimeout(resolve, ms));
  return new Response(`slept ${ms} ms\n`);
}
