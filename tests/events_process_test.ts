/**
 * Event streams across processes: SIGTERM with an open stream exits cleanly before the
 * hard-exit timer, and an event appended elsewhere reaches a stream open on an app process
 * (PostgreSQL + Redis).
 */
import assert from "node:assert/strict";
import { HARD_EXIT_MS } from "@/app/constants.ts";
import { appendRoundEvent, ringRoundDoorbell } from "@/domain/round_events.ts";
import { openCache } from "@/services/cache.ts";
import { openPostgresDb } from "@/services/db_postgres.ts";
import {
  testConfig,
  testRealServices,
  testRedisUrl,
  uniqueId,
} from "@/services/testing/mod.ts";
import { DEMO_ACCOUNTS } from "./harness.ts";
import { startAppProcess } from "./process.ts";

const admin = DEMO_ACCOUNTS[0];

/** Signs in over HTTP; returns the cookie header for later requests. */
async function signIn(url: string): Promise<string> {
  const page = await fetch(`${url}/login`);
  const html = await page.text();
  const csrf = html.match(/name="_csrf" value="([^"]+)"/)![1];
  const anon = page.headers.getSetCookie().map((c) => c.split(";")[0]).join(
    "; ",
  );
  const body = new URLSearchParams({
    _csrf: csrf,
    login: admin.login,
    password: admin.password,
  });
  const res = await fetch(`${url}/login`, {
    method: "POST",
    body,
    redirect: "manual",
    headers: { cookie: anon, origin: url },
  });
  await res.body?.cancel();
  const session = res.headers.getSetCookie().find((c) =>
    c.startsWith("kic_session=")
  );
  assert.ok(session, `signed in (${res.status})`);
  return session!.split(";")[0];
}

Deno.test("SIGTERM with an open event stream: the process exits 0 before its hard-exit timer", async () => {
  const app = await startAppProcess({ DRAIN_DELAY_MS: "500" });
  const cookie = await signIn(app.url);
  const res = await fetch(`${app.url}/rounds/1/events`, {
    headers: { cookie },
  });
  assert.equal(res.status, 200);
  const reader = res.body!.getReader();
  await reader.read();
  const termAt = Date.now();
  app.child.kill("SIGTERM");
  let ended = false;
  while (!ended) ended = (await reader.read()).done;
  const status = await app.stop();
  const took = Date.now() - termAt;
  assert.equal(status.code, 0, app.output());
  assert.ok(took < 500 + HARD_EXIT_MS, `exited after ${took} ms`);
  console.log(`stream open at SIGTERM: exit 0 after ${took} ms`);
});

Deno.test({
  name:
    "an event appended by another process reaches a stream open on this one (PostgreSQL + Redis)",
  ignore: !testRealServices() || !testRedisUrl(),
  fn: async () => {
    const prefix = `kic-test:${uniqueId()}:`;
    const app = await startAppProcess({ REDIS_KEY_PREFIX: prefix });
    const db = await openPostgresDb(app.databaseUrl!, { max: 1 });
    const cache = await openCache(
      testConfig({ REDIS_URL: testRedisUrl(), REDIS_KEY_PREFIX: prefix }),
    );
    try {
      const cookie = await signIn(app.url);
      const res = await fetch(`${app.url}/rounds/1/events`, {
        headers: { cookie },
      });
      assert.equal(res.status, 200);
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      await reader.read();
      const sentAt = Date.now();
      await db.transaction((tx) =>
        appendRoundEvent(tx, {
          roundId: 1,
          kind: "draw.done",
          payload: { n: 1 },
        })
      );
      await ringRoundDoorbell(cache, 1);
      let text = "";
      while (!text.includes("event: draw.done")) {
        const { value, done } = await reader.read();
        if (done) break;
        text += value;
      }
      assert.match(text, /event: draw\.done\ndata: \{"n":1\}/);
      console.log(`cross-process event delivered in ${Date.now() - sentAt} ms`);
      await reader.cancel();
    } finally {
      await cache.close();
      await db.close();
      await app.stop();
    }
  },
});
