import assert from "node:assert/strict";
import { openLogMailer } from "./mail_log.ts";
import { openSmtpMailer } from "./mail_smtp.ts";
import { deliverOutbox, enqueueMail, retryDelayMs } from "./outbox.ts";
import type { Db } from "./db.ts";
import type { Mailer } from "./mail.ts";
import { openPostgresDb } from "./db_postgres.ts";
import { migrate } from "./migrate.ts";
import {
  createTestDatabase,
  openTestDb,
  testDatabaseUrl,
} from "./testing/mod.ts";

Deno.test("outbox: enqueue in a transaction, deliver once, record sent_at", async () => {
  const db = await openTestDb();
  try {
    await assert.rejects(() =>
      db.transaction(async (tx) => {
        await enqueueMail(tx, {
          to: "gone@example.com",
          subject: "x",
          text: "x",
        });
        throw new Error("rolled back");
      }), { name: "Error", message: "rolled back" });
    const id = await db.transaction((tx) =>
      enqueueMail(tx, {
        to: "kim@example.com",
        subject: "추첨 결과",
        text: "당첨",
        html: "<b>당첨</b>",
      })
    );
    await enqueueMail(db, {
      to: "later@example.com",
      subject: "later",
      text: "later",
      sendAfter: new Date(Date.now() + 3600_000),
    });
    const mailer = openLogMailer({ log: () => {} });
    assert.deepStrictEqual(await deliverOutbox(db, mailer), {
      sent: 1,
      failed: 0,
    });
    assert.deepStrictEqual(
      mailer.sent.map((m) => [m.to, m.subject, m.text, m.html]),
      [["kim@example.com", "추첨 결과", "당첨", "<b>당첨</b>"]],
    );
    assert.deepStrictEqual(await deliverOutbox(db, mailer), {
      sent: 0,
      failed: 0,
    });
    const [row] = await db.sql<
      { sent_at: Date | null; locked_until: Date | null }
    >`
      select sent_at, locked_until from outbox where id = ${id}`;
    assert.ok(row.sent_at instanceof Date);
    assert.equal(row.locked_until, null);
    const later = await deliverOutbox(db, mailer, {
      now: new Date(Date.now() + 7200_000),
    });
    assert.deepStrictEqual(later, { sent: 1, failed: 0 });
  } finally {
    await db.close();
  }
});

Deno.test("outbox: failures back off exponentially and stop at maxAttempts", async () => {
  const db = await openTestDb();
  // A real SMTP client against a port where nothing listens.
  const down = openSmtpMailer({
    url: "smtp://127.0.0.1:1",
    from: "k@example.com",
  });
  try {
    const id = await enqueueMail(db, {
      to: "a@example.com",
      subject: "s",
      text: "t",
    });
    let now = new Date();
    assert.deepStrictEqual(await deliverOutbox(db, down, { now }), {
      sent: 0,
      failed: 1,
    });
    const [row] = await db.sql<
      { attempts: number; last_error: string; send_after: Date }
    >`
      select attempts, last_error, send_after from outbox where id = ${id}`;
    assert.equal(row.attempts, 1);
    assert.match(row.last_error, /ECONNREFUSED|connect/i);
    assert.equal(row.send_after.getTime(), now.getTime() + retryDelayMs(1));
    assert.deepStrictEqual(await deliverOutbox(db, down, { now }), {
      sent: 0,
      failed: 0,
    }, "waits");
    now = new Date(row.send_after.getTime());
    assert.deepStrictEqual(
      await deliverOutbox(db, down, { now, maxAttempts: 2 }),
      {
        sent: 0,
        failed: 1,
      },
    );
    now = new Date(now.getTime() + retryDelayMs(2));
    assert.deepStrictEqual(
      await deliverOutbox(db, down, { now, maxAttempts: 2 }),
      {
        sent: 0,
        failed: 0,
      },
    );
    assert.deepStrictEqual([1, 2, 3, 20].map(retryDelayMs), [
      60_000,
      120_000,
      240_000,
      21_600_000,
    ]);
  } finally {
    await down.close();
    await db.close();
  }
});

Deno.test("outbox: concurrent deliverers never send a row twice", async () => {
  // On PostgreSQL each deliverer gets its own pool, as separate pods would.
  const url = testDatabaseUrl();
  const created = url ? await createTestDatabase(url) : null;
  const dbs: Db[] = created
    ? await Promise.all(
      [1, 2, 3].map(() => openPostgresDb(created.url, { max: 2 })),
    )
    : [await openTestDb()];
  try {
    const db = dbs[0];
    if (created) await migrate(db);
    const count = 60;
    for (let i = 0; i < count; i++) {
      await enqueueMail(db, {
        to: `u${i}@example.com`,
        subject: `s${i}`,
        text: "t",
      });
    }
    const mailer = openLogMailer({ log: () => {}, keep: 1000 });
    const deliverer = async (on: Db) => {
      let total = 0;
      while (true) {
        const { sent } = await deliverOutbox(on, mailer, { batch: 7 });
        if (sent === 0) return total;
        total += sent;
      }
    };
    const totals = await Promise.all(
      [0, 1, 2].map((i) => deliverer(dbs[i % dbs.length])),
    );
    assert.equal(totals.reduce((a, b) => a + b, 0), count);
    const recipients = mailer.sent.map((m) => m.to);
    assert.equal(new Set(recipients).size, count, "no duplicates");
    assert.equal(recipients.length, count);
    if (created) {
      assert.ok(
        totals.filter((n) => n > 0).length >= 2,
        `work was shared: ${totals}`,
      );
    }
  } finally {
    await Promise.all(dbs.map((db) => db.close()));
    await created?.drop();
  }
});

Deno.test("outbox: a batch that outlasts its claim is not sent twice by a second deliverer", async () => {
  // On PostgreSQL the two deliverers get their own pools, as separate pods would; on PGlite
  // they share the one connection (their queries interleave).
  const url = testDatabaseUrl();
  const created = url ? await createTestDatabase(url) : null;
  const dbs: Db[] = created
    ? await Promise.all(
      [1, 2].map(() => openPostgresDb(created.url, { max: 2 })),
    )
    : [await openTestDb()];
  try {
    const db = dbs[0];
    if (created) await migrate(db);
    const count = 8;
    for (let i = 0; i < count; i++) {
      await enqueueMail(db, {
        to: `u${i}@example.com`,
        subject: "s",
        text: "t",
      });
    }
    // Each send (100 ms) fits in the claim (300 ms); the whole batch (800 ms) does not.
    const sent: string[] = [];
    const slow: Mailer = {
      kind: "log",
      async send(msg) {
        await new Promise((r) => setTimeout(r, 100));
        sent.push(msg.to);
      },
      ping: () => Promise.resolve(true),
      close: () => Promise.resolve(),
    };
    const options = { claimMs: 300, batch: 20 };
    const first = deliverOutbox(db, slow, options);
    const other = dbs[dbs.length - 1];
    const deadline = Date.now() + 10_000;
    let second = { sent: 0, failed: 0 };
    while (Date.now() < deadline) {
      const r = await deliverOutbox(other, slow, options);
      second = { sent: second.sent + r.sent, failed: second.failed + r.failed };
      const [left] = await other.sql<{ n: number }>`
        select count(*) as n from outbox where sent_at is null`;
      if (left.n === 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const firstResult = await first;
    assert.deepStrictEqual(
      [...sent].sort(),
      Array.from({ length: count }, (_, i) => `u${i}@example.com`).sort(),
      `each row sent exactly once: ${sent}`,
    );
    assert.equal(firstResult.sent + second.sent, count);
    assert.ok(second.sent > 0, "the second deliverer took over expired rows");
    const rows = await db.sql<{ n: number }>`
      select count(*) as n from outbox
      where sent_at is null or locked_until is not null or claim_id is not null`;
    assert.equal(rows[0].n, 0);
  } finally {
    await Promise.all(dbs.map((db) => db.close()));
    await created?.drop();
  }
});
