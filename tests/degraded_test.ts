import assert from "node:assert/strict";
import {
  Client,
  DEMO_ACCOUNTS,
  startTestApp,
  type TestApp,
} from "./harness.ts";

const [admin, employee, other] = DEMO_ACCOUNTS;

async function readiness(app: TestApp) {
  // The details are on the operations port; the public port only says yes or no.
  const res = await app.app.ops(new Request("http://pod:9464/healthz/ready"));
  return { status: res.status, body: await res.json() };
}

Deno.test("degraded: with Redis at a closed port the app is ready and the 6th wrong password for one account is refused", async () => {
  const app = await startTestApp({ REDIS_URL: "redis://127.0.0.1:1" });
  try {
    const ready = await readiness(app);
    assert.equal(ready.status, 200);
    assert.equal(ready.body.ready, true);
    assert.equal(ready.body.dependencies.cache, false);

    // The owner signed in on this laptop before the guessing started.
    const laptop = new Client(app);
    assert.equal(
      (await laptop.signIn(other.login, other.password)).status,
      303,
    );
    const { csrf } = await laptop.page("/");
    await laptop.post("/logout", { _csrf: csrf });

    const statuses = [];
    for (let i = 0; i < 6; i++) {
      statuses.push(
        (await new Client(app).signIn(other.login, "guess")).status,
      );
    }
    assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429]);
    assert.equal(
      (await laptop.signIn(other.login, other.password)).status,
      303,
      "the owner's browser still signs in",
    );
    // Another account keeps its own budget.
    const ok = await new Client(app).signIn(employee.login, employee.password);
    assert.equal(ok.status, 303);
    await ok.body?.cancel();
  } finally {
    await app.close();
  }
});

Deno.test("degraded: with S3 at a closed port the app becomes ready, reports storage down and serves sign-in", async () => {
  const app = await startTestApp({ S3_ENDPOINT: "http://127.0.0.1:1" });
  try {
    assert.equal(app.app.services.storage.kind, "s3");
    const ready = await readiness(app);
    assert.equal(ready.status, 200);
    assert.equal(ready.body.ready, true);
    assert.equal(ready.body.dependencies.storage, false);
    const home = await app.fetch("/login");
    assert.equal(home.status, 200);
    await home.body?.cancel();
    const ok = await new Client(app).signIn(admin.login, admin.password);
    assert.equal(ok.status, 303);
    await ok.body?.cancel();
  } finally {
    await app.close();
  }
});
