/**
 * The round's live event stream: who may open it, replay from Last-Event-ID, live delivery
 * through the doorbell, and the end of every stream when the pod starts draining.
 */
import assert from "node:assert/strict";
import { appendRoundEvent, ringRoundDoorbell } from "@/domain/round_events.ts";
import type { Services } from "@/services/services.ts";
import { Client, DEMO_ACCOUNTS, startTestApp } from "./harness.ts";

const admin = DEMO_ACCOUNTS[0];
const employee = DEMO_ACCOUNTS[1];

/** Appends an event the way domain code does: in a transaction, doorbell after commit. */
async function publish(services: Services, roundId: number, kind: string) {
  await services.db.transaction((tx) =>
    appendRoundEvent(tx, { roundId, kind, payload: { kind } })
  );
  await ringRoundDoorbell(services.cache, roundId);
}

/** Reads SSE frames from a response until `count` events arrived. */
async function readEvents(res: Response, count: number) {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  const events: { id: number; kind: string }[] = [];
  const deadline = Date.now() + 10_000;
  while (events.length < count && Date.now() < deadline) {
    const { value, done } = await reader.read();
    if (done) break;
    text += value;
    let end;
    while ((end = text.indexOf("\n\n")) >= 0) {
      const frame = text.slice(0, end);
      text = text.slice(end + 2);
      const id = frame.match(/^id: (\d+)$/m)?.[1];
      const kind = frame.match(/^event: (.+)$/m)?.[1];
      if (id && kind) events.push({ id: Number(id), kind });
    }
  }
  await reader.cancel();
  return events;
}

Deno.test("round event stream: access, live delivery, replay after Last-Event-ID, drain", async (t) => {
  const app = await startTestApp();
  const services = app.app.services;
  try {
    const [{ id: roundId }] = await services.db.sql<{ id: number }>`
      select id from rounds order by id limit 1`;
    const path = `/rounds/${roundId}/events`;

    await t.step(
      "anonymous is sent to sign-in; a stranger to the round gets 404",
      async () => {
        const anon = await new Client(app).fetch(path);
        assert.equal(anon.status, 303);
        const c = new Client(app);
        await c.signIn(employee.login, employee.password);
        const res = await c.fetch(path);
        assert.equal(res.status, 404);
        await res.body?.cancel();
        const other = await c.fetch(`/rounds/999999/events`);
        assert.equal(other.status, 404);
        await other.body?.cancel();
      },
    );

    await t.step("a family of the round may follow it", async () => {
      const [me] = await services.db.sql<{ id: number }>`
        select id from accounts where login = ${employee.login}`;
      await services.db.sql`
        insert into applications (round_id, family_key, filed_by)
        values (${roundId}, ${me.id}, ${me.id})`;
      const c = new Client(app);
      await c.signIn(employee.login, employee.password);
      const res = await c.fetch(path);
      assert.equal(res.status, 200);
      assert.match(res.headers.get("content-type")!, /^text\/event-stream/);
      await res.body?.cancel();
    });

    const c = new Client(app);
    await c.signIn(admin.login, admin.password);
    let firstId = 0;

    await t.step(
      "an admin's open stream receives events as they are committed",
      async () => {
        await publish(services, roundId, "setup.before");
        const res = await c.fetch(path);
        assert.equal(res.status, 200);
        const reading = readEvents(res, 3);
        await new Promise((r) => setTimeout(r, 100));
        await publish(services, roundId, "draw.started");
        await publish(services, roundId, "draw.done");
        const events = await reading;
        assert.deepEqual(events.map((e) => e.kind), [
          "setup.before",
          "draw.started",
          "draw.done",
        ]);
        firstId = events[0].id;
      },
    );

    await t.step(
      "a reconnect with Last-Event-ID misses nothing and repeats nothing",
      async () => {
        const res = await c.fetch(path, {
          headers: { "last-event-id": String(firstId) },
        });
        const events = await readEvents(res, 2);
        assert.deepEqual(events.map((e) => e.kind), [
          "draw.started",
          "draw.done",
        ]);
      },
    );

    await t.step("draining ends open streams", async () => {
      const res = await c.fetch(path);
      const reader = res.body!.getReader();
      await reader.read(); // the retry line
      app.app.lifecycle.drain();
      const started = Date.now();
      let done = false;
      while (!done && Date.now() - started < 5_000) {
        done = (await reader.read()).done;
      }
      assert.ok(done, "the stream ended");
    });
  } finally {
    await app.close();
  }
});
