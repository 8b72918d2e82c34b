/**
 * Server-side sessions. The browser holds only an opaque 128-bit id; Postgres holds the SHA-256
 * of that id (so a leaked table cannot be replayed), the account and the CSRF token. Lookups are
 * cached in Redis for a minute; a Redis outage falls back to Postgres and logs nobody out.
 *
 * @module
 */
import type { Cache } from "./cache.ts";
import type { Db } from "./db.ts";
import { randomId, sha256Hex } from "./encoding.ts";

/** How long a session lives without activity. */
export const SESSION_IDLE_MS = 8 * 60 * 60 * 1000;
const CACHE_TTL_MS = 60_000;

/** A signed-in session. */
export interface Session {
  /** SHA-256 of the cookie value (never the cookie value itself). */
  idHash: string;
  /** The signed-in account's id. */
  accountId: number;
  /** The session's CSRF token, for forms and the `x-csrf-token` header. */
  csrfToken: string;
  /** When the session ends unless renewed, epoch ms. */
  expiresAt: number;
  /** True when this request slid the expiry (the cookie should be sent again). */
  renewed?: boolean;
}

/** The cookie name: `__Host-` and Secure in production. */
export function sessionCookieName(secure: boolean): string {
  return secure ? "__Host-kic_session" : "kic_session";
}

/** Creates a session and returns the opaque cookie value with the session. */
export async function createSession(
  db: Db,
  accountId: number,
  userAgent: string | null,
): Promise<{ cookieValue: string; session: Session }> {
  const cookieValue = randomId(16);
  const idHash = await sha256Hex(cookieValue);
  const csrfToken = randomId(24);
  const expiresAt = Date.now() + SESSION_IDLE_MS;
  await db
    .sql`insert into sessions (id, account_id, csrf_token, expires_at, user_agent)
    values (${idHash}, ${accountId}, ${csrfToken}, ${new Date(expiresAt)}, ${
    userAgent?.slice(0, 300) ?? null
  })`;
  return { cookieValue, session: { idHash, accountId, csrfToken, expiresAt } };
}

async function cached(cache: Cache, key: string): Promise<Session | null> {
  try {
    const hit = await cache.get(key);
    return hit ? JSON.parse(hit) as Session : null;
  } catch {
    return null;
  }
}

/** Loads the session for a cookie value, sliding its expiry; null when unknown or expired. */
export async function loadSession(
  db: Db,
  cache: Cache,
  cookieValue: string,
): Promise<Session | null> {
  if (!/^[A-Za-z0-9_-]{22}$/.test(cookieValue)) return null;
  const idHash = await sha256Hex(cookieValue);
  const key = `session:${idHash}`;
  const now = Date.now();
  const hit = await cached(cache, key);
  if (hit && hit.expiresAt - now >= SESSION_IDLE_MS / 2) return hit;
  const rows = await db.sql<
    { account_id: number; csrf_token: string; expires_at: Date }
  >`
    select s.account_id, s.csrf_token, s.expires_at from sessions s
    join accounts a on a.id = s.account_id
    where s.id = ${idHash} and s.expires_at > now() and a.disabled_at is null`;
  if (rows.length === 0) return null;
  const session: Session = {
    idHash,
    accountId: Number(rows[0].account_id),
    csrfToken: rows[0].csrf_token,
    expiresAt: rows[0].expires_at.getTime(),
  };
  if (session.expiresAt - now < SESSION_IDLE_MS / 2) {
    session.expiresAt = now + SESSION_IDLE_MS;
    session.renewed = true;
    await db.sql`update sessions set expires_at = ${new Date(
      session.expiresAt,
    )}, last_seen_at = now()
      where id = ${idHash}`;
  }
  try {
    await cache.set(
      key,
      JSON.stringify({ ...session, renewed: undefined }),
      CACHE_TTL_MS,
    );
  } catch { /* the cache is an optimisation */ }
  return session;
}

/** Ends a session everywhere (database and cache). */
export async function destroySession(
  db: Db,
  cache: Cache,
  idHash: string,
): Promise<void> {
  await db.sql`delete from sessions where id = ${idHash}`;
  try {
    await cache.del(`session:${idHash}`);
  } catch { /* expires within a minute anyway */ }
}
