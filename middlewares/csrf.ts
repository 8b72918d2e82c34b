/**
 * Every state-changing request: a body of known, bounded size (411/413 before anything reads
 * it), then a CSRF token equal to the session's (or the double-submit cookie's before sign-in)
 * and an Origin that is ours.
 *
 * @module
 */
import type { FreshContext } from "$fresh/server.ts";
import { errorPage, isInfrastructure } from "@/utils/http.ts";
import {
  bodySizeProblem,
  expectedOrigin,
  originAllowed,
  SAFE_METHODS,
  submittedToken,
  tokenMatches,
} from "@/utils/security.ts";
import type { AppState } from "@/utils/state.ts";

/** Refuses an unsafe request without a bounded body or a valid token from our origin. */
export async function csrf(
  req: Request,
  ctx: FreshContext<AppState>,
): Promise<Response> {
  if (
    SAFE_METHODS.has(req.method) || isInfrastructure(ctx.url.pathname) ||
    ctx.destination === "static"
  ) {
    return await ctx.next();
  }
  const sizeProblem = bodySizeProblem(req);
  if (sizeProblem) {
    return new Response(
      sizeProblem === 413 ? "Request body too large\n" : "Length required\n",
      { status: sizeProblem },
    );
  }
  const { services, csrfToken, freshAnonToken, t } = ctx.state;
  const production = services.config.mode === "production";
  const origin = expectedOrigin(
    req,
    production ? services.config.publicOrigin : undefined,
    services.config.trustProxy,
  );
  const ok = originAllowed(req, origin) &&
    tokenMatches(await submittedToken(req), freshAnonToken ? null : csrfToken);
  return ok ? await ctx.next() : errorPage(ctx.state, 403, t("error.csrf"));
}
