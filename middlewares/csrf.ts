/**
 * Every state-changing request: a body of known, bounded size, read once (the form reader
 * stops at the cap), then a CSRF token equal to the session's (or the double-submit cookie's
 * before sign-in) from the `_csrf` field or the `x-csrf-token` header, and an Origin that is
 * ours. The read form is left in `ctx.state.form` for the route.
 *
 * An upload over the cap still has its CSRF token checked (the hidden field comes first) and
 * reaches its route flagged `tooLarge`, so the page can re-render its form with the message
 * beside the file field; any other body over the cap is refused with 413 before it is read.
 *
 * @module
 */
import type { FreshContext } from "$fresh/server.ts";
import { csrfTokenOf } from "@/utils/form.ts";
import { isInfrastructure } from "@/utils/http.ts";
import { readFormBody } from "@/utils/multipart.ts";
import {
  bodySizeProblem,
  expectedOrigin,
  originAllowed,
  SAFE_METHODS,
  tokenMatches,
} from "@/utils/security.ts";
import type { AppState } from "@/utils/state.ts";
import { errorPage } from "./_error_page.tsx";

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
  const type = req.headers.get("content-type") ?? "";
  const multipart = type.startsWith("multipart/form-data");
  const isForm = multipart ||
    type.startsWith("application/x-www-form-urlencoded");
  const sizeProblem = bodySizeProblem(req);
  if (sizeProblem === 411 || (sizeProblem === 413 && !multipart)) {
    return new Response(
      sizeProblem === 413 ? "Request body too large\n" : "Length required\n",
      { status: sizeProblem },
    );
  }
  const body = isForm ? await readFormBody(req) : undefined;
  ctx.state.form = body;
  const { services, csrfToken, freshAnonToken, t } = ctx.state;
  const production = services.config.mode === "production";
  const origin = expectedOrigin(
    req,
    production ? services.config.publicOrigin : undefined,
    services.config.trustProxy,
  );
  const submitted = req.headers.get("x-csrf-token") ??
    (body ? csrfTokenOf(body) : null);
  const ok = originAllowed(req, origin) &&
    tokenMatches(submitted, freshAnonToken ? null : csrfToken);
  return ok ? await ctx.next() : errorPage(ctx, 403, t("error.csrf"));
}
