import assert from "node:assert/strict";
import { startAppProcess } from "./process.ts";

Deno.test("SIGTERM: readiness fails during the drain, the slow request completes, exit code 0", async () => {
  const app = await startAppProcess({ DRAIN_DELAY_MS: "3000" });
  const slow = fetch(`${app.url}/debug/sleep?ms=5000`).then(async (r) => ({
    status: r.status,
    body: await r.text(),
  }));
  await new Promise((r) => setTimeout(r, 300));
  const termAt = Date.now();
  app.child.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 300));
  const ready = await fetch(`${app.url}/healthz/ready`);
  await ready.body?.cancel();
  assert.equal(ready.status, 503, "readiness answers 503 while draining");
  const live = await fetch(`${app.url}/healthz/live`);
  await live.body?.cancel();
  assert.equal(live.status, 200, "the listener still serves during the drain");
  const done = await slow;
  assert.equal(done.status, 200);
  assert.equal(done.body, "slept 5000 ms\n");
  const status = await app.stop();
  assert.equal(status.code, 0, app.output());
  assert.ok(Date.now() - termAt < 10_000, "exits within 10 s");
  await assert.rejects(
    fetch(`${app.url}/healthz/live`),
    TypeError,
    "the listener is closed",
  );
});
