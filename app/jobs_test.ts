import assert from "node:assert/strict";
import { jobs } from "@/app/jobs.ts";
import { oddsDrainer } from "@/domain/odds.ts";
import { systemClock } from "@/services/clock.ts";
import { startJobRunner } from "@/services/jobs.ts";
import { enqueueMail } from "@/services/outbox.ts";
import { openTestServices } from "@/services/testing/mod.ts";

Deno.test("app jobs: the outbox sender and the session sweep run from the registry", async () => {
  const services = await openTestServices();
  const runner = startJobRunner({
    db: services.db,
    clock: systemClock,
    jobs,
    services,
    tickMs: 0,
  });
  try {
    const { db } = services;
    const [account] = await db.sql<{ id: number }>`
      insert into accounts (login, email, name_ko, employee_no, join_date)
      values ('kim', 'kim@example.com', '김', 'E1', '2020-01-01') returning id`;
    const day = 24 * 3600_000;
    for (const [id, expires] of [["old", -2 * day], ["live", day]] as const) {
      await db.sql`
        insert into sessions (id, account_id, csrf_token, expires_at)
        values (${id}, ${account.id}, 'x', ${new Date(Date.now() + expires)})`;
    }
    const mail = await enqueueMail(db, {
      to: "kim@example.com",
      subject: "s",
      text: "t",
    });
    assert.deepStrictEqual(await runner.runDue(), [
      "outbox",
      "sessions",
      "idempotency-keys",
      "document-purge",
      "odds",
    ]);
    const sessions = await db.sql<{ id: string }>`select id from sessions`;
    assert.deepStrictEqual(sessions.map((s) => s.id), ["live"]);
    const [row] = await db.sql<{ sent_at: Date | null }>`
      select sent_at from outbox where id = ${mail}`;
    assert.ok(row.sent_at instanceof Date);
    const errors = await db.sql`
      select name from job_runs where last_error is not null`;
    assert.deepStrictEqual(errors, []);
  } finally {
    await runner.close();
    // The odds job kicked this pod's drainer: stop it before the database closes.
    await oddsDrainer({ ...services, clock: systemClock }).close();
    await services.close();
  }
});
