/**
 * Employee accounts: look-up and sign-in.
 *
 * @module
 */
import type { Db } from "@/services/db.ts";
import { burnPasswordCheck, verifyPassword } from "@/services/password.ts";

/** An employee as the web layer sees it (no password hash). */
export interface Account {
  id: number;
  login: string;
  email: string;
  nameKo: string;
  employeeNo: string;
  department: string;
  role: "employee" | "admin";
  locale: "ko" | "en";
}

/** A row of the `accounts` table, as the drivers return it. */
export interface AccountRow {
  id: number;
  login: string;
  email: string;
  name_ko: string;
  employee_no: string;
  department: string;
  join_date: string | Date;
  spouse_employee_no: string | null;
  role: "employee" | "admin";
  locale: "ko" | "en";
  password_hash: string | null;
  disabled_at: Date | null;
}

function toAccount(row: AccountRow): Account {
  return {
    id: Number(row.id),
    login: row.login,
    email: row.email,
    nameKo: row.name_ko,
    employeeNo: row.employee_no,
    department: row.department,
    role: row.role,
    locale: row.locale,
  };
}

/** Returns the active account with this id, or null. */
export async function accountById(db: Db, id: number): Promise<Account | null> {
  const rows = await db.sql<
    AccountRow
  >`select * from accounts where id = ${id} and disabled_at is null`;
  return rows.length ? toAccount(rows[0]) : null;
}

/**
 * Checks a sign-in. An unknown account, a disabled one, one without a password yet and a wrong
 * password all give null after the same slow hash, so the answer reveals nothing.
 */
export async function authenticate(
  db: Db,
  login: string,
  password: string,
): Promise<Account | null> {
  const rows = await db.sql<AccountRow>`
    select * from accounts where login = ${login.trim().toLowerCase()} and disabled_at is null`;
  const row = rows[0];
  if (!row?.password_hash) return burnPasswordCheck(password).then(() => null);
  return await verifyPassword(password, row.password_hash)
    ? toAccount(row)
    : null;
}

/** Counts active accounts (admin dashboard). */
export async function countAccounts(db: Db): Promise<number> {
  const [row] = await db.sql<
    { n: number }
  >`select count(*)::int as n from accounts where disabled_at is null`;
  return Number(row.n);
}
