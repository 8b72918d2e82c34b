import assert from "node:assert/strict";
import {
  appendRoundEvent,
  followRoundEvents,
  openRoundEventHub,
  ringRoundDoorbell,
  type RoundEvent,
  roundEventsSince,
} from "@/domain/round_events.ts";
import type { Db } from "@/services/db.ts";
import { logNothing } from "@/services/log.ts";
import {
  openSharedBackends,
  realBackendsAvailable,
  waitFor,
} from "@/services/testing/shared_backends.ts";

async function insertRound(db: Db): Promise<number> {
  const day = (n: number) => new Date(Date.UTC(2030, 0, n));
  const [row] = await db.sql<{ id: number }>`
    insert into rounds (name, applications_open_at, applications_close_at, review_until,
      draw_at, first_window_start, first_window_end, second_window_start, second_window_end,
      beacon_kind, beacon_name, fallback_kind, fallback_name)
    values ('r', ${day(1)}, ${day(2)}, ${day(3)}, ${day(4)}, ${day(5)}, ${
    day(6)
  }, ${day(7)},
      ${day(8)}, 'drand', 'quicknet', 'nist', 'pulse')
    returning id`;
  return row.id;
}

for (const kind of ["embedded", "real"] as const) {
  Deno.test({
    name:
      `round events: ${kind}: an append on connection 1 wakes a stream on connection 2; replay`,
    ignore: kind === "real" && !realBackendsAvailable(),
    async fn() {
      const shared = await openSharedBackends(kind);
      const { a, b } = shared;
      // No periodic re-check: only the doorbell (or an explicit recheck) wakes the stream.
      const hub = await openRoundEventHub({
        db: b.db,
        cache: b.cache,
        recheckMs: 0,
        log: logNothing,
      });
      const abort = new AbortController();
      const seen: RoundEvent[] = [];
      let following: Promise<void> | undefined;
      try {
        const roundId = await insertRound(a.db);
        const otherRound = await insertRound(a.db);
        following = (async () => {
          for await (
            const event of followRoundEvents({
              db: b.db,
              hub,
              roundId,
              signal: abort.signal,
              batch: 2,
            })
          ) seen.push(event);
        })();

        await assert.rejects(
          () =>
            a.db.transaction(async (tx) => {
              await appendRoundEvent(tx, { roundId, kind: "gone" });
              throw new Error("rolled back");
            }),
          /rolled back/,
        );
        await a.db.transaction(async (tx) => {
          await appendRoundEvent(tx, {
            roundId,
            kind: "round.status",
            payload: { status: "frozen" },
          });
          await appendRoundEvent(tx, {
            roundId: otherRound,
            kind: "elsewhere",
          });
          await appendRoundEvent(tx, { roundId, kind: "draw.started" });
          await appendRoundEvent(tx, { roundId, kind: "draw.done" });
        });
        await ringRoundDoorbell(a.cache, roundId);
        await waitFor("three events on connection 2", () => seen.length >= 3);
        assert.deepStrictEqual(seen.map((e) => e.kind), [
          "round.status",
          "draw.started",
          "draw.done",
        ]);
        assert.deepStrictEqual(seen[0].payload, { status: "frozen" });
        assert.ok(seen.every((e) => e.roundId === roundId));
        assert.ok(seen[0].createdAt instanceof Date);

        // Replay after an id: exactly the later events, in order.
        const replay = await roundEventsSince(a.db, {
          roundId,
          afterId: seen[0].id,
        });
        assert.deepStrictEqual(replay, seen.slice(1));
        assert.deepStrictEqual(
          await roundEventsSince(b.db, { roundId, afterId: seen[2].id }),
          [],
        );
        assert.deepStrictEqual(
          (await roundEventsSince(b.db, { roundId, limit: 1 })).map((e) =>
            e.kind
          ),
          ["round.status"],
        );

        // A lost doorbell: the re-check still delivers.
        await appendRoundEvent(a.db, { roundId, kind: "seat.offered" });
        await new Promise((r) => setTimeout(r, 100));
        assert.equal(seen.length, 3);
        await hub.recheck();
        await waitFor("the re-checked event", () => seen.length === 4);
        assert.equal(seen[3].kind, "seat.offered");

        // Closing the hub (the pod drains) ends the stream.
        await hub.close();
        await following;
        assert.equal(seen.length, 4);
      } finally {
        abort.abort();
        await hub.close();
        await following;
        await shared.close();
      }
    },
  });
}

Deno.test({
  name:
    "round events: real: appends to one round wait for each other, so ids follow commit order",
  ignore: !realBackendsAvailable(),
  async fn() {
    const shared = await openSharedBackends("real");
    const { a, b } = shared;
    try {
      const roundId = await insertRound(a.db);
      let release!: () => void;
      const held = new Promise<void>((r) => release = r);
      let firstAppended!: () => void;
      const appended = new Promise<void>((r) => firstAppended = r);
      const first = a.db.transaction(async (tx) => {
        const event = await appendRoundEvent(tx, { roundId, kind: "first" });
        firstAppended();
        await held;
        return event;
      });
      await appended;
      let secondDone = false;
      const second = appendRoundEvent(b.db, { roundId, kind: "second" }).then(
        (event) => {
          secondDone = true;
          return event;
        },
      );
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(secondDone, false, "the second append waits for the first");
      release();
      const [one, two] = await Promise.all([first, second]);
      assert.ok(one.id < two.id);
    } finally {
      await shared.close();
    }
  },
});

Deno.test("round events: a closed hub ends followers at once and refuses listeners", async () => {
  const shared = await openSharedBackends("embedded");
  try {
    const hub = await openRoundEventHub({
      db: shared.a.db,
      cache: shared.a.cache,
    });
    await hub.close();
    const events = [];
    for await (
      const event of followRoundEvents({ db: shared.a.db, hub, roundId: 1 })
    ) events.push(event);
    assert.deepStrictEqual(events, []);
    assert.throws(() => hub.listen(1, () => {}), /closed/);
  } finally {
    await shared.close();
  }
});
