import type { FreshContext } from "$fresh/server.ts";
import { accountById } from "../domain/accounts.ts";
import { negotiateLocale, translator } from "../i18n/mod.ts";
import { randomId } from "../services/bytes.ts";
import { loadSession, sessionCookieName } from "../services/sessions.ts";
import { type AppState, services } from "../utils/app.ts";
import { getCookies, setCookie } from "../utils/cookies.ts";
import { errorPage } from "../utils/http.ts";
import {
  applySecurityHeaders,
  expectedOrigin,
  originAllowed,
  SAFE_METHODS,
  submittedToken,
  tokenMatches,
} from "../utils/security.ts";

/** Cookie holding the pre-sign-in CSRF token (double submit). */
const ANON_CSRF_COOKIE = "kic_csrf";

/**
 * The root middleware: metrics, locale, session, CSRF and security headers for every request.
 * Health and metrics endpoints skip the session work.
 */
export async function handler(
  req: Request,
  ctx: FreshContext<AppState>,
): Promise<Response> {
  const started = performance.now();
  const svc = services();
  const production = svc.config.mode === "production";
  let response: Response;
  try {
    response = await handle(req, ctx, production);
  } catch (error) {
    console.error(
      JSON.stringify({
        level: "error",
        msg: "unhandled",
        path: new URL(req.url).pathname,
        error: String(error),
      }),
    );
    response = new Response("Internal Server Error", { status: 500 });
  }
  const route = ctx.route ||
    (response.status === 404 ? "(not found)" : "(unmatched)");
  svc.metrics.observeRequest(
    req.method,
    route,
    response.status,
    (performance.now() - started) / 1000,
  );
  return response;
}

async function handle(
  req: Request,
  ctx: FreshContext<AppState>,
  production: boolean,
): Promise<Response> {
  const url = new URL(req.url);
  if (
    url.pathname.startsWith("/healthz/") || url.pathname === "/metrics" ||
    url.pathname.startsWith("/_frsh/")
  ) {
    return await ctx.next();
  }
  const svc = services();
  const cookies = getCookies(req.headers);
  const locale = negotiateLocale(
    cookies.lang,
    req.headers.get("accept-language"),
  );
  const t = translator(locale);
  const sessionCookie = cookies[sessionCookieName(production)];
  const session = sessionCookie
    ? await loadSession(svc.db, svc.cache, sessionCookie)
    : null;
  const account = session ? await accountById(svc.db, session.accountId) : null;
  let anonToken = cookies[ANON_CSRF_COOKIE];
  const newAnonToken = !session && !/^[A-Za-z0-9_-]{32}$/.test(anonToken ?? "");
  if (newAnonToken) anonToken = randomId(24);
  const csrfToken = session?.csrfToken ?? anonToken!;
  Object.assign(ctx.state, {
    services: svc,
    session,
    account: session ? account : null,
    locale,
    t,
    csrfToken,
  });

  let response: Response;
  if (!SAFE_METHODS.has(req.method)) {
    const origin = expectedOrigin(
      req,
      production ? svc.config.publicOrigin : undefined,
      svc.config.trustProxy,
    );
    const ok = originAllowed(req, origin) &&
      tokenMatches(await submittedToken(req), newAnonToken ? null : csrfToken);
    response = ok
      ? await ctx.next()
      : errorPage(ctx.state, 403, t("error.csrf"));
  } else {
    response = await ctx.next();
  }
  response = new Response(response.body, response);
  if (newAnonToken) {
    setCookie(response.headers, ANON_CSRF_COOKIE, anonToken!, {
      httpOnly: true,
      secure: production,
      maxAge: 86400,
    });
  }
  applySecurityHeaders(response.headers, ctx.nonce, production);
  if (
    !response.headers.has("cache-control") &&
    response.headers.get("content-type")?.startsWith("text/html")
  ) {
    response.headers.set("cache-control", "no-store");
  }
  return response;
}
