/**
 * The shape of `ctx.state`: what every request has ({@link AppState}) and what a signed-in
 * request has ({@link SignedInState}). The composition root (`app/`) creates the first part;
 * the middlewares fill in the rest. Nothing per-request lives in a module variable.
 *
 * @module
 */
import type { Account } from "@/domain/accounts.ts";
import type { RoundEventHub } from "@/domain/round_events.ts";
import type { Clock } from "@/services/clock.ts";
import type { Locale, Translate } from "@/i18n/mod.ts";
import type { Services } from "@/services/services.ts";
import type { Session } from "@/services/sessions.ts";
import type { Lifecycle } from "./lifecycle.ts";
import type { FormBody } from "./multipart.ts";

/** A change of the signed-in session that the session middleware turns into a cookie. */
export type SessionChange =
  /** Sign-in: set the cookie to this opaque value, and the browser's device cookie. */
  | { start: string; device?: string }
  /** Sign-out: clear the cookie. */
  | { end: true };

/** What `ctx.state` holds on every request. */
export interface AppState {
  /** The open services (database, cache, storage, mail, metrics). */
  services: Services;
  /** The process lifecycle: whether it is draining for shutdown. */
  lifecycle: Lifecycle;
  /** The one clock of every time rule (shiftable for all processes in tests). */
  clock: Clock;
  /** The process's hub of round events (live streams wait on it). */
  events: RoundEventHub;
  /** The request id (from the ingress when plain, else new); on every response. */
  requestId: string;
  /** The language of the response. */
  locale: Locale;
  /** Translates a message key into {@link locale}. */
  t: Translate;
  /** The signed-in session, or null. */
  session: Session | null;
  /** The signed-in account, or null. */
  account: Account | null;
  /** The token forms must send back as `_csrf`. */
  csrfToken: string;
  /** The browser's device cookie (sign-in budgets), if it sent one. */
  deviceCookie?: string | null;
  /** True when the CSRF token was made for this request, so nothing submitted can match it. */
  freshAnonToken?: boolean;
  /**
   * The form body of a state-changing request, read once by the CSRF middleware (routes read
   * it through `readForm`, never from the request again).
   */
  form?: FormBody;
  /** Set by a route to start or end a session; the session middleware writes the cookie. */
  sessionChange?: SessionChange;
}

/** `ctx.state` behind a sign-in guard: the session and the account are there. */
export interface SignedInState extends AppState {
  /** The signed-in session. */
  session: Session;
  /** The signed-in, active account. */
  account: Account;
}
