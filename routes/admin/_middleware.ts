import type { FreshContext } from "$fresh/server.ts";
import { assertAdmin } from "@/utils/guards.ts";
import type { AppState } from "@/utils/state.ts";

/** Everything under /admin: signed in (else sign-in), then the admin role (else 403). */
export function handler(
  _req: Request,
  ctx: FreshContext<AppState>,
): Promise<Response> {
  assertAdmin(ctx.state);
  return ctx.next();
}
