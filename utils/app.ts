/**
 * The process-wide application context: the open services and the lifecycle flags. Routes read
 * per-request data from `ctx.state` ({@link AppState}); nothing per-request lives here.
 *
 * @module
 */
import type { Account } from "@/domain/accounts.ts";
import type { Locale, Translate } from "@/i18n/mod.ts";
import type { Services } from "@/services/services.ts";
import type { Session } from "@/services/sessions.ts";

/** What the root middleware puts in `ctx.state` for every route. */
export interface AppState {
  services: Services;
  session: Session | null;
  account: Account | null;
  locale: Locale;
  t: Translate;
  /** The token forms must send back as `_csrf`. */
  csrfToken: string;
}

let current: Services | null = null;
let draining = false;

/** Installs the services opened by main.ts. */
export function setServices(services: Services | null): void {
  current = services;
}

/** The open services; throws when main.ts has not opened them. */
export function services(): Services {
  if (!current) {
    throw new Error(
      "Services are not open: start the app through main.ts (deno task start).",
    );
  }
  return current;
}

/** Marks the process as shutting down (readiness answers 503). */
export function setDraining(value: boolean): void {
  draining = value;
}

/** True while the process drains before exit. */
export function isDraining(): boolean {
  return draining;
}

/** True when cookies must be `__Host-` and Secure (production). */
export function secureCookies(): boolean {
  return current?.config.mode === "production";
}
