import assert from "node:assert/strict";
import {
  DbTimeoutError,
  healthOf,
  isServiceUnavailable,
  openServices,
  StorageUnavailableError,
} from "./services.ts";
import {
  copyPgliteTemplate,
  openTestServices,
  testConfig,
  testRealServices,
} from "./testing/mod.ts";
import { startS3Sink } from "./testing/local_servers.ts";

Deno.test("services: embedded defaults open, migrate, report health and close", async () => {
  const config = testConfig();
  const services = await openServices(config);
  try {
    assert.deepStrictEqual(config.backends, {
      database: "pglite",
      cache: "memory",
      storage: "folder",
      mail: "log",
    });
    assert.equal(services.db.kind, "pglite");
    const [row] = await services.db.sql<
      { n: number }
    >`select count(*) as n from outbox`;
    assert.equal(row.n, 0);
    assert.deepStrictEqual(await healthOf(services), {
      db: true,
      cache: true,
      storage: true,
      mailer: true,
    });
    assert.match(
      await services.metrics.render(),
      /kic_dependency_up\{dependency="db"\} 1/,
    );
  } finally {
    await services.close();
    await services.close(); // idempotent
    await Deno.remove(config.dataDir, { recursive: true });
  }
});

Deno.test("services: openTestServices uses the real servers with KIC_TEST_REAL=1", async () => {
  const services = await openTestServices();
  try {
    const real = testRealServices();
    assert.equal(services.cache.kind, real ? "redis" : "memory");
    assert.equal(services.storage.kind, real ? "s3" : "folder");
    assert.equal(services.mailer.kind, real ? "smtp" : "log");
    const health = await healthOf(services);
    assert.deepStrictEqual(health, {
      db: true,
      cache: true,
      storage: true,
      mailer: true,
    });
    await services.mailer.send({
      to: "a@example.com",
      subject: "테스트",
      text: "본문",
    });
    if (real) assert.equal((await services.smtpSink!.waitFor(1)).length, 1);
  } finally {
    await services.close();
  }
});

Deno.test("services: a failing service closes the ones already open", async () => {
  // S3 that refuses the credentials (a 4xx) fails the start; one out of reach would not.
  const s3 = await startS3Sink();
  const config = testConfig({
    S3_ENDPOINT: s3.endpoint,
    S3_ACCESS_KEY_ID: "WRONG",
  });
  try {
    await copyPgliteTemplate(`${config.dataDir}/pglite`);
    await assert.rejects(() => openServices(config), (error: Error) => {
      assert.equal(error.name, "Error");
      assert.match(error.message, /Cannot use S3 bucket "kic" .*HTTP 403/);
      return true;
    });
    // The PGlite folder lock was released, so it opens again.
    const again = await openServices(
      testConfig({ KIC_DATA_DIR: config.dataDir }),
    );
    await again.close();
  } finally {
    await s3.close();
    await Deno.remove(config.dataDir, { recursive: true });
  }
});

Deno.test("services: with S3_ENDPOINT at a closed port they open and report storage down", async () => {
  const started = Date.now();
  const services = await openTestServices({
    S3_ENDPOINT: "http://127.0.0.1:1",
  });
  try {
    assert.ok(Date.now() - started < 10_000, "open waited too long");
    assert.equal(services.storage.kind, "s3");
    const health = await healthOf(services);
    assert.equal(health.db, true, "ready: readiness depends on the db");
    assert.equal(health.storage, false);
    assert.match(
      await services.metrics.render(),
      /kic_dependency_up\{dependency="storage"\} 0/,
    );
  } finally {
    await services.close();
  }
});

Deno.test("services: healthOf reports a dead dependency as down", async () => {
  const services = await openTestServices();
  try {
    await services.cache.close();
    const health = await healthOf(services);
    assert.equal(health.cache, false);
    assert.equal(health.db, true);
    assert.match(
      await services.metrics.render(),
      /kic_dependency_up\{dependency="cache"\} 0/,
    );
  } finally {
    await services.close();
  }
});

Deno.test("services: with REDIS_URL at a closed port they open, and the 6th attempt for one account is refused", async () => {
  const services = await openTestServices({ REDIS_URL: "redis://127.0.0.1:1" });
  try {
    assert.equal(services.cache.kind, "redis");
    assert.equal((await healthOf(services)).cache, false);
    const allowed = [];
    for (let i = 0; i < 6; i++) {
      const r = await services.cache.rateLimit("login:acct:kim", 5, 900_000);
      allowed.push(r.allowed);
    }
    assert.deepEqual(allowed, [true, true, true, true, true, false]);
  } finally {
    await services.close();
  }
});

Deno.test("services: isServiceUnavailable knows the out-of-reach errors, also as a cause", () => {
  const db = new DbTimeoutError("slow", { limit: "statement" });
  const s3 = new StorageUnavailableError("down");
  assert.equal(isServiceUnavailable(db), true);
  assert.equal(isServiceUnavailable(s3), true);
  assert.equal(
    isServiceUnavailable(new Error("Migration failed", { cause: db })),
    true,
  );
  assert.equal(isServiceUnavailable(new Error("bug")), false);
  assert.equal(isServiceUnavailable(undefined), false);
  assert.equal(isServiceUnavailable("text"), false);
});
