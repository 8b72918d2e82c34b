import assert from "node:assert/strict";
import { DbTimeoutError, openDb } from "./db.ts";
import { openPostgresDb } from "./db_postgres.ts";
import { testConfig, testDatabaseUrl } from "./testing/mod.ts";

const postgresUrl = testDatabaseUrl();

/**
 * A TCP listener that accepts every connection and never sends a byte, like a PostgreSQL
 * that hangs; `freeze()` on a proxy does the same to connections already open.
 */
function startProxy(target?: { hostname: string; port: number }) {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const open = new Set<Deno.Conn>();
  let frozen = !target;
  const pipe = async (from: Deno.Conn, to: Deno.Conn) => {
    const reader = from.readable.getReader();
    const writer = to.writable.getWriter();
    try {
      while (true) {
        const { value, done } = await reader.read();
        if (done) break;
        // Frozen: keep reading (the socket stays open), forward nothing.
        if (!frozen) await writer.write(value);
      }
    } catch {
      // Closed.
    }
  };
  (async () => {
    for await (const client of listener) {
      open.add(client);
      if (frozen || !target) {
        pipe(client, client); // read and drop (frozen from the start)
        continue;
      }
      const server = await Deno.connect(target);
      open.add(server);
      pipe(client, server);
      pipe(server, client);
    }
  })().catch(() => {});
  return {
    port: (listener.addr as Deno.NetAddr).port,
    freeze() {
      frozen = true;
    },
    close() {
      listener.close();
      for (const conn of open) {
        try {
          conn.close();
        } catch {
          // Already closed.
        }
      }
    },
  };
}

function isTimeout(...limits: ("connect" | "statement")[]) {
  return (error: unknown) => {
    assert.ok(error instanceof DbTimeoutError, String(error));
    assert.equal(error.name, "DbTimeoutError");
    assert.ok(limits.includes(error.limit), error.limit);
    return true;
  };
}

Deno.test("Db timeouts: a PostgreSQL that accepts and never answers fails fast at open", async () => {
  const hang = startProxy();
  try {
    const config = testConfig({
      DATABASE_URL: `postgres://postgres@127.0.0.1:${hang.port}/kic`,
      DATABASE_CONNECT_TIMEOUT_MS: "500",
    });
    const started = Date.now();
    await assert.rejects(() => openDb(config), (error: unknown) => {
      isTimeout("connect")(error);
      assert.match(
        (error as Error).message,
        new RegExp(
          `Cannot connect to PostgreSQL at 127\\.0\\.0\\.1:${hang.port}/kic .*within 500 ms \\(DATABASE_CONNECT_TIMEOUT_MS\\)`,
        ),
      );
      return true;
    });
    assert.ok(Date.now() - started < 3000, `${Date.now() - started} ms`);
    await Deno.remove(config.dataDir, { recursive: true });
  } finally {
    hang.close();
  }
});

Deno.test({
  name:
    "Db timeouts: postgres: a statement past the statement timeout is cancelled",
  ignore: !postgresUrl,
  async fn() {
    const db = await openPostgresDb(postgresUrl!, { statementTimeoutMs: 300 });
    try {
      const started = Date.now();
      await assert.rejects(
        () => db.sql`select pg_sleep(3)`,
        isTimeout("statement"),
      );
      assert.ok(Date.now() - started < 2000, `${Date.now() - started} ms`);
      // The pool goes on working, and a transaction can lift the limit for itself.
      assert.deepEqual(await db.sql`select 1 as one`, [{ one: 1 }]);
      await db.transaction(async (tx) => {
        await tx.exec("set local statement_timeout = 0");
        await tx.sql`select pg_sleep(0.5)`;
      });
    } finally {
      await db.close();
    }
  },
});

Deno.test({
  name:
    "Db timeouts: postgres: a server that stops answering fails queries and transactions fast",
  ignore: !postgresUrl,
  async fn() {
    const url = new URL(postgresUrl!);
    const proxy = startProxy({
      hostname: url.hostname,
      port: Number(url.port || 5432),
    });
    url.host = `127.0.0.1:${proxy.port}`;
    const db = await openPostgresDb(url.href, {
      connectTimeoutMs: 300,
      statementTimeoutMs: 300,
    });
    try {
      assert.deepEqual(await db.sql`select 1 as one`, [{ one: 1 }]);
      proxy.freeze();
      // The open connection hangs: the client deadline, connect (300) + statement (300) +
      // 1000 ms, ends the query. A transaction then needs a new connection, which hangs in
      // its start-up: the connect timeout.
      let started = Date.now();
      await assert.rejects(() => db.sql`select 1`, isTimeout("statement"));
      assert.ok(Date.now() - started < 4000, `${Date.now() - started} ms`);
      started = Date.now();
      await assert.rejects(
        () => db.transaction((tx) => tx.sql`select 1`),
        isTimeout("connect", "statement"),
      );
      assert.ok(Date.now() - started < 4000, `${Date.now() - started} ms`);
      assert.equal(await db.ping(), false);
    } finally {
      proxy.close();
      await db.close(); // waits up to 5 s for the query stuck on the frozen connection
    }
  },
});
