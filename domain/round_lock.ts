/**
 * After the freeze nothing that enters the draw may change (rules.md "Round calendar"): every
 * write path that could change an entrant calls one of these checks first, inside its own
 * transaction, and the freeze itself locks the round's row, so a change and the freeze never
 * interleave. A refusal throws {@link RoundFrozenError}, which the error middleware answers
 * with 409 and a message naming the round.
 *
 * @module
 */
import type { Db } from "@/services/db.ts";
import { RoundFrozenError } from "@/utils/errors.ts";

/** The round statuses in which the entry list is final. */
export const LOCKED_STATUSES = ["frozen", "drawn"] as const;

interface LockedRow {
  id: number;
  name: string;
}

function refuse(rows: LockedRow[]): void {
  if (rows.length) {
    throw new RoundFrozenError({ id: Number(rows[0].id), name: rows[0].name });
  }
}

/**
 * Refuses (throws {@link RoundFrozenError}) when the round is frozen or drawn. Takes a share
 * lock on the round's row, so a freeze in progress waits for the change or the change waits
 * for the freeze and is refused.
 *
 * @example
 * ```ts
 * await db.transaction(async (tx) => {
 *   await assertRoundOpenForEntrants(tx, roundId);
 *   // … the change
 * });
 * ```
 */
export async function assertRoundOpenForEntrants(
  tx: Db,
  roundId: number,
): Promise<void> {
  const rows = await tx.sql<LockedRow & { status: string }>`
    select id, name, status from rounds where id = ${roundId} for share`;
  refuse(
    rows.filter((r) =>
      (LOCKED_STATUSES as readonly string[]).includes(r.status)
    ),
  );
}

/**
 * Refuses when the child is in an application with an entrant in a frozen, not yet drawn round
 * (its name or birth date is what the family checks its pseudonyms against).
 *
 * @example
 * ```ts
 * await assertChildOpenForEntrants(tx, childId);
 * ```
 */
export async function assertChildOpenForEntrants(
  tx: Db,
  childId: number,
): Promise<void> {
  refuse(
    await tx.sql<LockedRow>`
      select r.id, r.name from application_children ac
      join draw_entrants e on e.application_id = ac.application_id
      join rounds r on r.id = e.round_id
      where ac.child_id = ${childId} and r.status = 'frozen'
      order by r.id limit 1`,
  );
}

/**
 * Refuses a change of HR facts that weigh an entrant (join date, spouse link) for any of the
 * accounts, or their HR-linked spouses, whose family has an entrant in a frozen, not yet drawn
 * round.
 *
 * @example
 * ```ts
 * if (joinDateChanged || spouseChanged) await assertHrOpenForEntrants(tx, [id]);
 * ```
 */
export async function assertHrOpenForEntrants(
  tx: Db,
  accountIds: number[],
): Promise<void> {
  if (accountIds.length === 0) return;
  refuse(
    await tx.sql<LockedRow>`
      with people as (
        select id from accounts where id = any(${accountIds}::int8[])
        union
        select s.id from accounts me
        join accounts s on s.employee_no = me.spouse_employee_no and s.id <> me.id
        where me.id = any(${accountIds}::int8[])
        union
        select me.id from accounts me
        join accounts s on me.employee_no = s.spouse_employee_no and s.id <> me.id
        where s.id = any(${accountIds}::int8[]))
      select r.id, r.name from applications a
      join draw_entrants e on e.application_id = a.id
      join rounds r on r.id = a.round_id
      where r.status = 'frozen' and a.family_key in (select id from people)
      order by r.id limit 1`,
  );
}
