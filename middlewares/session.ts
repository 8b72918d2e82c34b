/**
 * The signed-in session and the CSRF token of every page request, and the one place that
 * sets, renews and clears the session cookie (routes ask for it through
 * `ctx.state.sessionChange`).
 *
 * @module
 */
import type { FreshContext } from "$fresh/server.ts";
import { accountById } from "@/domain/accounts.ts";
import { DEVICE_COOKIE_MAX_AGE_S } from "@/domain/signin.ts";
import { randomId } from "@/services/encoding.ts";
import {
  loadSession,
  SESSION_IDLE_MS,
  sessionCookieName,
} from "@/services/sessions.ts";
import { deleteCookie, getCookies, setCookie } from "@/utils/cookies.ts";
import { isInfrastructure } from "@/utils/http.ts";
import type { AppState } from "@/utils/state.ts";

/** Cookie marking a browser that signed in before (its own sign-in budget). */
export function deviceCookieName(production: boolean): string {
  return production ? "__Host-kic_device" : "kic_device";
}

/** Cookie holding the pre-sign-in CSRF token (double submit). */
export function anonCsrfCookie(production: boolean): string {
  return production ? "__Host-kic_csrf" : "kic_csrf";
}

const ANON_TOKEN = /^[A-Za-z0-9_-]{32}$/;

/**
 * Loads the session and account, picks the CSRF token (the session's, or a double-submit
 * cookie before sign-in), and after the route writes the cookies it needs.
 */
export async function session(
  req: Request,
  ctx: FreshContext<AppState>,
): Promise<Response> {
  ctx.state.session = null;
  ctx.state.account = null;
  ctx.state.csrfToken = "";
  if (isInfrastructure(ctx.url.pathname) || ctx.destination === "static") {
    return await ctx.next();
  }
  const { services } = ctx.state;
  const production = services.config.mode === "production";
  const cookies = getCookies(req.headers);
  const sessionName = sessionCookieName(production);
  const sessionCookie = cookies[sessionName];
  const found = sessionCookie
    ? await loadSession(services.db, services.cache, sessionCookie)
    : null;
  const account = found
    ? await accountById(services.db, found.accountId)
    : null;
  const signedIn = found && account ? found : null;
  const anonName = anonCsrfCookie(production);
  const anonCookie = cookies[anonName];
  const newAnonToken = !signedIn && !ANON_TOKEN.test(anonCookie ?? "");
  const anonToken = newAnonToken ? randomId(24) : anonCookie;
  ctx.state.session = signedIn;
  ctx.state.account = signedIn ? account : null;
  ctx.state.csrfToken = signedIn?.csrfToken ?? anonToken;
  ctx.state.freshAnonToken = newAnonToken;
  ctx.state.deviceCookie = cookies[deviceCookieName(production)] ?? null;

  const inner = await ctx.next();
  const change = ctx.state.sessionChange;
  const html = inner.headers.get("content-type")?.startsWith("text/html");
  const setAnon = newAnonToken && html;
  if (!change && !setAnon && !signedIn?.renewed) return inner;
  const response = new Response(inner.body, inner);
  const cookie = {
    httpOnly: true,
    secure: production,
    sameSite: "Lax",
  } as const;
  if (setAnon) {
    setCookie(response.headers, anonName, anonToken, {
      ...cookie,
      maxAge: 86400,
    });
  }
  if (change && "start" in change) {
    setCookie(response.headers, sessionName, change.start, {
      ...cookie,
      maxAge: SESSION_IDLE_MS / 1000,
    });
    if (change.device) {
      setCookie(response.headers, deviceCookieName(production), change.device, {
        ...cookie,
        maxAge: DEVICE_COOKIE_MAX_AGE_S,
      });
    }
  } else if (change && "end" in change) {
    deleteCookie(response.headers, sessionName, production);
  } else if (signedIn?.renewed && sessionCookie) {
    // The server slid the expiry; slide the cookie with it.
    setCookie(response.headers, sessionName, sessionCookie, {
      ...cookie,
      maxAge: SESSION_IDLE_MS / 1000,
    });
  }
  return response;
}
