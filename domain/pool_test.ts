import assert from "node:assert/strict";
import { seedDemo } from "@/domain/demo.ts";
import { oddsOf } from "@/lottery/mod.ts";
import type { Db } from "@/services/db.ts";
import { randomHex } from "@/services/encoding.ts";
import { openTestServices } from "@/services/testing/mod.ts";
import { poolOddsInput, roundPool } from "./pool.ts";

async function idOf(db: Db, login: string): Promise<number> {
  const [row] = await db.sql<{ id: number }>`
    select id from accounts where login = ${login}`;
  return Number(row.id);
}

/** Inserts a submitted application with its children, choices and documents. */
async function application(db: Db, options: {
  roundId: number;
  familyKey: number;
  facts: Record<string, unknown>;
  children: { id: number; choices: string[]; unit?: number }[];
  documents: [kind: string, status: string][];
  status?: string;
}): Promise<number> {
  const [app] = await db.sql<{ id: number }>`
    insert into applications (round_id, family_key, filed_by, status, facts)
    values (${options.roundId}, ${options.familyKey}, ${options.familyKey},
      ${options.status ?? "submitted"}, ${JSON.stringify(options.facts)}::jsonb)
    returning id`;
  const id = Number(app.id);
  for (const c of options.children) {
    await db
      .sql`insert into application_children (application_id, child_id, unit_id)
      values (${id}, ${c.id}, ${c.unit ?? null})`;
    for (const [i, code] of c.choices.entries()) {
      await db
        .sql`insert into application_choices (application_id, child_id, rank, recruitment_id)
        select ${id}, ${c.id}, ${i + 1}, id from recruitments
        where round_id = ${options.roundId} and code = ${code}`;
    }
  }
  for (const [kind, status] of options.documents) {
    await db
      .sql`insert into documents (application_id, kind, storage_key, content_type,
        size_bytes, sha256, status)
      values (${id}, ${kind}, ${
      randomHex(8)
    }, 'application/pdf', 10, 'x', ${status})`;
  }
  return id;
}

Deno.test("pool: weights from accepted facts only, states, units and the odds input", async () => {
  const services = await openTestServices();
  try {
    const { db } = services;
    const now = new Date("2026-11-30T00:00:00Z");
    await seedDemo(db, now, 1000);
    const [r] = await db.sql<{ id: number }>`select id from rounds`;
    const roundId = Number(r.id);
    // The deadline is 2026-12-14 (Seoul). kim.hana joined 2013-03-02: 13 years.
    // lee.minho (2014-03-02, 12 years) and park.sora (2015-03-02) are an HR couple.
    const kim = await idOf(db, "kim.hana");
    const lee = await idOf(db, "lee.minho");
    const kids = await db.sql<{ id: number; account_id: number }>`
      select id, account_id from children order by id`;
    const seoyun = Number(kids[0].id);
    const [doyun, hayun] = [Number(kids[1].id), Number(kids[2].id)];
    const k1 = await db.sql<{ id: number }>`
      select kindergarten_id as id from recruitments where code = 'k1-age1'`;
    // A sibling of kim's child is enrolled in kindergarten 1 (an older child, by record).
    const [older] = await db.sql<{ id: number }>`
      insert into children (account_id, name, birth_date, token)
      values (${kim}, '김첫째', '2021-01-01', ${randomHex(16)}) returning id`;
    await db.sql`insert into enrolments (kindergarten_id, child_id, since)
      values (${k1[0].id}, ${older.id}, '2024-03-01')`;

    const kimApp = await application(db, {
      roundId,
      familyKey: kim,
      status: "accepted",
      facts: {
        singleParent: true,
        disability: true,
        dualIncome: false,
        siblingEnrolled: false,
        childrenCount: 3,
      },
      children: [{ id: seoyun, choices: ["k1-age1", "k2-age1"] }],
      documents: [
        ["resident_register", "accepted"],
        ["single_parent", "accepted"],
        ["disability", "rejected"],
        ["family_register", "accepted"],
      ],
    });
    const leeApp = await application(db, {
      roundId,
      familyKey: lee,
      facts: {
        singleParent: false,
        disability: false,
        dualIncome: true,
        siblingEnrolled: false,
        childrenCount: 2,
      },
      children: [{ id: doyun, choices: ["k1-age2"] }, {
        id: hayun,
        choices: ["k1-age2"],
      }],
      documents: [["resident_register", "pending"]],
    });
    const [unit] = await db.sql<{ id: number }>`
      insert into sibling_units (application_id, token)
      values (${leeApp}, ${randomHex(16)}) returning id`;
    await db.sql`update application_children set unit_id = ${unit.id}
      where application_id = ${leeApp}`;

    const pool = await roundPool(db, roundId);
    const states = new Map(pool.applications.map((a) => [a.id, a.state]));
    assert.equal(states.get(kimApp), "in_pool");
    assert.equal(states.get(leeApp), "pending");

    const seo = pool.entrants.find((e) => e.childId === seoyun)!;
    // base 100 + 13 years × 10 + single parent 50 + children (3 − 1) × 20; the disability
    // document was rejected; the sibling counts only at kindergarten 1.
    assert.deepEqual(seo.choices.map((c) => [c.code, c.weight, c.tier]), [
      ["k1-age1", 100 + 130 + 50 + 40 + 20, 1],
      ["k2-age1", 100 + 130 + 50 + 40, 1],
    ]);
    assert.deepEqual(
      seo.choices[0].addends.map((a) => a.factor).sort(),
      [
        "base",
        "childPerExtra",
        "servicePerYear",
        "siblingEnrolled",
        "singleParent",
      ],
    );
    // The couple: the larger service (12 years), the couple's 0.30 once, no family register
    // accepted, so one child counted.
    // The twins are one unit entrant with two members.
    const twins = pool.entrants.find((e) => e.applicationId === leeApp)!;
    assert.equal(twins.unitId, Number(unit.id));
    assert.deepEqual(twins.members.map((m) => m.childId).sort(), [
      doyun,
      hayun,
    ]);
    assert.equal(twins.choices[0].weight, 100 + 120 + 30);

    // Only the pool's entrants go to the odds; ids carry no secret.
    const input = poolOddsInput(pool);
    assert.deepEqual(input.entrants.map((e) => e.pseudonym), [
      `a${kimApp}-c${seoyun}`,
    ]);
    const odds = oddsOf(input);
    // Two choices: simulated; alone in the pool the child always wins its first choice.
    assert.equal(odds.method, "simulated");
    assert.deepEqual(odds.odds.map((o) => o.p), [1, 0]);

    // An HR change after the deadline is flagged; the weight keeps the deadline's join date.
    await db
      .sql`update accounts set join_date = '2025-01-02' where id = ${kim}`;
    const changed = await roundPool(db, roundId);
    assert.equal(
      changed.entrants.find((e) => e.childId === seoyun)!.choices[1].weight,
      100 + 10 + 50 + 40,
      "without a flag the current join date counts",
    );
    await db
      .sql`insert into hr_change_flags (round_id, application_id, account_id, field,
        before, after, created_at)
      values (${roundId}, ${kimApp}, ${kim}, 'join_date', '2013-03-02', '2025-01-02', now())`;
    const asOfDeadline = await roundPool(db, roundId);
    assert.equal(
      asOfDeadline.entrants.find((e) => e.childId === seoyun)!.choices[1]
        .weight,
      100 + 130 + 50 + 40,
    );

    // Once the couple's copy is rejected the application is outside the pool.
    await db
      .sql`update documents set status = 'rejected' where application_id = ${leeApp}`;
    const after = await roundPool(db, roundId);
    assert.equal(
      after.applications.find((a) => a.id === leeApp)!.state,
      "outside",
    );
  } finally {
    await services.close();
  }
});
