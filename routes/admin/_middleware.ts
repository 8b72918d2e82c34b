import type { FreshContext } from "$fresh/server.ts";
import type { AppState } from "@/utils/app.ts";
import { errorPage, redirect } from "@/utils/http.ts";

/** The role guard of everything under /admin: sign-in required, then the admin role (else 403). */
export async function handler(
  req: Request,
  ctx: FreshContext<AppState>,
): Promise<Response> {
  const { account, t } = ctx.state;
  if (!account) {
    return redirect(
      `/login?next=${encodeURIComponent(new URL(req.url).pathname)}`,
    );
  }
  if (account.role !== "admin") {
    return errorPage(ctx.state, 403, t("error.forbidden"));
  }
  return await ctx.next();
}
