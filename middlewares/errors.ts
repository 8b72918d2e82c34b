/**
 * Turns errors into answers: a typed {@link HttpError} from a guard or a route becomes its
 * status (a visitor who must sign in is sent to sign-in and back), anything else becomes the
 * 500 page, logged with the route pattern only.
 *
 * @module
 */
import type { FreshContext } from "$fresh/server.ts";
import {
  ForbiddenError,
  HttpError,
  NotFoundError,
  PayloadTooLargeError,
  RoundFrozenError,
  UnauthorizedError,
} from "@/utils/errors.ts";
import { isServiceUnavailable } from "@/services/services.ts";
import { formatBytes } from "@/utils/form.ts";
import { redirect } from "@/utils/http.ts";
import { MAX_DOCUMENT_BYTES } from "@/utils/sniff.ts";
import type { AppState } from "@/utils/state.ts";
import { errorPage } from "./_error_page.tsx";

/** The sign-in page, coming back to `url` (path and query) afterwards. */
export function signInLocation(url: URL): string {
  return `/login?next=${encodeURIComponent(url.pathname + url.search)}`;
}

/** Answers a typed error; null for an error that is not one. */
export function answerHttpError(
  error: unknown,
  ctx: FreshContext<AppState>,
): Response | Promise<Response> | null {
  const { t } = ctx.state;
  if (error instanceof UnauthorizedError) {
    return redirect(signInLocation(ctx.url));
  }
  if (error instanceof ForbiddenError) {
    return errorPage(ctx, 403, t("error.forbidden"));
  }
  if (error instanceof NotFoundError) return ctx.renderNotFound();
  if (error instanceof PayloadTooLargeError) {
    const limit = formatBytes(MAX_DOCUMENT_BYTES);
    return errorPage(ctx, 413, t("form.error.fileTooLarge", { limit }));
  }
  if (isServiceUnavailable(error)) {
    // A database that does not answer in time, or storage that is down: say so quickly.
    const res = errorPage(ctx, 503, t("error.unavailable"));
    res.headers.set("retry-after", "30");
    return res;
  }
  if (error instanceof RoundFrozenError) {
    return errorPage(ctx, 409, t("frozen.locked", { round: error.round.name }));
  }
  if (error instanceof HttpError) {
    return errorPage(ctx, error.status, error.message);
  }
  return null;
}

/** Catches what the inner middlewares and the route throw. */
export async function errors(
  req: Request,
  ctx: FreshContext<AppState>,
): Promise<Response> {
  try {
    return await ctx.next();
  } catch (error) {
    const answered = answerHttpError(error, ctx);
    if (answered) return await answered;
    console.error(JSON.stringify({
      level: "error",
      msg: "unhandled",
      id: ctx.state.requestId,
      method: req.method,
      route: ctx.route || "(unmatched)",
      error: String(error),
    }));
    return errorPage(ctx, 500, ctx.state.t("error.server"));
  }
}
