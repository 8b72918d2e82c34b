/**
 * Idempotent form submissions: a key is claimed once (atomic in PostgreSQL: the primary key
 * decides), the first answer is stored, and repeats get that answer.
 *
 * @module
 */
import type { Db } from "@/services/db.ts";

/** A stored answer: what a repeat of the request receives. */
export interface StoredAnswer {
  /** HTTP status. */
  status: number;
  /** Location header of a redirect, if any. */
  location: string | null;
  /** Content-Type of the body, if any. */
  contentType: string | null;
  /** The body text (HTML of a form that came back), if any. */
  body: string | null;
}

/** What {@link claimKey} found. */
export type Claim =
  | { kind: "claimed" }
  | { kind: "pending" }
  | { kind: "done"; answer: StoredAnswer };

/**
 * Claims `key` for this request, or reports the request that holds it.
 *
 * @example
 * ```ts
 * const claim = await claimKey(db, key);
 * if (claim.kind === "done") return replay(claim.answer);
 * ```
 */
export async function claimKey(db: Db, key: string): Promise<Claim> {
  const inserted = await db.sql`
    insert into idempotency_keys (key) values (${key})
    on conflict (key) do nothing
    returning key`;
  if (inserted.length) return { kind: "claimed" };
  const [row] = await db.sql<{
    state: string;
    status: number | null;
    location: string | null;
    content_type: string | null;
    body: string | null;
  }>`select state, status, location, content_type, body
     from idempotency_keys where key = ${key}`;
  if (!row) return await claimKey(db, key); // swept in between: claim again
  if (row.state !== "done") return { kind: "pending" };
  return {
    kind: "done",
    answer: {
      status: row.status ?? 200,
      location: row.location,
      contentType: row.content_type,
      body: row.body,
    },
  };
}

/**
 * Stores the answer of the request that claimed `key`.
 *
 * @example
 * ```ts
 * await completeKey(db, key, { status: 303, location: "/done", contentType: null, body: null });
 * ```
 */
export async function completeKey(
  db: Db,
  key: string,
  answer: StoredAnswer,
): Promise<void> {
  await db.sql`
    update idempotency_keys
    set state = 'done', status = ${answer.status}, location = ${answer.location},
        content_type = ${answer.contentType}, body = ${answer.body}
    where key = ${key}`;
}

/**
 * Gives up a claim (the request failed), so a retry runs again.
 *
 * @example
 * ```ts
 * await releaseKey(db, key); // the run threw: a retry runs again
 * ```
 */
export async function releaseKey(db: Db, key: string): Promise<void> {
  await db
    .sql`delete from idempotency_keys where key = ${key} and state = 'pending'`;
}

/**
 * Deletes keys older than a day; returns how many. A job runs it.
 *
 * @example
 * ```ts
 * const removed = await sweepIdempotencyKeys(db);
 * ```
 */
export async function sweepIdempotencyKeys(db: Db): Promise<number> {
  const rows = await db.sql`
    delete from idempotency_keys where created_at < now() - interval '1 day'
    returning key`;
  return rows.length;
}
