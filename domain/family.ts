/**
 * A family: an employee, plus their spouse when the HR link holds both ways
 * (`accounts.spouse_employee_no` on each side, both accounts active). Children, applications
 * and documents belong to the family, so either parent sees and changes the same ones.
 *
 * @module
 */
import type { Db } from "@/services/db.ts";

/** One parent of a family, as the application needs them. */
export interface Parent {
  /** The account id. */
  id: number;
  /** The Korean name from HR. */
  nameKo: string;
  /** Where mail goes. */
  email: string;
  /** The language mail is written in. */
  locale: "ko" | "en";
  /** The join date from HR (`YYYY-MM-DD`), for years of service. */
  joinDate: string;
}

/** The family of one signed-in employee. */
export interface Family {
  /** `applications.family_key`: the smaller of the two parents' account ids. */
  key: number;
  /** The signed-in parent first, then the HR-linked spouse if any. */
  parents: Parent[];
  /** The account ids of both parents. */
  memberIds: number[];
  /** True when the spouse is an employee too (the HR link): the employee couple factor. */
  couple: boolean;
}

interface ParentRow {
  id: number;
  name_ko: string;
  email: string;
  locale: "ko" | "en";
  join_date: string;
}

/**
 * The family of `accountId`: the account and its HR-linked spouse (the link must hold both
 * ways and the spouse's account be active).
 *
 * @example
 * ```ts
 * const family = await familyOf(db, account.id);
 * family.key; // the smaller parent id, as in applications.family_key
 * ```
 */
export async function familyOf(db: Db, accountId: number): Promise<Family> {
  const rows = await db.sql<ParentRow>`
    select a.id, a.name_ko, a.email, a.locale, a.join_date::text as join_date, 0 as o
    from accounts a where a.id = ${accountId}
    union all
    select s.id, s.name_ko, s.email, s.locale, s.join_date::text, 1
    from accounts me
    join accounts s on s.employee_no = me.spouse_employee_no
      and s.spouse_employee_no = me.employee_no and s.disabled_at is null and s.id <> me.id
    where me.id = ${accountId}
    order by o`;
  const parents = rows.map((r) => ({
    id: Number(r.id),
    nameKo: r.name_ko,
    email: r.email,
    locale: r.locale,
    joinDate: r.join_date,
  }));
  if (parents.length === 0) parents.push(unknownParent(accountId));
  const memberIds = parents.map((p) => p.id);
  return {
    key: Math.min(...memberIds),
    parents,
    memberIds,
    couple: parents.length > 1,
  };
}

function unknownParent(id: number): Parent {
  return { id, nameKo: "", email: "", locale: "ko", joinDate: "1970-01-01" };
}
