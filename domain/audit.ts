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
    insert into audit_log (actor_id, action, object_type, object_id, before, after)
    values (
      ${entry.actorId}, ${entry.action}, ${entry.objectType},
      ${entry.objectId === null ? null : String(entry.objectId)},
      ${json(entry.before)}::jsonb, ${json(entry.after)}::jsonb
    )`;
}
