/**
 * Passwords: the one-time set-up link of a new employee, the 6-digit reset code of a forgotten
 * password, and the change on the profile page.
 *
 * Reset rules, after the sign-in rule (`signin.ts`): a third party cannot stop the owner.
 * - A request never voids an earlier code: every code works for 10 minutes until used, and a
 *   successful reset ends them all.
 * - The page that asks for the code carries a ticket (a random value whose hash the cache maps
 *   to the code it asked for). With its ticket a code has its own 5 wrong tries; only the
 *   browser that asked for the code can spend them, and checking it spends no shared budget.
 *   Any other entry (no ticket, a lost page, or a code that another request mailed) is checked
 *   against every live code of the account from a shared per-account budget that never touches
 *   any code's own tries. So a stranger's guesses never void the owner's newest code.
 * - New codes are limited per browser that signed in to the account before (its device cookie:
 *   its own budget), otherwise per account and client address, under an hourly cap per account.
 *   A stranger can use up only their own budgets and the cap for untrusted browsers.
 * - The request answers the same whether or not the account exists.
 *
 * @module
 */
import { createHmac } from "node:crypto";
import type { Locale, MessageKey } from "@/i18n/mod.ts";
import type { Db } from "@/services/db.ts";
import { randomId, safeEqualText, sha256Hex } from "@/services/encoding.ts";
import { hashPassword, verifyPassword } from "@/services/password.ts";
import type { Services } from "@/services/services.ts";
import { formatDateTime } from "@/utils/format.ts";
import { trustedDevice } from "./signin.ts";
import { enqueueTemplatedMail } from "./mail_templates.ts";

/** Time limits and budgets of the password rules. */
export const PASSWORD_LIMITS = {
  /** The fewest characters of a password. */
  minLength: 10,
  /** How long a set-up link works. */
  setupTtlMs: 72 * 60 * 60_000,
  /** How long a reset code works. */
  resetTtlMs: 10 * 60_000,
  /** Wrong tries of one code through its own ticket, after which that code stops working. */
  codeAttempts: 5,
  /** Codes per window for a trusted browser, or per account and address otherwise. */
  requestsPerWindow: 3,
  /** Codes per window for all untrusted browsers of one account together. */
  untrustedRequestsPerWindow: 10,
  /** The window of the request budgets. */
  requestWindowMs: 60 * 60_000,
  /** Entries checked against every live code, per account per window. */
  ticketlessTries: 5,
  /** The window of the ticketless entries. */
  ticketlessWindowMs: 15 * 60_000,
  /** Wrong old passwords on the profile page per account per window. */
  changeTries: 5,
};

/**
 * The message key for a password the rules refuse (shorter than 10 characters, or equal to the
 * account id), or null when it is fine.
 *
 * @example
 * ```ts
 * import { passwordProblem } from "@/domain/passwords.ts";
 * passwordProblem("short", "kim.hana"); // "password.error.short"
 * passwordProblem("kim.hana", "kim.hana"); // "password.error.sameAsLogin"
 * passwordProblem("a long passphrase", "kim.hana"); // null
 * ```
 */
export function passwordProblem(
  password: string,
  login: string,
): MessageKey | null {
  if ([...password].length < PASSWORD_LIMITS.minLength) {
    return "password.error.short";
  }
  if (password.trim().toLowerCase() === login.toLowerCase()) {
    return "password.error.sameAsLogin";
  }
  return null;
}

interface TargetRow {
  id: number;
  login: string;
  email: string;
  name_ko: string;
  locale: Locale;
}

/** Options of {@link issuePasswordSetup}. */
export interface PasswordSetupOptions {
  /** The new employee's account. */
  accountId: number;
  /** The time of the request (the app clock). */
  now: Date;
  /** The public origin the link points to, e.g. `https://kic.example.com`. */
  origin: string;
}

/**
 * Makes a one-time set-password link (72 hours; only the SHA-256 of its secret is stored) and
 * puts its mail, in the employee's language, in the outbox. Call it in the transaction that
 * creates the employee.
 *
 * @example
 * ```ts
 * await db.transaction(async (tx) => {
 *   const [{ id }] = await tx.sql`insert into accounts (...) values (...) returning id`;
 *   await issuePasswordSetup(tx, { accountId: id, now: clock.now(), origin });
 * });
 * ```
 *
 * @returns the link (tests follow it; it is also in the mail)
 */
export async function issuePasswordSetup(
  tx: Db,
  options: PasswordSetupOptions,
): Promise<{ link: string }> {
  const [account] = await tx.sql<TargetRow>`
    select id, login, email, name_ko, locale from accounts where id = ${options.accountId}`;
  if (!account) throw new Error(`no account ${options.accountId}`);
  const secret = randomId(24);
  const expires = new Date(options.now.getTime() + PASSWORD_LIMITS.setupTtlMs);
  const [row] = await tx.sql<{ id: number }>`
    insert into password_tokens (account_id, kind, secret_hash, created_at, expires_at)
    values (${account.id}, 'setup', ${await sha256Hex(
    secret,
  )}, ${options.now}, ${expires})
    returning id`;
  const link = `${options.origin}/password/setup?token=${
    Number(row.id)
  }.${secret}`;
  await enqueueTemplatedMail(tx, {
    to: account.email,
    locale: account.locale,
    mail: {
      kind: "passwordSetup",
      name: account.name_ko,
      login: account.login,
      link,
      expires: formatDateTime(expires, account.locale),
    },
  });
  return { link };
}

/** Why a set-up link does not work. */
export type SetupLinkProblem = "invalid" | "expired" | "used";

/** A set-up link's account, or why the link does not work. */
export type SetupLink =
  | {
    ok: true;
    tokenId: number;
    accountId: number;
    login: string;
    name: string;
  }
  | { ok: false; problem: SetupLinkProblem };

/**
 * Looks up a set-up link's token (`<id>.<secret>`): its account, or why it does not work.
 *
 * @example
 * ```ts
 * const link = await checkSetupToken(db, url.searchParams.get("token"), clock.now());
 * if (!link.ok) return ctx.render({ problem: link.problem });
 * ```
 */
export async function checkSetupToken(
  db: Db,
  token: string | null | undefined,
  now: Date,
): Promise<SetupLink> {
  const m = /^([1-9][0-9]{0,15})\.([A-Za-z0-9_-]{32})$/.exec(token ?? "");
  if (!m) return { ok: false, problem: "invalid" };
  const rows = await db.sql<{
    id: number;
    account_id: number;
    secret_hash: string;
    expires_at: Date;
    used_at: Date | null;
    login: string;
    name_ko: string;
    has_password: boolean;
  }>`
    select t.id, t.account_id, t.secret_hash, t.expires_at, t.used_at, a.login, a.name_ko,
      a.password_hash is not null as has_password
    from password_tokens t join accounts a on a.id = t.account_id
    where t.id = ${
    Number(m[1])
  } and t.kind = 'setup' and a.disabled_at is null`;
  const row = rows[0];
  if (!row || !safeEqualText(row.secret_hash, await sha256Hex(m[2]))) {
    return { ok: false, problem: "invalid" };
  }
  if (row.used_at) return { ok: false, problem: "used" };
  if (row.expires_at.getTime() <= now.getTime()) {
    return { ok: false, problem: "expired" };
  }
  return {
    ok: true,
    tokenId: Number(row.id),
    accountId: Number(row.account_id),
    login: row.login,
    name: row.name_ko,
  };
}

/** Options of {@link completePasswordSetup}. */
export interface CompleteSetupOptions {
  /** The link's token. */
  token: string;
  /** The new password (already checked with {@link passwordProblem}). */
  password: string;
  /** The time (the app clock). */
  now: Date;
}

/**
 * Sets the first password through a set-up link, once: the link is used up in the same
 * transaction, and every other set-up link of the account with it.
 *
 * @example
 * ```ts
 * const result = await completePasswordSetup(services, { token, password, now: clock.now() });
 * if (result.ok) return redirect("/login?notice=password-set");
 * ```
 */
export async function completePasswordSetup(
  svc: Services,
  options: CompleteSetupOptions,
): Promise<SetupLink> {
  const link = await checkSetupToken(svc.db, options.token, options.now);
  if (!link.ok) return link;
  const hash = await hashPassword(options.password);
  const done = await svc.db.transaction(async (tx) => {
    const used = await tx.sql`
      update password_tokens set used_at = ${options.now}
      where id = ${link.tokenId} and used_at is null returning id`;
    if (used.length === 0) return false;
    await tx.sql`
      update password_tokens set used_at = ${options.now}
      where account_id = ${link.accountId} and kind = 'setup' and used_at is null`;
    await tx
      .sql`update accounts set password_hash = ${hash} where id = ${link.accountId}`;
    return true;
  });
  if (!done) return { ok: false, problem: "used" };
  await endSessions(svc, link.accountId);
  return link;
}

/** Ends every session of an account but `keep` (a session id hash), in the database and cache. */
async function endSessions(
  svc: Services,
  accountId: number,
  keep?: string,
): Promise<void> {
  const gone = await svc.db.sql<{ id: string }>`
    delete from sessions where account_id = ${accountId} and id <> ${keep ?? ""}
    returning id`;
  for (const { id } of gone) {
    try {
      await svc.cache.del(`session:${id}`);
    } catch { /* a cached session expires within a minute */ }
  }
}

function codeHash(secret: string, accountId: number, code: string): string {
  return createHmac("sha256", secret).update(`reset\n${accountId}\n${code}`)
    .digest("base64url");
}

function randomCode(): string {
  const n = crypto.getRandomValues(new Uint32Array(1))[0] % 1_000_000;
  return String(n).padStart(6, "0");
}

const ticketKey = async (ticket: string) =>
  `pwreset:ticket:${await sha256Hex(ticket)}`;

/** One reset request. */
export interface ResetRequest {
  /** The account id typed in (lower-cased). */
  login: string;
  /** The client address. */
  client: string;
  /** The browser's device cookie, if it has one. */
  deviceCookie?: string | null;
  /** The time (the app clock). */
  now: Date;
  /** The public origin for the link in the mail. */
  origin: string;
}

/**
 * Asks for a reset code. Always returns a fresh ticket (a random value), whether or not the
 * account exists and whether or not a code was sent, so the answer reveals nothing; when the
 * account exists and the budgets allow, a new code is mailed and the ticket points to it.
 * Earlier codes keep working.
 *
 * @example
 * ```ts
 * const { ticket } = await requestPasswordReset(services, { login, client, now, origin });
 * ```
 */
export async function requestPasswordReset(
  svc: Services,
  request: ResetRequest,
): Promise<{ ticket: string }> {
  const ticket = randomId(24);
  const login = request.login;
  const device = trustedDevice(
    svc.config.appSecret,
    login,
    request.deviceCookie,
  );
  const window = PASSWORD_LIMITS.requestWindowMs;
  const budget = device
    ? await svc.cache.rateLimit(
      `pwreset:req:dev:${device}`,
      PASSWORD_LIMITS.requestsPerWindow,
      window,
    )
    : await svc.cache.rateLimit(
      `pwreset:req:addr:${login}:${request.client}`,
      PASSWORD_LIMITS.requestsPerWindow,
      window,
    );
  if (!budget.allowed) return { ticket };
  if (!device) {
    const cap = await svc.cache.rateLimit(
      `pwreset:req:acct:${login}`,
      PASSWORD_LIMITS.untrustedRequestsPerWindow,
      window,
    );
    if (!cap.allowed) return { ticket };
  }
  const code = randomCode();
  const tokenId = await svc.db.transaction(async (tx) => {
    const [account] = await tx.sql<TargetRow>`
      select id, login, email, name_ko, locale from accounts
      where login = ${login} and disabled_at is null`;
    if (!account) return null;
    const expires = new Date(
      request.now.getTime() + PASSWORD_LIMITS.resetTtlMs,
    );
    const [row] = await tx.sql<{ id: number }>`
      insert into password_tokens (account_id, kind, secret_hash, created_at, expires_at)
      values (${account.id}, 'reset',
        ${codeHash(svc.config.appSecret, Number(account.id), code)},
        ${request.now}, ${expires})
      returning id`;
    await enqueueTemplatedMail(tx, {
      to: account.email,
      locale: account.locale,
      mail: {
        kind: "passwordReset",
        name: account.name_ko,
        code,
        minutes: PASSWORD_LIMITS.resetTtlMs / 60_000,
        link: `${request.origin}/password/reset?step=code`,
      },
    });
    return Number(row.id);
  });
  if (tokenId !== null) {
    await svc.cache.set(
      await ticketKey(ticket),
      String(tokenId),
      PASSWORD_LIMITS.resetTtlMs,
    );
  }
  return { ticket };
}

/** One code entry. */
export interface ResetConfirmation {
  /** The account id typed in (lower-cased). */
  login: string;
  /** The ticket of the page that asked for the code ("" when there is none). */
  ticket: string;
  /** The 6 digits typed in. */
  code: string;
  /** The new password (already checked with {@link passwordProblem}). */
  password: string;
  /** The time (the app clock). */
  now: Date;
}

/** What a code entry gives. */
export type ResetOutcome =
  | { ok: true; accountId: number }
  | { ok: false; reason: "wrong" }
  | { ok: false; reason: "rate-limited"; retryAfterMs: number };

/** Spends one try of a budget (per {@link PASSWORD_LIMITS.ticketlessWindowMs}); the refusal when it is used up. */
async function spend(
  svc: Services,
  key: string,
  limit: number,
): Promise<{ ok: false; reason: "rate-limited"; retryAfterMs: number } | null> {
  const budget = await svc.cache.rateLimit(
    key,
    limit,
    PASSWORD_LIMITS.ticketlessWindowMs,
  );
  return budget.allowed
    ? null
    : { ok: false, reason: "rate-limited", retryAfterMs: budget.retryAfterMs };
}

interface CodeRow {
  id: number;
  secret_hash: string;
  attempts: number;
}

/**
 * Checks a reset code and, when it is right, sets the new password, uses up every reset code of
 * the account, ends all its sessions and mails a notice. The ticket's own code is checked first
 * (a miss spends one of its own tries); then every live code, from the account's shared budget.
 *
 * @example
 * ```ts
 * const outcome = await confirmPasswordReset(services, { login, ticket, code, password, now });
 * if (outcome.ok) return redirect("/login?notice=password-reset");
 * ```
 */
export async function confirmPasswordReset(
  svc: Services,
  entry: ResetConfirmation,
): Promise<ResetOutcome> {
  const secret = svc.config.appSecret;
  const [account] = await svc.db.sql<TargetRow>`
    select id, login, email, name_ko, locale from accounts
    where login = ${entry.login} and disabled_at is null`;
  const ticketed = entry.ticket && /^[A-Za-z0-9_-]{32}$/.test(entry.ticket)
    ? Number(await svc.cache.get(await ticketKey(entry.ticket))) || null
    : null;
  let match: number | null = null;
  let ownCode = false;
  if (ticketed !== null && account) {
    // The code this page asked for: its own tries, no shared budget.
    const [row] = await svc.db.sql<CodeRow>`
      select id, secret_hash, attempts from password_tokens
      where id = ${ticketed} and account_id = ${account.id} and kind = 'reset'
        and used_at is null and expires_at > ${entry.now}
        and attempts < ${PASSWORD_LIMITS.codeAttempts}`;
    const expected = codeHash(secret, Number(account.id), entry.code);
    ownCode = !!row;
    if (row && safeEqualText(row.secret_hash, expected)) match = Number(row.id);
    else if (row) {
      await svc.db.sql`
        update password_tokens set attempts = attempts + 1 where id = ${row.id}`;
    }
  }
  if (match === null) {
    // Any other live code of the account (a lost page, or a code another request sent):
    // from the shared budget, which spends no code's own tries.
    const limited = await spend(
      svc,
      `pwreset:try:${entry.login}`,
      PASSWORD_LIMITS.ticketlessTries,
    );
    // The page's own code still has tries: the answer is about the code, not the budget.
    if (limited) return ownCode ? { ok: false, reason: "wrong" } : limited;
    if (!account) return { ok: false, reason: "wrong" };
    const expected = codeHash(secret, Number(account.id), entry.code);
    const rows = await svc.db.sql<CodeRow>`
      select id, secret_hash, attempts from password_tokens
      where account_id = ${account.id} and kind = 'reset'
        and used_at is null and expires_at > ${entry.now}
      order by id desc`;
    match = rows.find((r) => safeEqualText(r.secret_hash, expected))?.id ??
      null;
    if (match === null) return { ok: false, reason: "wrong" };
  }
  const accountId = Number(account!.id);
  const hash = await hashPassword(entry.password);
  const done = await svc.db.transaction(async (tx) => {
    const used = await tx.sql`
      update password_tokens set used_at = ${entry.now}
      where id = ${match} and used_at is null returning id`;
    if (used.length === 0) return false;
    await tx.sql`
      update password_tokens set used_at = ${entry.now}
      where account_id = ${accountId} and kind = 'reset' and used_at is null`;
    await tx
      .sql`update accounts set password_hash = ${hash} where id = ${accountId}`;
    await notifyChanged(tx, account!, entry.now, svc.config.publicOrigin);
    return true;
  });
  if (!done) return { ok: false, reason: "wrong" };
  await endSessions(svc, accountId);
  return { ok: true, accountId };
}

async function notifyChanged(
  tx: Db,
  account: TargetRow,
  now: Date,
  origin: string,
): Promise<void> {
  await enqueueTemplatedMail(tx, {
    to: account.email,
    locale: account.locale,
    mail: {
      kind: "passwordChanged",
      name: account.name_ko,
      at: formatDateTime(now, account.locale),
      link: `${origin}/password/reset`,
    },
  });
}

/** One password change on the profile page. */
export interface PasswordChange {
  /** The signed-in account. */
  accountId: number;
  /** The session that asks (kept; every other session ends). */
  sessionIdHash: string;
  /** The current password typed in. */
  oldPassword: string;
  /** The new password (already checked with {@link passwordProblem}). */
  newPassword: string;
  /** The time (the app clock). */
  now: Date;
}

/** What a password change gives. */
export type ChangeOutcome =
  | { ok: true }
  | { ok: false; reason: "wrong-old" }
  | { ok: false; reason: "rate-limited"; retryAfterMs: number };

/**
 * Changes a password after checking the current one, ends every other session of the account
 * and mails a notice. Wrong current passwords are limited per account.
 *
 * @example
 * ```ts
 * const outcome = await changePassword(services, {
 *   accountId: account.id, sessionIdHash: session.idHash, oldPassword, newPassword, now,
 * });
 * ```
 */
export async function changePassword(
  svc: Services,
  change: PasswordChange,
): Promise<ChangeOutcome> {
  const [row] = await svc.db.sql<TargetRow & { password_hash: string | null }>`
    select id, login, email, name_ko, locale, password_hash from accounts
    where id = ${change.accountId}`;
  const budgetKey = `pwchange:${change.accountId}`;
  const limited = await spend(svc, budgetKey, PASSWORD_LIMITS.changeTries);
  if (limited) return limited;
  if (
    !row?.password_hash ||
    !await verifyPassword(change.oldPassword, row.password_hash)
  ) {
    return { ok: false, reason: "wrong-old" };
  }
  await svc.cache.del(budgetKey);
  const hash = await hashPassword(change.newPassword);
  await svc.db.transaction(async (tx) => {
    await tx
      .sql`update accounts set password_hash = ${hash} where id = ${row.id}`;
    await notifyChanged(tx, row, change.now, svc.config.publicOrigin);
  });
  await endSessions(svc, change.accountId, change.sessionIdHash);
  return { ok: true };
}
