import type { FreshContext } from "$fresh/server.ts";
import { assertSignedIn } from "@/utils/guards.ts";
import type { AppState } from "@/utils/state.ts";

/** Every employee page: a signed-in session, else the sign-in page and back. */
export function handler(
  _req: Request,
  ctx: FreshContext<AppState>,
): Promise<Response> {
  assertSignedIn(ctx.state);
  return ctx.next();
}
