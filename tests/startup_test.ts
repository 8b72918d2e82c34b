import assert from "node:assert/strict";
import { startTestApp } from "./harness.ts";

Deno.test("production refuses to start without its services, naming each missing variable", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts"],
    cwd: new URL("..", import.meta.url).pathname,
    clearEnv: true,
    env: {
      KIC_MODE: "production",
      PATH: Deno.env.get("PATH") ?? "",
      NO_COLOR: "1",
      DATABASE_URL: "postgres://db/kic",
    },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 1);
  for (
    const name of [
      "MIGRATION_DATABASE_URL",
      "REDIS_URL",
      "S3_ENDPOINT",
      "SMTP_URL",
      "APP_SECRET",
      "DRAW_SECRET_KEY",
      "PUBLIC_ORIGIN",
    ]
  ) {
    assert.match(stderr, new RegExp(name), `names ${name}`);
  }
  assert.doesNotMatch(
    stderr,
    /\bDATABASE_URL,/,
    "a variable that is set is not reported",
  );
});

Deno.test("readiness answers 503 once the database is unreachable", async () => {
  const app = await startTestApp();
  try {
    assert.equal((await app.fetch("/healthz/ready")).status, 200);
    await app.app.services.db.close();
    const res = await app.fetch("/healthz/ready");
    assert.equal(res.status, 503);
    assert.equal(
      await res.text(),
      "not ready\n",
      "no details on the public port",
    );
    const details = await app.app.ops(
      new Request("http://pod:9464/healthz/ready"),
    );
    assert.equal(details.status, 503);
    assert.equal((await details.json()).dependencies.db, false);
    assert.equal(
      (await app.fetch("/healthz/live")).status,
      200,
      "liveness does not depend on the database",
    );
  } finally {
    await app.close().catch(() => {});
  }
});
