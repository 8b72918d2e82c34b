import assert from "node:assert/strict";
import { seedDemo } from "@/domain/demo.ts";
import { openTestDb } from "@/services/testing/mod.ts";
import { deactivateEmployee, setEmployeeRole } from "./employees.ts";

Deno.test("the last admin is neither demoted nor deactivated, even by two admins at once", async () => {
  const db = await openTestDb();
  try {
    await seedDemo(db, new Date(), 1000);
    const ids = Object.fromEntries(
      (await db.sql<
        { id: number; login: string }
      >`select id, login from accounts`)
        .map((r) => [r.login, Number(r.id)]),
    );
    // Only the route checks that the actor is an admin; the domain still refuses to leave
    // no admin behind, whoever asks.
    const alone = await setEmployeeRole(db, {
      actorId: ids["kim.hana"],
      id: ids.admin,
      role: "employee",
    });
    assert.deepEqual(alone, { ok: false, problem: { reason: "lastAdmin" } });
    const gone = await deactivateEmployee(db, {
      actorId: ids["kim.hana"],
      id: ids.admin,
      now: new Date(),
    });
    assert.deepEqual(gone, { ok: false, problem: { reason: "lastAdmin" } });

    await setEmployeeRole(db, {
      actorId: ids.admin,
      id: ids["kim.hana"],
      role: "admin",
    });
    // Two admins demote each other at the same moment: exactly one wins.
    const results = await Promise.all([
      setEmployeeRole(db, {
        actorId: ids.admin,
        id: ids["kim.hana"],
        role: "employee",
      }),
      setEmployeeRole(db, {
        actorId: ids["kim.hana"],
        id: ids.admin,
        role: "employee",
      }),
    ]);
    assert.equal(results.filter((r) => r?.ok).length, 1);
    const [{ n }] = await db.sql<{ n: number }>`
      select count(*)::int as n from accounts where role = 'admin' and disabled_at is null`;
    assert.equal(n, 1);
    const [{ rows }] = await db.sql<{ rows: number }>`
      select count(*)::int as rows from audit_log where action like 'employee.%'`;
    assert.equal(rows, 2, "the grant and the one demotion");
  } finally {
    await db.close();
  }
});
