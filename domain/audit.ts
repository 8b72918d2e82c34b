/**
 * The audit trail: every admin action writes one row (who, when, what, which object, before
 * and after) in the same transaction as the change. A bulk action writes one row per object
 * with a shared action id. Reading a family's document and exporting names are logged too.
 *
 * @module
 */
import type { Db } from "@/services/db.ts";

/** One audited action on one object. */
export interface AuditEntry {
  /** The admin (or employee) who acted; null for the system (a job). */
  actorId: number | null;
  /** What was done, as `object.verb`: `employee.deactivate`, `round.create`, `document.open`. */
  action: string;
  /** The kind of object: `account`, `round`, `recruitment`, `document`, … */
  objectType: string;
  /** The object's id (text, so composite keys fit). */
  objectId: string | number | null;
  /** The object before the change (null for a creation or a read). */
  before?: unknown;
  /** The object after the change (null for a deletion or a read). */
  after?: unknown;
  /**
   * The shared id of a bulk action (an import): one row per object, all with this id. Make it
   * once per action with {@link newBatchId}.
   */
  batchId?: string;
}

/**
 * Writes one audit row. Call it with the transaction that makes the change, so the change and
 * its record commit or roll back together.
 *
 * @example
 * ```ts
 * await db.transaction(async (tx) => {
 *   const [before] = await tx.sql`select * from accounts where id = ${id} for update`;
 *   const [after] = await tx.sql`update accounts set disabled_at = now() where id = ${id} returning *`;
 *   await recordAudit(tx, { actorId: admin.id, action: "employee.deactivate",
 *     objectType: "account", objectId: id, before, after });
 * });
 * ```
 */
export async function recordAudit(tx: Db, entry: AuditEntry): Promise<void> {
  const json = (value: unknown) =>
    value === undefined || value === null ? null : JSON.stringify(value);
  await tx.sql`
    insert into audit_log
      (actor_id, action, object_type, object_id, before, after, batch_id)
    values (
      ${entry.actorId}, ${entry.action}, ${entry.objectType},
      ${entry.objectId === null ? null : String(entry.objectId)},
      ${json(entry.before)}::jsonb, ${json(entry.after)}::jsonb,
      ${entry.batchId ?? null}
    )`;
}

/**
 * A new id for the rows of one bulk action (a UUID).
 *
 * @example
 * ```ts
 * const batchId = newBatchId();
 * for (const row of rows) {
 *   await recordAudit(tx, { actorId, action: "employee.import", objectType: "account",
 *     objectId: row.id, after: row, batchId });
 * }
 * ```
 */
export function newBatchId(): string {
  return crypto.randomUUID();
}

/** The filters of {@link searchAudit}; each one left out matches everything. */
export interface AuditQuery {
  /** The actor: part of their account id, Korean name or employee number. */
  person?: string;
  /** The action, or its start: `employee` matches `employee.create` and `employee.edit`. */
  action?: string;
  /** The object's type (`account`), exactly. */
  objectType?: string;
  /** The object's id, exactly. */
  objectId?: string;
  /** The shared id of a bulk action, exactly. */
  batchId?: string;
  /** Rows at or after this instant. */
  from?: Date;
  /** Rows before this instant. */
  until?: Date;
  /** Page number from 1 (default 1). */
  page?: number;
  /** Rows per page (default {@link AUDIT_PAGE_SIZE}). */
  pageSize?: number;
}

/** One audit row as the admin page shows it. */
export interface AuditRow {
  id: number;
  at: Date;
  actorId: number | null;
  /** The actor's account id and Korean name, or null for the system. */
  actorLogin: string | null;
  actorName: string | null;
  action: string;
  objectType: string;
  objectId: string | null;
  before: unknown;
  after: unknown;
  batchId: string | null;
}

/** Rows per page of the audit log. */
export const AUDIT_PAGE_SIZE = 50;

/**
 * A LIKE pattern that matches `text` anywhere, with `%`, `_` and `\` taken literally.
 *
 * @example
 * ```ts
 * likePattern("50%"); // "%50\\%%"
 * ```
 */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Searches the audit log, newest first, one page at a time.
 *
 * @example
 * ```ts
 * const { rows, total } = await searchAudit(db, { action: "employee", page: 2 });
 * ```
 */
export async function searchAudit(
  db: Db,
  query: AuditQuery,
): Promise<{ rows: AuditRow[]; total: number }> {
  const size = query.pageSize ?? AUDIT_PAGE_SIZE;
  const offset = (Math.max(1, query.page ?? 1) - 1) * size;
  const person = query.person ? likePattern(query.person) : null;
  const action = query.action
    ? `${query.action.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    : null;
  const type = query.objectType || null;
  const id = query.objectId || null;
  const batch = query.batchId || null;
  const from = query.from ?? null;
  const until = query.until ?? null;
  const found = await db.sql<
    {
      id: number;
      at: Date;
      actor_id: number | null;
      login: string | null;
      name_ko: string | null;
      action: string;
      object_type: string;
      object_id: string | null;
      before: unknown;
      after: unknown;
      batch_id: string | null;
      total: number;
    }
  >`
    select l.id, l.at, l.actor_id, a.login, a.name_ko, l.action, l.object_type, l.object_id,
      l.before, l.after, l.batch_id, count(*) over ()::int as total
    from audit_log l left join accounts a on a.id = l.actor_id
    where (${person}::text is null or a.login ilike ${person} or a.name_ko ilike ${person}
        or a.employee_no ilike ${person})
      and (${action}::text is null or l.action like ${action})
      and (${type}::text is null or l.object_type = ${type})
      and (${id}::text is null or l.object_id = ${id})
      and (${batch}::text is null or l.batch_id = ${batch})
      and (${from}::timestamptz is null or l.at >= ${from})
      and (${until}::timestamptz is null or l.at < ${until})
    order by l.at desc, l.id desc
    limit ${size} offset ${offset}`;
  return {
    total: found[0]?.total ?? 0,
    rows: found.map((r) => ({
      id: Number(r.id),
      at: r.at,
      actorId: r.actor_id === null ? null : Number(r.actor_id),
      actorLogin: r.login,
      actorName: r.name_ko,
      action: r.action,
      objectType: r.object_type,
      objectId: r.object_id,
      before: r.before,
      after: r.after,
      batchId: r.batch_id,
    })),
  };
}
