/**
 * Who may follow a round: its families (an application in the round filed by the employee
 * or by their HR-linked spouse; a draft never submitted does not count) and admins. Anyone
 * else is told the round is not there.
 *
 * @module
 */
import type { Db } from "@/services/db.ts";
import type { Account } from "./accounts.ts";
import { familyOf } from "./family.ts";

/**
 * True when `account` may see the round's live events: an admin (for an existing round), or a
 * parent of a family with an application in it that was submitted and not withdrawn.
 *
 * @example
 * ```ts
 * if (!(await mayFollowRound(db, account, roundId))) return ctx.renderNotFound();
 * ```
 */
export async function mayFollowRound(
  db: Db,
  account: Pick<Account, "id" | "role" | "employeeNo">,
  roundId: number,
): Promise<boolean> {
  if (account.role === "admin") {
    const [round] = await db.sql`select 1 from rounds where id = ${roundId}`;
    return !!round;
  }
  const family = await familyOf(db, account.id);
  const rows = await db.sql`
    select 1
    from applications a
    where a.round_id = ${roundId}
      and a.status not in ('withdrawn', 'draft')
      and a.family_key = any(${family.memberIds}::int8[])
    limit 1`;
  return rows.length > 0;
}
