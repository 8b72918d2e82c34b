/**
 * The session sweep as a timed job: removes sessions that expired more than a day ago.
 * Registered in `app/jobs.ts`. (Creating, reading and renewing sessions is
 * `services/sessions.ts`.)
 *
 * @module
 */
import type { Db } from "@/services/db.ts";

/** How long an expired session row is kept before the sweep removes it. */
export const EXPIRED_SESSION_KEEP_MS = 24 * 60 * 60_000;

/**
 * Deletes the sessions that expired more than a day before `now` (the job's clock time) and
 * returns how many it deleted. Idempotent.
 *
 * @example
 * ```ts
 * const removed = await sweepExpiredSessions(services.db, clock.now());
 * ```
 */
export async function sweepExpiredSessions(db: Db, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - EXPIRED_SESSION_KEEP_MS);
  const [{ n }] = await db.sql<{ n: number }>`
    with gone as (delete from sessions where expires_at < ${cutoff} returning 1)
    select count(*)::int as n from gone`;
  return n;
}
