/**
 * Employees as the admin manages them: search, create, edit, deactivate and reactivate, and the
 * admin role. Every change writes its audit rows (one per object, with before and after) in the
 * same transaction.
 *
 * Rules chosen here (issue 9, rules.md "Who is who"):
 * - The spouse link is set both ways: linking A to B also links B to A; changing or removing it
 *   clears the former spouse's link, so their access to the family's data ends at once. A
 *   spouse already linked to someone else is refused.
 * - Nobody changes their own role or deactivates themselves, and the last active admin can be
 *   neither demoted nor deactivated (the admin rows are locked, so two admins acting at once
 *   cannot both pass the check).
 * - Deactivation ends the person's sessions at once (their rows are deleted, and the session
 *   middleware loads only active accounts). Their open applications (in a round not frozen yet)
 *   pass to their spouse when the spouse is an active employee whose link points back; else
 *   they are withdrawn and the family is told by mail (outbox, same transaction). In a frozen
 *   round the frozen list never changes: the withdrawal is kept and applied at the draw.
 *
 * @module
 */
import type { Db } from "@/services/db.ts";
import type { AccountRow } from "./accounts.ts";
import { issuePasswordSetup } from "./passwords.ts";
import { enqueueMail } from "@/services/outbox.ts";
import { likePattern, recordAudit } from "./audit.ts";
import { flagHrChange } from "./hr_flags.ts";
import { assertHrOpenForEntrants } from "./round_lock.ts";

/** Rows per page of the employee list. */
export const EMPLOYEE_PAGE_SIZE = 25;

/** The HR facts an admin types for an employee. */
export interface EmployeeInput {
  login: string;
  email: string;
  nameKo: string;
  employeeNo: string;
  department: string;
  /** `YYYY-MM-DD`. */
  joinDate: string;
  /** The spouse's employee number, or "" for none. */
  spouseEmployeeNo: string;
}

/** An employee as the admin screens show it. */
export interface Employee extends Omit<EmployeeInput, "spouseEmployeeNo"> {
  id: number;
  /** The spouse's employee number, or null. */
  spouseEmployeeNo: string | null;
  role: "employee" | "admin";
  locale: "ko" | "en";
  /** Whether a password was set. */
  hasPassword: boolean;
  disabledAt: Date | null;
}

/** Why a change was refused: the field it belongs to (or none) and a reason. */
export type EmployeeProblem =
  | { field: "login"; reason: "taken" }
  | { field: "employeeNo"; reason: "taken" }
  | {
    field: "spouseEmployeeNo";
    reason: "unknown" | "self" | "linkedElsewhere";
  }
  | { field?: undefined; reason: "self" | "lastAdmin" | "unchanged" };

/** The outcome of a change. */
export type EmployeeResult =
  | { ok: true; id: number }
  | { ok: false; problem: EmployeeProblem };

type Row = AccountRow;

function isoDate(value: string | Date): string {
  if (typeof value === "string") return value.slice(0, 10);
  const y = value.getFullYear();
  const m = String(value.getMonth() + 1).padStart(2, "0");
  const d = String(value.getDate()).padStart(2, "0");
  return `${y}-${m}-${d}`;
}

function toEmployee(row: Row): Employee {
  return {
    id: Number(row.id),
    login: row.login,
    email: row.email,
    nameKo: row.name_ko,
    employeeNo: row.employee_no,
    department: row.department,
    joinDate: isoDate(row.join_date),
    spouseEmployeeNo: row.spouse_employee_no,
    role: row.role,
    locale: row.locale,
    hasPassword: row.password_hash !== null,
    disabledAt: row.disabled_at,
  };
}

/** What the audit log keeps of an employee (never the password hash). */
function snapshot(e: Employee): Record<string, unknown> {
  return {
    login: e.login,
    email: e.email,
    nameKo: e.nameKo,
    employeeNo: e.employeeNo,
    department: e.department,
    joinDate: e.joinDate,
    spouseEmployeeNo: e.spouseEmployeeNo,
    role: e.role,
    disabledAt: e.disabledAt?.toISOString() ?? null,
  };
}

/**
 * One page of employees, active and former, by name; `query` matches part of the name, account
 * id, employee number or department.
 *
 * @example
 * ```ts
 * const { rows, total } = await searchEmployees(db, { query: "인사", page: 1 });
 * ```
 */
export async function searchEmployees(
  db: Db,
  options: { query?: string; page?: number; pageSize?: number },
): Promise<{ rows: Employee[]; total: number }> {
  const size = options.pageSize ?? EMPLOYEE_PAGE_SIZE;
  const offset = (Math.max(1, options.page ?? 1) - 1) * size;
  const q = options.query?.trim() ? likePattern(options.query.trim()) : null;
  const rows = await db.sql<Row & { total: number }>`
    select *, count(*) over ()::int as total from accounts
    where ${q}::text is null or name_ko ilike ${q} or login ilike ${q}
      or employee_no ilike ${q} or department ilike ${q}
    order by disabled_at is not null, name_ko, id
    limit ${size} offset ${offset}`;
  return { rows: rows.map(toEmployee), total: rows[0]?.total ?? 0 };
}

/**
 * The employee with this id, active or not, or null.
 *
 * @example
 * ```ts
 * const employee = await employeeById(db, 7);
 * ```
 */
export async function employeeById(
  db: Db,
  id: number,
): Promise<Employee | null> {
  const rows = await db.sql<Row>`select * from accounts where id = ${id}`;
  return rows.length ? toEmployee(rows[0]) : null;
}

async function lockEmployee(tx: Db, id: number): Promise<Employee | null> {
  const rows = await tx.sql<
    Row
  >`select * from accounts where id = ${id} for update`;
  return rows.length ? toEmployee(rows[0]) : null;
}

async function lockByEmployeeNo(
  tx: Db,
  employeeNo: string,
): Promise<Employee | null> {
  const rows = await tx.sql<Row>`
    select * from accounts where employee_no = ${employeeNo} for update`;
  return rows.length ? toEmployee(rows[0]) : null;
}

async function conflicts(
  tx: Db,
  input: EmployeeInput,
  selfId: number | null,
): Promise<EmployeeProblem | null> {
  const same = await tx.sql<{ id: number; login: string; employee_no: string }>`
    select id, login, employee_no from accounts
    where (login = ${input.login} or employee_no = ${input.employeeNo})
      and id is distinct from ${selfId}::bigint`;
  if (same.some((r) => r.login === input.login)) {
    return { field: "login", reason: "taken" };
  }
  if (same.length) return { field: "employeeNo", reason: "taken" };
  if (input.spouseEmployeeNo === input.employeeNo && input.spouseEmployeeNo) {
    return { field: "spouseEmployeeNo", reason: "self" };
  }
  return null;
}

/** The HR facts of an employee a weight uses, for {@link flagHrChange}. */
const hrFacts = (e: Employee) => ({
  joinDate: e.joinDate,
  spouseEmployeeNo: e.spouseEmployeeNo,
});

/**
 * Sets `employee`'s spouse link to `spouseNo` (audited, and flagged for review when a live
 * application's deadline has passed), unless it already is.
 */
async function setSpouseLink(
  tx: Db,
  options: {
    actorId: number;
    employee: Employee;
    spouseNo: string | null;
    now: Date;
  },
): Promise<void> {
  const { employee, spouseNo } = options;
  if (employee.spouseEmployeeNo === spouseNo) return;
  const [row] = await tx.sql<Row>`
    update accounts set spouse_employee_no = ${spouseNo} where id = ${employee.id}
    returning *`;
  await flagHrChange(tx, {
    accountId: employee.id,
    before: hrFacts(employee),
    after: hrFacts(toEmployee(row)),
    now: options.now,
  });
  await recordAudit(tx, {
    actorId: options.actorId,
    action: "employee.spouseLink",
    objectType: "account",
    objectId: employee.id,
    before: snapshot(employee),
    after: snapshot(toEmployee(row)),
  });
}

/**
 * Links `self` to the spouse numbered `spouseNo` both ways (or unlinks when empty), clearing
 * the links that pointed at either of them before. Returns a problem when the spouse is
 * unknown or linked to someone else.
 */
async function relink(
  tx: Db,
  options: {
    actorId: number;
    self: Employee;
    formerNo: string | null;
    now: Date;
  },
): Promise<EmployeeProblem | null> {
  const { actorId, self, now } = options;
  const wanted = self.spouseEmployeeNo;
  if (options.formerNo && options.formerNo !== wanted) {
    const former = await lockByEmployeeNo(tx, options.formerNo);
    if (former && former.spouseEmployeeNo === self.employeeNo) {
      await setSpouseLink(tx, {
        actorId,
        employee: former,
        spouseNo: null,
        now,
      });
    }
  }
  if (!wanted) return null;
  const spouse = await lockByEmployeeNo(tx, wanted);
  if (!spouse) return { field: "spouseEmployeeNo", reason: "unknown" };
  if (spouse.id === self.id) {
    return { field: "spouseEmployeeNo", reason: "self" };
  }
  if (
    spouse.spouseEmployeeNo !== null &&
    spouse.spouseEmployeeNo !== self.employeeNo
  ) {
    const other = await lockByEmployeeNo(tx, spouse.spouseEmployeeNo);
    if (other && other.id !== self.id && other.disabledAt === null) {
      return { field: "spouseEmployeeNo", reason: "linkedElsewhere" };
    }
  }
  await setSpouseLink(tx, {
    actorId,
    employee: spouse,
    spouseNo: self.employeeNo,
    now,
  });
  return null;
}

/** Thrown inside a transaction to roll it back with a problem for the form. */
class Refused extends Error {
  constructor(readonly problem: EmployeeProblem) {
    super(problem.reason);
  }
}

/** Runs `fn` (a whole transaction), turning a {@link Refused} into a refusal. */
async function refusable<T>(
  fn: () => Promise<T>,
): Promise<T | { ok: false; problem: EmployeeProblem }> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof Refused) return { ok: false, problem: error.problem };
    throw error;
  }
}

/**
 * Creates an employee (no password yet: the set-password mail is the roster feature's) and
 * audits it; links the spouse both ways.
 *
 * @example
 * ```ts
 * const result = await createEmployee(db, { actorId: admin.id, input, now, origin });
 * if (!result.ok) showProblem(result.problem);
 * ```
 */
export function createEmployee(
  db: Db,
  options: {
    actorId: number;
    input: EmployeeInput;
    /** The clock's time: the set-password link expires 72 hours after it. */
    now: Date;
    /** The public origin the set-password link points at. */
    origin: string;
  },
): Promise<EmployeeResult> {
  const { actorId, input } = options;
  return refusable(() =>
    db.transaction(async (tx) => {
      const problem = await conflicts(tx, input, null);
      if (problem) throw new Refused(problem);
      const [row] = await tx.sql<Row>`
        insert into accounts
          (login, email, name_ko, employee_no, department, join_date, spouse_employee_no)
        values (${input.login}, ${input.email}, ${input.nameKo}, ${input.employeeNo},
          ${input.department}, ${input.joinDate}, ${
        input.spouseEmployeeNo || null
      })
        returning *`;
      const created = toEmployee(row);
      // A spouse link to an employee of a frozen family would change its entrants' weights.
      if (created.spouseEmployeeNo) {
        await assertHrOpenForEntrants(tx, [created.id]);
      }
      await recordAudit(tx, {
        actorId,
        action: "employee.create",
        objectType: "account",
        objectId: created.id,
        before: null,
        after: snapshot(created),
      });
      const linkProblem = await relink(tx, {
        actorId,
        self: created,
        formerNo: null,
        now: options.now,
      });
      if (linkProblem) throw new Refused(linkProblem);
      // The new employee's one-time set-password link, mailed through the outbox with the
      // account (a refused creation mails nothing).
      await issuePasswordSetup(tx, {
        accountId: created.id,
        now: options.now,
        origin: options.origin,
      });
      return { ok: true, id: created.id } as const;
    })
  );
}

/**
 * Changes an employee's HR facts (audited with before and after). A changed spouse link is
 * changed on both sides; a changed employee number carries the spouse's link with it. A
 * changed join date or spouse link after a live application's deadline is flagged for review
 * (domain/hr_flags.ts) in the same transaction.
 *
 * @example
 * ```ts
 * const result = await updateEmployee(db, { actorId: admin.id, id: 7, input, now });
 * ```
 */
export function updateEmployee(
  db: Db,
  options: { actorId: number; id: number; input: EmployeeInput; now: Date },
): Promise<EmployeeResult | null> {
  const { actorId, id, input, now } = options;
  return refusable(() =>
    db.transaction(async (tx) => {
      const before = await lockEmployee(tx, id);
      if (!before) return null;
      if (
        before.joinDate !== input.joinDate ||
        (before.spouseEmployeeNo ?? "") !== (input.spouseEmployeeNo || "")
      ) {
        // The join date and the spouse link weigh the family's entrants.
        await assertHrOpenForEntrants(tx, [id]);
      }
      const problem = await conflicts(tx, input, id);
      if (problem) throw new Refused(problem);
      const [row] = await tx.sql<Row>`
        update accounts set login = ${input.login}, email = ${input.email},
          name_ko = ${input.nameKo}, employee_no = ${input.employeeNo},
          department = ${input.department}, join_date = ${input.joinDate},
          spouse_employee_no = ${input.spouseEmployeeNo || null}
        where id = ${id} returning *`;
      const after = toEmployee(row);
      const same = JSON.stringify(snapshot(before)) ===
        JSON.stringify(snapshot(after));
      if (same) throw new Refused({ reason: "unchanged" });
      await recordAudit(tx, {
        actorId,
        action: "employee.edit",
        objectType: "account",
        objectId: id,
        before: snapshot(before),
        after: snapshot(after),
      });
      await flagHrChange(tx, {
        accountId: id,
        before: hrFacts(before),
        after: hrFacts(after),
        now,
      });
      if (before.employeeNo !== after.employeeNo && before.spouseEmployeeNo) {
        // The spouse's link named the old number: follow the rename.
        const spouse = await lockByEmployeeNo(tx, before.spouseEmployeeNo);
        if (spouse?.spouseEmployeeNo === before.employeeNo) {
          await setSpouseLink(tx, {
            actorId,
            employee: spouse,
            spouseNo: after.employeeNo,
            now,
          });
        }
      }
      const linkProblem = await relink(tx, {
        actorId,
        self: after,
        formerNo: before.spouseEmployeeNo,
        now,
      });
      if (linkProblem) throw new Refused(linkProblem);
      return { ok: true, id } as const;
    })
  );
}

/**
 * Locks the active admins' rows, always first and in id order (so two admins acting on each
 * other queue instead of deadlocking), and returns their ids.
 */
async function lockAdmins(tx: Db): Promise<number[]> {
  const admins = await tx.sql<{ id: number }>`
    select id from accounts where role = 'admin' and disabled_at is null
    order by id for update`;
  return admins.map((a) => Number(a.id));
}

/**
 * Locks the admins then the employee `id` for a role or status change; null when there is no
 * such employee, a refusal when it is the actor's own account.
 */
async function lockForAccessChange(
  tx: Db,
  options: { actorId: number; id: number },
): Promise<{ admins: number[]; before: Employee } | null> {
  const admins = await lockAdmins(tx);
  const before = await lockEmployee(tx, options.id);
  if (!before) return null;
  if (options.id === options.actorId) throw new Refused({ reason: "self" });
  return { admins, before };
}

/** Refuses when `id` is the only one of the locked `admins`. */
function assertNotLastAdmin(admins: number[], id: number): void {
  if (!admins.some((a) => a !== id)) throw new Refused({ reason: "lastAdmin" });
}

/**
 * Grants (`admin`) or removes (`employee`) the admin role. Refused for one's own account and
 * for the last active admin.
 *
 * @example
 * ```ts
 * await setEmployeeRole(db, { actorId: admin.id, id: 7, role: "admin" });
 * ```
 */
export function setEmployeeRole(
  db: Db,
  options: { actorId: number; id: number; role: "employee" | "admin" },
): Promise<EmployeeResult | null> {
  const { actorId, id, role } = options;
  return refusable(() =>
    db.transaction(async (tx) => {
      const locked = await lockForAccessChange(tx, { actorId, id });
      if (!locked) return null;
      const { admins, before } = locked;
      if (before.role === role) throw new Refused({ reason: "unchanged" });
      if (role === "employee") assertNotLastAdmin(admins, id);
      const [row] = await tx.sql<Row>`
        update accounts set role = ${role} where id = ${id} returning *`;
      await recordAudit(tx, {
        actorId,
        action: role === "admin"
          ? "employee.grantAdmin"
          : "employee.removeAdmin",
        objectType: "account",
        objectId: id,
        before: snapshot(before),
        after: snapshot(toEmployee(row)),
      });
      return { ok: true, id } as const;
    })
  );
}

/** What a family's mail says when a leaver's application is withdrawn. */
export interface WithdrawalMail {
  subject: string;
  text: string;
}

/** Writes the withdrawal mail in the leaver's language. */
function withdrawalMail(
  employee: Employee,
  roundName: string,
): WithdrawalMail {
  if (employee.locale === "en") {
    return {
      subject: `[KIC] Your application for ${roundName} was withdrawn`,
      text:
        `Dear ${employee.nameKo},\n\nYour account was deactivated because you left the company, ` +
        `so your family's application for "${roundName}" was withdrawn. ` +
        `No other employee parent was linked to take it over.\n\n` +
        `If this is a mistake, please contact the daycare office.\n`,
    };
  }
  return {
    subject: `[KIC] ${roundName} 신청이 철회되었습니다`,
    text: `${employee.nameKo} 님께\n\n퇴사로 계정이 비활성화되어 ` +
      `"${roundName}"에 낸 가족의 신청을 철회했습니다. ` +
      `신청을 이어받을 직원 배우자가 연결되어 있지 않았습니다.\n\n` +
      `잘못된 처리라면 어린이집 담당 부서로 연락해 주세요.\n`,
  };
}

/** The outcome of {@link deactivateEmployee} for the confirmation page. */
export interface DeactivationOutcome {
  ok: true;
  id: number;
  /** Applications passed to the spouse. */
  passed: number;
  /** Applications withdrawn (the family was mailed). */
  withdrawn: number;
}

/**
 * Deactivates an employee (a leaver): ends their sessions, and passes each open application of
 * theirs to their employee spouse or withdraws it with a mail to the family. Refused for one's
 * own account and for the last active admin.
 *
 * @example
 * ```ts
 * const result = await deactivateEmployee(db, { actorId: admin.id, id: 7, now: clock.now() });
 * ```
 */
export function deactivateEmployee(
  db: Db,
  options: { actorId: number; id: number; now: Date },
): Promise<
  DeactivationOutcome | { ok: false; problem: EmployeeProblem } | null
> {
  const { actorId, id, now } = options;
  return refusable(() =>
    db.transaction(async (tx) => {
      const locked = await lockForAccessChange(tx, { actorId, id });
      if (!locked) return null;
      const { admins, before } = locked;
      if (before.disabledAt) throw new Refused({ reason: "unchanged" });
      if (before.role === "admin") assertNotLastAdmin(admins, id);
      const [row] = await tx.sql<Row>`
      update accounts set disabled_at = ${now} where id = ${id} returning *`;
      await tx.sql`delete from sessions where account_id = ${id}`;
      await recordAudit(tx, {
        actorId,
        action: "employee.deactivate",
        objectType: "account",
        objectId: id,
        before: snapshot(before),
        after: snapshot(toEmployee(row)),
      });
      const moved = await handOverApplications(tx, {
        actorId,
        leaver: before,
        now,
      });
      return { ok: true, id, ...moved } as const;
    })
  );
}

/** The leaver's open applications: passed to the spouse, or withdrawn with a mail. */
async function handOverApplications(
  tx: Db,
  options: { actorId: number; leaver: Employee; now: Date },
): Promise<{ passed: number; withdrawn: number }> {
  const { actorId, leaver, now } = options;
  const spouse = leaver.spouseEmployeeNo
    ? await lockByEmployeeNo(tx, leaver.spouseEmployeeNo)
    : null;
  const heir = spouse && spouse.disabledAt === null &&
      spouse.spouseEmployeeNo === leaver.employeeNo
    ? spouse
    : null;
  const open = await tx.sql<
    {
      id: number;
      round_id: number;
      round_name: string;
      round_status: string;
      family_key: number;
      filed_by: number;
      status: string;
    }
  >`
    select a.id, a.round_id, r.name as round_name, r.status as round_status, a.family_key,
      a.filed_by, a.status
    from applications a join rounds r on r.id = a.round_id
    where (a.family_key = ${leaver.id} or a.filed_by = ${leaver.id})
      and a.status in ('submitted', 'accepted', 'needs_review')
      and r.status in ('draft', 'open', 'review', 'frozen')
    order by a.id for update of a`;
  let passed = 0;
  let withdrawn = 0;
  for (const app of open) {
    const before = {
      familyKey: Number(app.family_key),
      filedBy: Number(app.filed_by),
      status: app.status,
    };
    if (heir) {
      const [row] = await tx.sql<
        { family_key: number; filed_by: number; status: string }
      >`
        update applications set family_key = ${heir.id}, filed_by = ${heir.id},
          updated_at = ${now}, version = version + 1
        where id = ${app.id} returning family_key, filed_by, status`;
      const children = await tx.sql<{ id: number }>`
        update children set account_id = ${heir.id}
        where account_id = ${leaver.id} and id in
          (select child_id from application_children where application_id = ${app.id})
        returning id`;
      await recordAudit(tx, {
        actorId,
        action: "application.passToSpouse",
        objectType: "application",
        objectId: app.id,
        before,
        after: {
          familyKey: Number(row.family_key),
          filedBy: Number(row.filed_by),
          status: row.status,
          children: children.map((c) => Number(c.id)),
        },
      });
      passed++;
    } else if (app.round_status === "frozen") {
      // The frozen list never changes: the withdrawal is kept and applied at the draw.
      const kept = await tx.sql<{ pseudonym: string }>`
        insert into kept_withdrawals (round_id, pseudonym, requested_by, requested_at)
        select round_id, pseudonym, ${actorId}, ${now} from draw_entrants
        where round_id = ${app.round_id} and application_id = ${app.id}
        on conflict do nothing
        returning pseudonym`;
      await recordAudit(tx, {
        actorId,
        action: "application.withdrawLeaverKept",
        objectType: "application",
        objectId: app.id,
        before,
        after: { ...before, keptWithdrawals: kept.map((k) => k.pseudonym) },
      });
      await enqueueMail(tx, {
        to: leaver.email,
        ...withdrawalMail(leaver, app.round_name),
      });
      withdrawn++;
    } else {
      await tx.sql`
        update applications set status = 'withdrawn', updated_at = ${now},
          version = version + 1
        where id = ${app.id}`;
      await recordAudit(tx, {
        actorId,
        action: "application.withdrawLeaver",
        objectType: "application",
        objectId: app.id,
        before,
        after: { ...before, status: "withdrawn" },
      });
      await enqueueMail(tx, {
        to: leaver.email,
        ...withdrawalMail(leaver, app.round_name),
      });
      withdrawn++;
    }
  }
  return { passed, withdrawn };
}

/**
 * Reactivates a former employee (audited). They sign in with their old password, if any.
 *
 * @example
 * ```ts
 * await reactivateEmployee(db, { actorId: admin.id, id: 7 });
 * ```
 */
export function reactivateEmployee(
  db: Db,
  options: { actorId: number; id: number },
): Promise<EmployeeResult | null> {
  const { actorId, id } = options;
  return db.transaction(async (tx) => {
    const before = await lockEmployee(tx, id);
    if (!before) return null;
    if (!before.disabledAt) {
      return { ok: false, problem: { reason: "unchanged" } } as const;
    }
    const [row] = await tx.sql<Row>`
      update accounts set disabled_at = null where id = ${id} returning *`;
    await recordAudit(tx, {
      actorId,
      action: "employee.reactivate",
      objectType: "account",
      objectId: id,
      before: snapshot(before),
      after: snapshot(toEmployee(row)),
    });
    return { ok: true, id } as const;
  });
}
