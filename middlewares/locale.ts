/**
 * The response language: the `lang` cookie, else Accept-Language, else Korean.
 *
 * @module
 */
import type { FreshContext } from "$fresh/server.ts";
import { negotiateLocale, translator } from "@/i18n/mod.ts";
import { getCookies } from "@/utils/cookies.ts";
import type { AppState } from "@/utils/state.ts";

/** Sets `ctx.state.locale` and `ctx.state.t` for the request. */
export function locale(
  req: Request,
  ctx: FreshContext<AppState>,
): Promise<Response> {
  const chosen = negotiateLocale(
    getCookies(req.headers).lang,
    req.headers.get("accept-language"),
  );
  ctx.state.locale = chosen;
  ctx.state.t = translator(chosen);
  return ctx.next();
}
