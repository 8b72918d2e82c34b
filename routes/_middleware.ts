import type { FreshContext } from "$fresh/server.ts";
import { accountById } from "@/domain/accounts.ts";
import { negotiateLocale, translator } from "@/i18n/mod.ts";
import { randomId } from "@/services/encoding.ts";
import {
  loadSession,
  SESSION_IDLE_MS,
  sessionCookieName,
} from "@/services/sessions.ts";
import { type AppState, services } from "@/utils/app.ts";
import { getCookies, setCookie } from "@/utils/cookies.ts";
import { errorPage } from "@/utils/http.ts";
import {
  applySecurityHeaders,
  bodySizeProblem,
  expectedOrigin,
  originAllowed,
  SAFE_METHODS,
  submittedToken,
  tokenMatches,
} from "@/utils/security.ts";

/** Cookie holding the pre-sign-in CSRF token (double submit). */
function anonCsrfCookie(production: boolean): string {
  return production ? "__Host-kic_csrf" : "kic_csrf";
}

/** Paths that need no locale, session or CSRF work. */
function isInfrastructure(pathname: string): boolean {
  return pathname.startsWith("/healthz/") || pathname === "/metrics" ||
    pathname.startsWith("/_frsh/");
}

/**
 * The root middleware: metrics, locale, session, CSRF and security headers for every request.
 * An error anywhere below becomes the 500 page, with the same headers as any page.
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
    console.error(JSON.stringify({
      level: "error",
      msg: "unhandled",
      path: new URL(req.url).pathname,
      error: String(error),
    }));
    const message = ctx.state.t?.("error.server") ??
      "Something went wrong on our side. Please try again shortly.";
    response = errorPage(ctx.state, 500, message);
  }
  response = new Response(response.body, response);
  applySecurityHeaders(response.headers, ctx.nonce, production);
  if (
    !response.headers.has("cache-control") &&
    response.headers.get("content-type")?.startsWith("text/html")
  ) {
    response.headers.set("cache-control", "no-store");
  }
  const route = ctx.route ||
    (response.status === 404 ? "(not found)" : "(unmatched)");
  const seconds = (performance.now() - started) / 1000;
  svc.metrics.observeRequest(req.method, route, response.status, seconds);
  const requestId = validRequestId(req.headers.get("x-request-id")) ??
    crypto.randomUUID();
  response.headers.set("x-request-id", requestId);
  if (
    svc.config.mode !== "test" && !isInfrastructure(new URL(req.url).pathname)
  ) {
    // One access line per request: the route pattern, never the raw path or query (no ids or
    // personal data in the logs).
    console.log(JSON.stringify({
      level: "info",
      msg: "request",
      id: requestId,
      method: req.method,
      route,
      status: response.status,
      ms: Math.round(seconds * 10000) / 10,
      account: ctx.state.account?.id,
    }));
  }
  return response;
}

/** An incoming request id (from the ingress) is kept when it is short and plain. */
function validRequestId(value: string | null): string | null {
  return value && /^[A-Za-z0-9._-]{8,64}$/.test(value) ? value : null;
}

async function handle(
  req: Request,
  ctx: FreshContext<AppState>,
  production: boolean,
): Promise<Response> {
  const url = new URL(req.url);
  if (isInfrastructure(url.pathname) || ctx.destination === "static") {
    return await ctx.next();
  }
  const svc = services();
  const cookies = getCookies(req.headers);
  const locale = negotiateLocale(
    cookies.lang,
    req.headers.get("accept-language"),
  );
  const t = translator(locale);
  Object.assign(ctx.state, {
    services: svc,
    session: null,
    account: null,
    locale,
    t,
  });

  const unsafe = !SAFE_METHODS.has(req.method);
  if (unsafe) {
    const sizeProblem = bodySizeProblem(req);
    if (sizeProblem) {
      return new Response(
        sizeProblem === 413 ? "Request body too large\n" : "Length required\n",
        {
          status: sizeProblem,
        },
      );
    }
  }

  const sessionName = sessionCookieName(production);
  const sessionCookie = cookies[sessionName];
  const session = sessionCookie
    ? await loadSession(svc.db, svc.cache, sessionCookie)
    : null;
  const account = session ? await accountById(svc.db, session.accountId) : null;
  const anonName = anonCsrfCookie(production);
  let anonToken = cookies[anonName];
  const newAnonToken = !session && !/^[A-Za-z0-9_-]{32}$/.test(anonToken ?? "");
  if (newAnonToken) anonToken = randomId(24);
  const csrfToken = session?.csrfToken ?? anonToken!;
  Object.assign(ctx.state, {
    session,
    account: session ? account : null,
    csrfToken,
  });

  let response: Response;
  if (unsafe) {
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
  const html = response.headers.get("content-type")?.startsWith("text/html");
  if ((newAnonToken && html) || session?.renewed) {
    response = new Response(response.body, response);
    if (newAnonToken && html) {
      setCookie(response.headers, anonName, anonToken!, {
        httpOnly: true,
        secure: production,
        maxAge: 86400,
      });
    }
    if (session?.renewed && sessionCookie) {
      // The server slid the expiry; slide the cookie with it.
      setCookie(response.headers, sessionName, sessionCookie, {
        httpOnly: true,
        secure: production,
        maxAge: SESSION_IDLE_MS / 1000,
      });
    }
  }
  return response;
}
