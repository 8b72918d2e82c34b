/**
 * An employee's own profile: their HR record (read-only; it comes from the roster) and their
 * language, which the product's mail follows.
 *
 * @module
 */
import type { Locale } from "@/i18n/mod.ts";
import type { Db } from "@/services/db.ts";

/** What the profile page shows. */
export interface Profile {
  name: string;
  login: string;
  email: string;
  employeeNo: string;
  department: string;
  /** YYYY-MM-DD. */
  joinDate: string;
  locale: Locale;
  /** The linked spouse, only when the link holds both ways and the spouse is active. */
  spouse: { name: string; employeeNo: string } | null;
}

/**
 * Loads an employee's profile, or null when the account is gone.
 *
 * @example
 * ```ts
 * const profile = await loadProfile(db, ctx.state.account.id);
 * profile?.spouse; // { name: "박소라", employeeNo: "E1002" } or null
 * ```
 */
export async function loadProfile(
  db: Db,
  accountId: number,
): Promise<Profile | null> {
  const rows = await db.sql<{
    name_ko: string;
    login: string;
    email: string;
    employee_no: string;
    department: string;
    join_date: string;
    locale: Locale;
    spouse_name: string | null;
    spouse_no: string | null;
  }>`
    select a.name_ko, a.login, a.email, a.employee_no, a.department, a.join_date, a.locale,
      s.name_ko as spouse_name, s.employee_no as spouse_no
    from accounts a
    left join accounts s on s.employee_no = a.spouse_employee_no
      and s.spouse_employee_no = a.employee_no and s.disabled_at is null
    where a.id = ${accountId}`;
  const row = rows[0];
  if (!row) return null;
  return {
    name: row.name_ko,
    login: row.login,
    email: row.email,
    employeeNo: row.employee_no,
    department: row.department,
    joinDate: row.join_date,
    locale: row.locale,
    spouse: row.spouse_name && row.spouse_no
      ? { name: row.spouse_name, employeeNo: row.spouse_no }
      : null,
  };
}

/**
 * Saves an employee's language (`accounts.locale`), which their mail follows.
 *
 * @example
 * ```ts
 * await saveLocale(db, account.id, "en");
 * ```
 */
export async function saveLocale(
  db: Db,
  accountId: number,
  locale: Locale,
): Promise<void> {
  await db.sql`update accounts set locale = ${locale} where id = ${accountId}`;
}
