/**
 * The sign-in use case: budgets, password check and session creation. The route only parses the
 * form and renders the outcome.
 *
 * @module
 */
import type { Services } from "@/services/services.ts";
import { createSession, destroySession } from "@/services/sessions.ts";
import { type Account, authenticate } from "./accounts.ts";

/**
 * Sign-in budgets per 15 minutes. An account's budget is spent before the password is checked
 * (so parallel guesses cannot outrun it) and refilled by a successful sign-in. A client address
 * counts failures only, with a high threshold, since a whole office may share one address.
 */
export const LOGIN_LIMITS = {
  perAccount: 5,
  perClientFailures: 100,
  windowMs: 15 * 60 * 1000,
};

/** What a sign-in attempt gives. */
export type SignInOutcome =
  | { ok: true; account: Account; cookieValue: string }
  | { ok: false; reason: "failed" }
  | { ok: false; reason: "rate-limited"; retryAfterMs: number };

/** One sign-in attempt. */
export interface SignInAttempt {
  login: string;
  password: string;
  /** The client address (for the per-client failure budget). */
  client: string;
  userAgent: string | null;
  /** The session this browser had, ended on success (no two sessions per sign-in). */
  previousSession?: string;
}

/**
 * Checks the budgets, then the password; on success ends the previous session and opens a new
 * one. An unknown account and a wrong password give the same outcome after the same work.
 */
export async function signIn(
  svc: Services,
  attempt: SignInAttempt,
): Promise<SignInOutcome> {
  const accountKey = `login:acct:${attempt.login}`;
  const clientKey = `login:ip:${attempt.client}`;
  const blockedUntil = Number(await svc.cache.get(`${clientKey}:blocked`));
  if (blockedUntil > Date.now()) {
    return {
      ok: false,
      reason: "rate-limited",
      retryAfterMs: blockedUntil - Date.now(),
    };
  }
  const budget = await svc.cache.rateLimit(
    accountKey,
    LOGIN_LIMITS.perAccount,
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
    const failures = await svc.cache.rateLimit(
      clientKey,
      LOGIN_LIMITS.perClientFailures,
      LOGIN_LIMITS.windowMs,
    );
    if (!failures.allowed || failures.remaining === 0) {
      const ms = failures.retryAfterMs || LOGIN_LIMITS.windowMs;
      await svc.cache.set(`${clientKey}:blocked`, String(Date.now() + ms), ms);
    }
    return { ok: false, reason: "failed" };
  }
  await svc.cache.del(accountKey);
  if (attempt.previousSession) {
    await destroySession(svc.db, svc.cache, attempt.previousSession);
  }
  const { cookieValue } = await createSession(
    svc.db,
    account.id,
    attempt.userAgent,
  );
  return { ok: true, account, cookieValue };
}
