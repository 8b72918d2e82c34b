/**
 * Makes families and applications straight in the database for the status and odds tests: an
 * employee with a join date, a child, an application with its ranked choices and documents in
 * the review states the test names.
 *
 * @module
 */
import type { Recruitment } from "@/lottery/mod.ts";
import type { Db } from "@/services/db.ts";
import { randomHex } from "@/services/encoding.ts";
import { accountId, demoRound } from "./apply_helpers.ts";
import { DEMO_ACCOUNTS, type TestApp } from "./harness.ts";

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

/** The demo round's classes (code, seats), one seat in the two the test families list. */
export const RECRUITMENTS: Recruitment[] = [
  { id: "k1-age0", seats: 1 },
  { id: "k1-age1", seats: 5 },
  { id: "k1-age2", seats: 6 },
  { id: "k2-age1", seats: 1 },
  { id: "k2-age2", seats: 5 },
  { id: "k2-age3", seats: 8 },
];

/** Kim's application and the other families' in the demo round. */
export interface StatusWorld {
  roundId: number;
  kimApp: number;
  kimChild: number;
  others: { app: number; child: number; weight: number; choice: string }[];
}

/**
 * Kim's family and four others. Join dates on 1 January make the whole years of service
 * plain: the deadline's year minus the join year.
 */
export async function statusWorld(
  app: TestApp,
  kimChoices: string[],
): Promise<StatusWorld> {
  const db = app.app.services.db;
  const roundId = await demoRound(app);
  const [r] = await db.sql<{ y: number }>`
    select extract(year from applications_close_at at time zone 'Asia/Seoul')::int as y
    from rounds where id = ${roundId}`;
  const y = Number(r.y);
  // One seat where the families compete, so no chance is 0 or 1.
  await db.sql`update recruitments set seats = 1 where round_id = ${roundId}
    and code in ('k1-age0', 'k2-age1')`;
  const kim = await accountId(app, DEMO_ACCOUNTS[1].login);
  await db.sql`update accounts set join_date = ${`${y - 13}-01-01`}::date
    where id = ${kim}`;
  const [seo] = await db.sql<{ id: number }>`
    select id from children where account_id = ${kim} order by id limit 1`;
  const kimChild = Number(seo.id);
  // Kim: 13 years, single parent (accepted), disability (rejected), 3 children (accepted).
  const kimApp = await application(db, {
    roundId,
    familyKey: kim,
    status: "accepted",
    facts: { singleParent: true, disability: true, childrenCount: 3 },
    children: [{ id: kimChild, choices: kimChoices }],
    documents: [
      ["resident_register", "accepted"],
      ["single_parent", "accepted"],
      ["disability", "rejected", "이름이 가려져 있지 않습니다"],
      ["family_register", "accepted"],
    ],
  });
  const others: StatusWorld["others"] = [];
  const family = async (o: {
    login: string;
    years: number;
    status: string;
    facts?: Record<string, unknown>;
    documents: [string, string][];
    weight: number;
    choice: string;
  }) => {
    const id = await employee(db, {
      login: o.login,
      joinDate: `${y - o.years}-01-01`,
    });
    const kid = await child(db, { accountId: id, name: `${o.login}-아이` });
    const appId = await application(db, {
      roundId,
      familyKey: id,
      status: o.status,
      facts: o.facts,
      children: [{ id: kid, choices: [o.choice] }],
      documents: o.documents,
    });
    others.push({ app: appId, child: kid, weight: o.weight, choice: o.choice });
  };
  const A = "accepted", S = "submitted", RR = "resident_register";
  // login, years of service, status, facts, documents, weight by hand, the one choice.
  const families: [
    string,
    number,
    string,
    Record<string, unknown>,
    [string, string][],
    number,
    string,
  ][] = [
    // 6 years, dual income with an accepted document: 1.00 + 0.60 + 0.30.
    [
      "t.a",
      6,
      A,
      { dualIncome: true },
      [[RR, A], ["employment", A]],
      190,
      "k1-age0",
    ],
    // 2 years; the disability document was rejected: 1.00 + 0.20.
    [
      "t.b",
      2,
      A,
      { disability: true },
      [[RR, A], ["disability", "rejected"]],
      120,
      "k1-age0",
    ],
    // 26 years, counted up to 20: 1.00 + 2.00.
    ["t.c", 26, A, {}, [[RR, A]], 300, "k2-age1"],
    // Still in review (a pending document): not in the pool (weight 0 marks it).
    ["t.d", 9, S, {}, [[RR, "pending"]], 0, "k1-age0"],
    // Its resident register copy rejected: reviewed, outside the pool.
    ["t.e", 9, S, {}, [[RR, "rejected"]], 0, "k2-age1"],
  ];
  for (
    const [login, years, status, facts, documents, weight, choice] of families
  ) {
    await family({ login, years, status, facts, documents, weight, choice });
  }
  return { roundId, kimApp, kimChild, others };
}
