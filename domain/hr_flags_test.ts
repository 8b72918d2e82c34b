import assert from "node:assert/strict";
import { openMemoryCache } from "@/services/cache_memory.ts";
import { openTestDb } from "@/services/testing/mod.ts";
import { seedDemo } from "./demo.ts";
import {
  employeeById,
  type EmployeeInput,
  updateEmployee,
} from "./employees.ts";
import { hrFactsAsOfDeadline, openHrFlags, resolveHrFlag } from "./hr_flags.ts";
import {
  applyRoster,
  planDigest,
  planRoster,
  readRoster,
  savePreview,
} from "./roster.ts";

const HOUR = 3600_000;

Deno.test("HR changes after the deadline are flagged, with the facts as of the deadline", async () => {
  const db = await openTestDb();
  const cache = openMemoryCache();
  try {
    await seedDemo(db, new Date(), 1000);
    const idOf = async (login: string) =>
      Number(
        (await db.sql<{ id: number }>`
          select id from accounts where login = ${login}`)[0].id,
      );
    const [admin, lee, park] = [
      await idOf("admin"),
      await idOf("lee.minho"),
      await idOf("park.sora"),
    ];
    const [round] = await db.sql<{ id: number; applications_close_at: Date }>`
      select id, applications_close_at from rounds order by id limit 1`;
    const roundId = Number(round.id);
    const deadline = new Date(round.applications_close_at).getTime();
    const [app] = await db.sql<{ id: number }>`
      insert into applications (round_id, family_key, filed_by, status)
      values (${roundId}, ${
      Math.min(lee, park)
    }, ${lee}, 'submitted') returning id`;
    const appId = Number(app.id);
    const input = async (id: number, change: Partial<EmployeeInput>) => {
      const e = (await employeeById(db, id))!;
      return { ...e, spouseEmployeeNo: e.spouseEmployeeNo ?? "", ...change };
    };
    const edit = async (
      id: number,
      change: Partial<EmployeeInput>,
      now: number,
    ) => {
      const result = await updateEmployee(db, {
        actorId: admin,
        id,
        input: await input(id, change),
        now: new Date(now),
      });
      assert.ok(result?.ok, JSON.stringify(result));
    };
    const leeJoin = (await employeeById(db, lee))!.joinDate;

    // Before the deadline: applied, nothing flagged.
    await edit(lee, { joinDate: "2013-04-01" }, deadline - HOUR);
    assert.equal((await openHrFlags(db, roundId)).length, 0);

    // After it: flagged, the fact as of the deadline kept in `before`.
    await edit(lee, { joinDate: "2014-05-01" }, deadline + HOUR);
    let open = await openHrFlags(db, roundId);
    assert.deepEqual(
      open.map((
        f,
      ) => [f.applicationId, f.accountId, f.field, f.before, f.after]),
      [[appId, lee, "join_date", "2013-04-01", "2014-05-01"]],
    );
    // Changed again: the same open flag, still with the deadline's value.
    await edit(lee, { joinDate: "2015-06-01" }, deadline + 2 * HOUR);
    open = await openHrFlags(db, roundId);
    assert.equal(open.length, 1);
    assert.equal(open[0].before, "2013-04-01");
    assert.equal(open[0].after, "2015-06-01");
    assert.notEqual(leeJoin, "2015-06-01");

    // Unlinking the spouse flags both sides (the other side through the both-ways link).
    await edit(lee, { spouseEmployeeNo: "" }, deadline + 3 * HOUR);
    open = await openHrFlags(db, roundId);
    assert.deepEqual(
      open.filter((f) => f.field === "spouse_employee_no")
        .map((f) => [f.accountId, f.before, f.after]).sort(),
      [[lee, "E1003", null], [park, "E1002", null]].sort(),
    );
    assert.deepEqual(
      await hrFactsAsOfDeadline(db, { applicationId: appId, accountId: lee }),
      { joinDate: "2013-04-01", spouseEmployeeNo: "E1003" },
      "the weight's facts are those of the deadline",
    );

    // Resolving is audited; a later change opens a new flag, still from the deadline's value.
    const joinFlag = open.find((f) => f.field === "join_date")!;
    assert.ok(
      await resolveHrFlag(db, {
        actorId: admin,
        flagId: joinFlag.id,
        now: new Date(deadline + 4 * HOUR),
      }),
    );
    assert.equal(
      await resolveHrFlag(db, {
        actorId: admin,
        flagId: joinFlag.id,
        now: new Date(deadline + 4 * HOUR),
      }),
      false,
      "a resolved flag is not resolved twice",
    );
    const audit = await db.sql<
      { before: { resolvedAt: unknown }; after: { resolvedBy: number } }
    >`
      select before, after from audit_log where action = 'hrFlag.resolve'`;
    assert.equal(audit.length, 1);
    assert.equal(audit[0].before.resolvedAt, null);
    assert.equal(audit[0].after.resolvedBy, admin);
    await edit(lee, { joinDate: "2016-07-01" }, deadline + 5 * HOUR);
    const again = (await openHrFlags(db, roundId)).filter((f) =>
      f.field === "join_date"
    );
    assert.deepEqual(again.map((f) => [f.before, f.after]), [[
      "2013-04-01",
      "2016-07-01",
    ]]);

    // A roster import that changes a join date is flagged in its own transaction too.
    const [kim] = await db.sql<{ id: number }>`
      select id from accounts where login = 'kim.hana'`;
    await db.sql`
      insert into applications (round_id, family_key, filed_by, status)
      values (${roundId}, ${kim.id}, ${kim.id}, 'accepted')`;
    const read = readRoster(
      new TextEncoder().encode(
        "account_id,name_ko,employee_no,department,join_date\nkim.hana,김하나,E1001,인사팀,2011-01-03\n",
      ),
    );
    assert.ok(read.ok);
    const plan = await planRoster(db, read.rows, {
      emailDomain: "kic.example",
    });
    const previewId = await savePreview(cache, {
      adminId: admin,
      fileName: "r.csv",
      rows: read.rows,
      digest: await planDigest(plan),
    });
    const outcome = await applyRoster(db, cache, {
      preview: {
        id: previewId,
        adminId: admin,
        fileName: "r.csv",
        rows: read.rows,
        digest: await planDigest(plan),
      },
      actorId: admin,
      now: new Date(deadline + 6 * HOUR),
      origin: "http://kic.test",
      emailDomain: "kic.example",
    });
    assert.ok(outcome.ok);
    const kimFlags = (await openHrFlags(db, roundId)).filter((f) =>
      f.accountId === Number(kim.id)
    );
    assert.deepEqual(kimFlags.map((f) => [f.field, f.after]), [[
      "join_date",
      "2011-01-03",
    ]]);

    // A frozen round takes no new flag.
    await db.sql`update rounds set status = 'frozen' where id = ${roundId}`;
    const before = (await openHrFlags(db, null)).length;
    await edit(lee, { joinDate: "2017-08-01" }, deadline + 7 * HOUR);
    assert.equal((await openHrFlags(db, null)).length, before);
  } finally {
    await db.close();
  }
});
