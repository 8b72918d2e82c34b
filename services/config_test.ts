import assert from "node:assert/strict";
import {
  DEVELOPMENT_APP_SECRET,
  DEVELOPMENT_DRAW_SECRET_KEY,
  loadConfig,
} from "./config.ts";

const SECRET = "x".repeat(40);

const PRODUCTION = {
  KIC_MODE: "production",
  DATABASE_URL: "postgres://kic:pw@db:5432/kic",
  MIGRATION_DATABASE_URL: "postgres://kic_owner:pw@db:5432/kic",
  REDIS_URL: "redis://redis:6379",
  S3_ENDPOINT: "https://s3.example.com",
  S3_BUCKET: "kic-docs",
  S3_ACCESS_KEY_ID: "AKIA",
  S3_SECRET_ACCESS_KEY: "secret",
  SMTP_URL: "smtp://mail.example.com:587",
  APP_SECRET: SECRET,
  DRAW_SECRET_KEY: "ab".repeat(32),
  PUBLIC_ORIGIN: "https://kic.example.com",
};

Deno.test("config: development defaults to every embedded service", () => {
  const config = loadConfig({});
  assert.equal(config.mode, "development");
  assert.equal(config.port, 8000);
  assert.equal(config.dataDir, ".data");
  assert.deepStrictEqual(config.database, {
    kind: "pglite",
    dir: ".data/pglite",
  });
  assert.deepStrictEqual(config.cache, { kind: "memory", keyPrefix: "kic:" });
  assert.deepStrictEqual(config.storage, {
    kind: "folder",
    dir: ".data/objects",
  });
  assert.deepStrictEqual(config.mail, {
    kind: "log",
    from: "KIC <no-reply@localhost>",
  });
  assert.deepStrictEqual(config.backends, {
    database: "pglite",
    cache: "memory",
    storage: "folder",
    mail: "log",
  });
  assert.equal(
    loadConfig({ KIC_MODE: "test" }).appSecret,
    DEVELOPMENT_APP_SECRET,
  );
  assert.equal(config.publicOrigin, "http://localhost:8000");
  assert.equal(config.drainDelayMs, 0);
  assert.equal(config.trustProxy, false);
});

Deno.test("config: production names every missing variable", () => {
  assert.throws(
    () => loadConfig({ KIC_MODE: "production", REDIS_URL: "redis://r:6379" }),
    (error: Error) => {
      for (
        const name of [
          "DATABASE_URL",
          "MIGRATION_DATABASE_URL",
          "S3_ENDPOINT",
          "S3_BUCKET",
          "S3_ACCESS_KEY_ID",
          "S3_SECRET_ACCESS_KEY",
          "SMTP_URL",
          "APP_SECRET",
          "DRAW_SECRET_KEY",
          "PUBLIC_ORIGIN",
        ]
      ) {
        assert.ok(error.message.includes(name), `${name} in: ${error.message}`);
      }
      assert.ok(!error.message.includes("REDIS_URL"));
      return true;
    },
  );
});

Deno.test("config: production with everything set uses the real services", () => {
  const config = loadConfig({
    ...PRODUCTION,
    TRUST_PROXY: "true",
    PORT: "9000",
  });
  assert.deepStrictEqual(config.backends, {
    database: "postgres",
    cache: "redis",
    storage: "s3",
    mail: "smtp",
  });
  assert.deepStrictEqual(config.storage, {
    kind: "s3",
    endpoint: "https://s3.example.com",
    bucket: "kic-docs",
    region: "us-east-1",
    accessKeyId: "AKIA",
    secretAccessKey: "secret",
    forcePathStyle: true,
  });
  assert.equal(config.mail.from, "KIC <no-reply@kic.example.com>");
  assert.equal(config.drainDelayMs, 5000);
  assert.equal(config.trustProxy, true);
  assert.equal(config.port, 9000);
  assert.equal(
    loadConfig({ ...PRODUCTION, DRAIN_DELAY_MS: "0" }).drainDelayMs,
    0,
  );
});

Deno.test("config: production refuses the development secret", () => {
  assert.throws(
    () => loadConfig({ ...PRODUCTION, APP_SECRET: DEVELOPMENT_APP_SECRET }),
    /public development value/,
  );
});

Deno.test("config: invalid values are reported together", () => {
  assert.throws(
    () =>
      loadConfig({
        KIC_MODE: "staging",
        PORT: "eighty",
        DATABASE_URL: "mysql://x",
        APP_SECRET: "short",
        PUBLIC_ORIGIN: "https://kic.example.com/app",
        TRUST_PROXY: "maybe",
      }),
    (error: Error) => {
      for (
        const part of [
          "KIC_MODE",
          "PORT",
          "DATABASE_URL: must be a URL starting with postgres://",
          "APP_SECRET: must be at least 32 characters",
          "PUBLIC_ORIGIN",
          "TRUST_PROXY",
        ]
      ) {
        assert.ok(error.message.includes(part), `${part} in: ${error.message}`);
      }
      return true;
    },
  );
});

Deno.test("config: development uses whichever services are set", () => {
  const config = loadConfig({
    REDIS_URL: "redis://127.0.0.1:6379",
    S3_ENDPOINT: "http://127.0.0.1:4569",
    KIC_DATA_DIR: "/tmp/kic/",
    S3_FORCE_PATH_STYLE: "0",
    PUBLIC_ORIGIN: "http://127.0.0.1:8000/",
  });
  assert.deepStrictEqual(config.backends, {
    database: "pglite",
    cache: "redis",
    storage: "s3",
    mail: "log",
  });
  assert.deepStrictEqual(config.database, {
    kind: "pglite",
    dir: "/tmp/kic/pglite",
  });
  assert.equal(config.storage.kind === "s3" && config.storage.bucket, "kic");
  assert.equal(
    config.storage.kind === "s3" && config.storage.forcePathStyle,
    false,
  );
  assert.equal(config.publicOrigin, "http://127.0.0.1:8000");
});

Deno.test("config: production needs an https PUBLIC_ORIGIN and a drain delay of at most 60 s", () => {
  assert.throws(
    () =>
      loadConfig({ ...PRODUCTION, PUBLIC_ORIGIN: "http://kic.example.com" }),
    /PUBLIC_ORIGIN must be https/,
  );
  assert.throws(
    () => loadConfig({ ...PRODUCTION, DRAIN_DELAY_MS: "600000" }),
    /DRAIN_DELAY_MS/,
  );
});

Deno.test("config: METRICS_PORT, the /metrics listener, defaults to 9464", () => {
  assert.equal(loadConfig({}).metricsPort, 9464);
  assert.equal(loadConfig({ METRICS_PORT: "9100" }).metricsPort, 9100);
  assert.throws(
    () => loadConfig({ METRICS_PORT: "70000" }),
    /METRICS_PORT: must be a whole number from 0 to 65535/,
  );
});

Deno.test("config: database timeouts default to 5 s and 10 s and can be set", () => {
  const url = "postgres://postgres@127.0.0.1:5432/kic";
  assert.deepStrictEqual(loadConfig({ DATABASE_URL: url }).database, {
    kind: "postgres",
    url,
    connectTimeoutMs: 5000,
    statementTimeoutMs: 10_000,
  });
  const set = loadConfig({
    DATABASE_URL: url,
    DATABASE_CONNECT_TIMEOUT_MS: "1500",
    DATABASE_STATEMENT_TIMEOUT_MS: "0",
  }).database;
  assert.equal(set.kind === "postgres" && set.connectTimeoutMs, 1500);
  assert.equal(set.kind === "postgres" && set.statementTimeoutMs, 0);
  assert.throws(
    () => loadConfig({ DATABASE_URL: url, DATABASE_CONNECT_TIMEOUT_MS: "0" }),
    /DATABASE_CONNECT_TIMEOUT_MS: must be a whole number from 100 to 120000/,
  );
});

Deno.test("config: development signs with a random secret of its data folder, never the public one", () => {
  const dir = Deno.makeTempDirSync({ prefix: "kic-secret-" });
  try {
    const first = loadConfig({ KIC_DATA_DIR: dir });
    assert.throws(
      () => Deno.statSync(`${dir}/app-secret`),
      Deno.errors.NotFound,
      "loading the configuration writes nothing",
    );
    const secret = first.appSecret;
    assert.match(secret, /^[0-9a-f]{64}$/);
    assert.notEqual(secret, DEVELOPMENT_APP_SECRET);
    assert.equal(
      loadConfig({ KIC_DATA_DIR: dir }).appSecret,
      secret,
      "kept across restarts",
    );
    assert.equal(
      Deno.statSync(`${dir}/app-secret`).mode! & 0o077,
      0,
      "owner-only",
    );
    const other = Deno.makeTempDirSync({ prefix: "kic-secret-" });
    assert.notEqual(loadConfig({ KIC_DATA_DIR: other }).appSecret, secret);
    Deno.removeSync(other, { recursive: true });
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("config: MIGRATION_DATABASE_URL is the migrations' own connection", () => {
  const config = loadConfig({
    DATABASE_URL: "postgres://kic_web@db/kic",
    MIGRATION_DATABASE_URL: "postgres://kic_owner@db/kic",
  });
  assert.equal(config.database.kind, "postgres");
  assert.equal(
    config.database.kind === "postgres" && config.database.migrationUrl,
    "postgres://kic_owner@db/kic",
  );
  assert.throws(
    () => loadConfig({ MIGRATION_DATABASE_URL: "mysql://x" }),
    /MIGRATION_DATABASE_URL/,
  );
});

Deno.test("config: production migrates as another role than it serves with", () => {
  assert.equal(
    (loadConfig(PRODUCTION).database as { migrationUrl?: string })
      .migrationUrl,
    "postgres://kic_owner:pw@db:5432/kic",
  );
  assert.throws(
    () =>
      loadConfig({
        ...PRODUCTION,
        MIGRATION_DATABASE_URL: "postgres://kic:other@db:5432/kic",
      }),
    /MIGRATION_DATABASE_URL must connect as the tables' owner/,
  );
});

Deno.test("config: DRAW_SECRET_KEY is 64 hex, never the public development value", () => {
  assert.throws(
    () => loadConfig({ ...PRODUCTION, DRAW_SECRET_KEY: "short" }),
    /DRAW_SECRET_KEY: must be 64 hex characters/,
  );
  assert.throws(
    () =>
      loadConfig({
        ...PRODUCTION,
        DRAW_SECRET_KEY: DEVELOPMENT_DRAW_SECRET_KEY,
      }),
    /DRAW_SECRET_KEY is the public development value/,
  );
  assert.equal(loadConfig(PRODUCTION).drawSecretKey, "ab".repeat(32));
  assert.equal(
    loadConfig({ KIC_MODE: "test" }).drawSecretKey,
    DEVELOPMENT_DRAW_SECRET_KEY,
  );
});

Deno.test("config: development makes its own draw key once per data folder", () => {
  const dir = Deno.makeTempDirSync();
  try {
    const key = loadConfig({ KIC_DATA_DIR: dir }).drawSecretKey;
    assert.match(key, /^[0-9a-f]{64}$/);
    assert.notEqual(key, DEVELOPMENT_DRAW_SECRET_KEY);
    assert.equal(loadConfig({ KIC_DATA_DIR: dir }).drawSecretKey, key);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
