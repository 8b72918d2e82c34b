/**
 * The sign-in use case: budgets, password check and session creation. The route only parses the
 * form and renders the outcome.
 *
 * @module
 */
import { createHmac } from "node:crypto";
import { randomId, safeEqualText } from "@/services/encoding.ts";
import type { Services } from "@/services/services.ts";
import { createSession, destroySession } from "@/services/sessions.ts";
import { type Account, authenticate } from "./accounts.ts";

/**
 * Sign-in budgets per 15 minutes, after OWASP's "slow down online guessing attacks with device
 * cookies". A browser that signed in to an account before holds a device cookie for it and
 * spends its own budget; every other client shares the account's untrusted budget. So a
 * stranger who exhausts the untrusted budget never locks the owner out of a browser they used
 * before. Budgets are spent before the password is checked (parallel guesses cannot outrun
 * them) and refilled by a successful sign-in. A client address is never blocked (a whole
 * office may share one): past `addressDelayAfter` failures each attempt from it is slowed down.
 */
export const LOGIN_LIMITS = {
  perAccount: 5,
  perDevice: 5,
  windowMs: 15 * 60 * 1000,
  addressDelayAfter: 20,
  addressDelayStepMs: 250,
  addressDelayMaxMs: 5_000,
  addressWindowMs: 15 * 60 * 1000,
};

/** How long a device cookie is trusted after the sign-in that made it. */
export const DEVICE_COOKIE_MAX_AGE_S = 180 * 86400;

/** What a sign-in attempt gives. */
export type SignInOutcome =
  | { ok: true; account: Account; cookieValue: string; deviceCookie: string }
  | { ok: false; reason: "failed" }
  | { ok: false; reason: "rate-limited"; retryAfterMs: number };

/** One sign-in attempt. */
export interface SignInAttempt {
  /** The account id typed in. */
  login: string;
  /** The password typed in. */
  password: string;
  /** The client address (for the per-address slow-down). */
  client: string;
  /** The browser's User-Agent, kept with the session. */
  userAgent: string | null;
  /** The session this browser had, ended on success (no two sessions per sign-in). */
  previousSession?: string;
  /** The browser's device cookie, if it has one. */
  deviceCookie?: string | null;
}

/** The device cookie for `login`: a random nonce and its HMAC under the app secret. */
function deviceSignature(secret: string, login: string, nonce: string): string {
  return createHmac("sha256", secret).update(`device\n${login}\n${nonce}`)
    .digest("base64url");
}

/**
 * The nonce of a valid device cookie for `login`, else null.
 *
 * @example
 * ```ts
 * const nonce = trustedDevice(secret, "kim.hana", cookies.kic_device); // null when untrusted
 * ```
 */
export function trustedDevice(
  secret: string,
  login: string,
  cookie: string | null | undefined,
): string | null {
  const [nonce, sig, extra] = (cookie ?? "").split(".");
  if (
    extra !== undefined || !nonce || !sig || !/^[A-Za-z0-9_-]{22}$/.test(nonce)
  ) {
    return null;
  }
  return safeEqualText(sig, deviceSignature(secret, login, nonce))
    ? nonce
    : null;
}

/**
 * Checks the budget of this browser (its device's, or the account's untrusted one), then the
 * password; on success ends the previous session, opens a new one and issues a device cookie.
 * An unknown account and a wrong password give the same outcome after the same work.
 *
 * @example
 * ```ts
 * const outcome = await signIn(services, { login, password, client, userAgent: null });
 * if (outcome.ok) ctx.state.sessionChange = { start: outcome.cookieValue };
 * ```
 */
export async function signIn(
  svc: Services,
  attempt: SignInAttempt,
): Promise<SignInOutcome> {
  const secret = svc.config.appSecret;
  const device = trustedDevice(secret, attempt.login, attempt.deviceCookie);
  const budgetKey = device
    ? `login:dev:${device}`
    : `login:acct:${attempt.login}`;
  const addressKey = `login:addr:${attempt.client}`;
  const failures = Number(await svc.cache.get(addressKey)) || 0;
  const over = failures - LOGIN_LIMITS.addressDelayAfter;
  if (over > 0) {
    const ms = Math.min(
      LOGIN_LIMITS.addressDelayMaxMs,
      over * LOGIN_LIMITS.addressDelayStepMs,
    );
    await new Promise((resolve) => setTimeout(resolve, ms));
  }
  const budget = await svc.cache.rateLimit(
    budgetKey,
    device ? LOGIN_LIMITS.perDevice : LOGIN_LIMITS.perAccount,
    LOGIN_LIMITS.windowMs,
  );
  if (!budget.allowed) {
    return {
      ok: false,
      reason: "rate-limited",
      retryAfterMs: budget.retryAfterMs,
    };
  }

  const account = await authenticate(svc.db, attempt.login, attempt.password);
  if (!account) {
    await svc.cache.rateLimit(
      addressKey,
      Number.MAX_SAFE_INTEGER,
      LOGIN_LIMITS.addressWindowMs,
    );
    return { ok: false, reason: "failed" };
  }
  await svc.cache.del(budgetKey);
  if (attempt.previousSession) {
    await destroySession(svc.db, svc.cache, attempt.previousSession);
  }
  const { cookieValue } = await createSession(
    svc.db,
    account.id,
    attempt.userAgent,
  );
  const nonce = device ?? randomId(16);
  const deviceCookie = `${nonce}.${
    deviceSignature(secret, attempt.login, nonce)
  }`;
  return { ok: true, account, cookieValue, deviceCookie };
}
