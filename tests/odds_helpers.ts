/**
 * Makes families and applications straight in the database for the status and odds tests: an
 * employee with a join date, a child, an application with its ranked choices and documents in
 * the review states the test names.
 *
 * @module
 */
import type { Db } from "@/services/db.ts";
import { randomHex } from "@/services/encoding.ts";

/** An employee account (no password) joined on `joinDate`; returns its id. */
export async function employee(
  db: Db,
  options: { login: string; joinDate: string },
): Promise<number> {
  const [row] = await db.sql<{ id: number }>`
    insert into accounts (login, email, name_ko, employee_no, join_date)
    values (${options.login}, ${
    options.login + "@kic.example"
  }, ${options.login},
      ${"T" + randomHex(6)}, ${options.joinDate}::date)
    returning id`;
  return Number(row.id);
}

/** A child of `accountId`; returns its id. */
export async function child(
  db: Db,
  options: { accountId: number; name: string; birthDate?: string },
): Promise<number> {
  const [row] = await db.sql<{ id: number }>`
    insert into children (account_id, name, birth_date, token)
    values (${options.accountId}, ${options.name},
      ${options.birthDate ?? "2025-05-01"}::date, ${randomHex(16)})
    returning id`;
  return Number(row.id);
}

/** What {@link application} inserts. */
export interface TestApplication {
  /** The round. */
  roundId: number;
  /** The family (its key account). */
  familyKey: number;
  /** `submitted` (default) or `accepted`. */
  status?: string;
  /** Declared facts. */
  facts?: Record<string, unknown>;
  /** Each child with its ranked recruitment codes. */
  children: { id: number; choices: string[] }[];
  /** Documents by kind with their review state (and a reason for a rejection). */
  documents: [kind: string, status: string, reason?: string][];
}

/** Inserts an application with its children, choices and documents; returns its id. */
export async function application(
  db: Db,
  options: TestApplication,
): Promise<number> {
  const facts = {
    singleParent: false,
    disability: false,
    dualIncome: false,
    siblingEnrolled: false,
    childrenCount: 1,
    ...options.facts,
  };
  const [app] = await db.sql<{ id: number }>`
    insert into applications (round_id, family_key, filed_by, status, facts)
    values (${options.roundId}, ${options.familyKey}, ${options.familyKey},
      ${options.status ?? "submitted"}, ${JSON.stringify(facts)}::jsonb)
    returning id`;
  const id = Number(app.id);
  for (const c of options.children) {
    await db.sql`
      insert into application_children (application_id, child_id)
      values (${id}, ${c.id})`;
    for (const [i, code] of c.choices.entries()) {
      await db.sql`
        insert into application_choices (application_id, child_id, rank, recruitment_id)
        select ${id}, ${c.id}, ${i + 1}, id from recruitments
        where round_id = ${options.roundId} and code = ${code}`;
    }
  }
  for (const [kind, status, reason] of options.documents) {
    await db.sql`
      insert into documents (application_id, round_id, family_key, kind, storage_key,
        content_type, size_bytes, sha256, status, reject_reason, filename)
      values (${id}, ${options.roundId}, ${options.familyKey}, ${kind}, ${
      "documents/test-" + randomHex(8)
    }, 'application/pdf', 10, 'x', ${status}, ${reason ?? null}, ${
      kind + ".pdf"
    })`;
  }
  return id;
}
