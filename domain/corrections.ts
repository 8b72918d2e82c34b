/**
 * What an open correction lets a family change once the application window has closed: the
 * document kinds and the children (name or birth date) the admin named, never the choices, and
 * only until the round is frozen. A correction is done once the family has made every named
 * change (a new document of each named kind uploaded after the request, each named child saved);
 * the application then stays `needs_review`, back in the admin's queue
 * (`services/migrations/0010_review_freeze.sql`).
 *
 * This module reads only the database, so the family's use cases (documents, children) and the
 * admin's review can all use it.
 *
 * @module
 */
import type { Db } from "@/services/db.ts";

/** Round statuses after which nothing of an application changes any more. */
export const FROZEN_ROUND_STATUSES = ["frozen", "drawn", "closed"] as const;

/** An open correction of an application. */
export interface OpenCorrection {
  /** The correction id. */
  id: number;
  /** The application it is for. */
  applicationId: number;
  /** The document kinds the family may replace. */
  documentKinds: string[];
  /** The children whose name or birth date the family may change. */
  childIds: number[];
  /** The named children already saved. */
  correctedChildIds: number[];
  /** What the admin wrote. */
  note: string;
  /** When it was asked for. */
  requestedAt: Date;
}

interface CorrectionRow {
  id: number;
  application_id: number;
  document_kinds: string[];
  child_ids: number[];
  corrected_child_ids: number[];
  note: string;
  requested_at: Date;
}

const toCorrection = (r: CorrectionRow): OpenCorrection => ({
  id: Number(r.id),
  applicationId: Number(r.application_id),
  documentKinds: [...r.document_kinds],
  childIds: r.child_ids.map(Number),
  correctedChildIds: r.corrected_child_ids.map(Number),
  note: r.note,
  requestedAt: r.requested_at,
});

/** Which open corrections {@link openCorrections} reads; each one left out matches all. */
interface CorrectionFilter {
  roundId?: number;
  familyKey?: number;
  childId?: number;
}

/** The open corrections of live applications, in rounds not frozen, oldest first. */
async function openCorrections(
  db: Db,
  filter: CorrectionFilter,
): Promise<OpenCorrection[]> {
  const roundId = filter.roundId ?? null;
  const familyKey = filter.familyKey ?? null;
  const childId = filter.childId ?? null;
  const rows = await db.sql<CorrectionRow>`
    select c.id, c.application_id, c.document_kinds, c.child_ids, c.corrected_child_ids,
      c.note, c.requested_at
    from application_corrections c
    join applications a on a.id = c.application_id
    join rounds r on r.id = a.round_id
    where c.done_at is null and a.status not in ('draft', 'withdrawn', 'excluded')
      and r.status <> all(${[...FROZEN_ROUND_STATUSES]}::text[])
      and (${roundId}::int8 is null or a.round_id = ${roundId})
      and (${familyKey}::int8 is null or a.family_key = ${familyKey})
      and (${childId}::int8 is null or ${childId}::int8 = any(c.child_ids))
    order by c.id`;
  return rows.map(toCorrection);
}

/**
 * The open corrections of the family's live application to a round, while the round is not
 * frozen (none once it is).
 *
 * @example
 * ```ts
 * const open = await familyCorrections(db, { roundId: 1, familyKey: 7 });
 * ```
 */
export function familyCorrections(
  db: Db,
  options: { roundId: number; familyKey: number },
): Promise<OpenCorrection[]> {
  return openCorrections(db, options);
}

/**
 * The open corrections (rounds not frozen) that name a child, in whichever application.
 *
 * @example
 * ```ts
 * const named = await childCorrections(db, 42);
 * ```
 */
export function childCorrections(
  db: Db,
  childId: number,
): Promise<OpenCorrection[]> {
  return openCorrections(db, { childId });
}

/**
 * Notes what the family has just changed for the open corrections of an application (a new
 * document of `kind`, or a save of child `childId`), marks each correction done once every
 * named change is made, and keeps the application in review (`needs_review`). Call it in the
 * transaction of the change. Returns the ids of the corrections it completed.
 *
 * @example
 * ```ts
 * await noteCorrected(tx, { applicationId: 9, kind: "resident_register", now });
 * ```
 */
export async function noteCorrected(
  tx: Db,
  options: {
    applicationId: number;
    kind?: string;
    childId?: number;
    now: Date;
  },
): Promise<number[]> {
  const { applicationId, now } = options;
  const open = await tx.sql<CorrectionRow>`
    select id, application_id, document_kinds, child_ids, corrected_child_ids, note,
      requested_at
    from application_corrections
    where application_id = ${applicationId} and done_at is null
    order by id for update`;
  const completed: number[] = [];
  for (const row of open.map(toCorrection)) {
    const child = options.childId;
    if (child !== undefined && row.childIds.includes(child)) {
      if (!row.correctedChildIds.includes(child)) {
        row.correctedChildIds.push(child);
        await tx.sql`
          update application_corrections
          set corrected_child_ids = ${row.correctedChildIds}::int8[]
          where id = ${row.id}`;
      }
    }
    const fresh = await tx.sql<{ kind: string }>`
      select distinct kind from documents
      where application_id = ${applicationId} and deleted_at is null
        and uploaded_at >= ${row.requestedAt}
        and kind = any(${row.documentKinds}::text[])`;
    const kinds = new Set(fresh.map((f) => f.kind));
    const done = row.documentKinds.every((k) => kinds.has(k)) &&
      row.childIds.every((c) => row.correctedChildIds.includes(c));
    if (done) {
      await tx.sql`
        update application_corrections set done_at = ${now} where id = ${row.id}`;
      completed.push(row.id);
    }
  }
  if (completed.length) {
    await tx.sql`
      update applications set status = 'needs_review', updated_at = ${now}
      where id = ${applicationId} and status in ('submitted', 'accepted')`;
  }
  return completed;
}
