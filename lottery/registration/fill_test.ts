/**
 * The fast fill (`_fast_fill.ts`) against its definition, the straightforward `slowFill`, on
 * random registration states with free seats.
 *
 * @module
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { entrantIndexOf, fastFill } from "./_fast_fill.ts";
import { slowFill } from "./_fill.ts";
import type { Ctx } from "./_helpers.ts";
import type {
  EntrantState,
  Holder,
  RegistrationState,
  SeatStatus,
} from "./types.ts";

const H = 3_600_000;

const rawState = fc.record({
  seats: fc.array(fc.integer({ min: 0, max: 5 }), {
    minLength: 1,
    maxLength: 4,
  }),
  people: fc.array(
    fc.record({
      size: fc.oneof(
        fc.constant(1),
        fc.constant(1),
        fc.integer({ min: 2, max: 3 }),
      ),
      prefs: fc.shuffledSubarray([0, 1, 2, 3], { minLength: 1 }),
      seatAt: fc.integer({ min: -1, max: 3 }),
      status: fc.constantFrom<SeatStatus>("won", "offer", "confirmed"),
      waits: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
      prio: fc.array(fc.nat(50), { minLength: 4, maxLength: 4 }),
    }),
    { maxLength: 14 },
  ),
  firstEnded: fc.boolean(),
  at: fc.integer({ min: 0, max: 400 }),
});

/** A consistent state: seats within capacity, waiting only above the seat held. */
function stateOf(
  raw: typeof rawState extends fc.Arbitrary<infer T> ? T : never,
): RegistrationState {
  const ids = raw.seats.map((_, i) => `r${i}`);
  const used = raw.seats.map(() => 0);
  const holders: Holder[][] = raw.seats.map(() => []);
  const waits: { entrant: string; prio: number; i: number }[][] = raw.seats.map(
    () => [],
  );
  const entrants: EntrantState[] = raw.people.map((p, i) => {
    const prefs = p.prefs.filter((r) => r < raw.seats.length);
    const pseudonym = `e${String(i).padStart(2, "0")}`;
    let seat = p.seatAt >= 0 && p.seatAt < prefs.length ? p.seatAt : -1;
    if (seat >= 0 && used[prefs[seat]] + p.size > raw.seats[prefs[seat]]) {
      seat = -1;
    }
    if (seat >= 0) {
      const r = prefs[seat];
      used[r] += p.size;
      holders[r].push({
        entrant: pseudonym,
        status: p.status,
        deadline: p.status === "confirmed" ? null : 500 * H,
        since: 0,
      });
    }
    const upTo = seat >= 0 ? seat : prefs.length;
    for (let k = 0; k < upTo; k++) {
      if (p.waits[k]) {
        waits[prefs[k]].push({ entrant: pseudonym, prio: p.prio[k], i });
      }
    }
    return {
      pseudonym,
      size: p.size,
      choices: prefs.map((r) => ids[r]),
      withdrawn: false,
    };
  });
  return {
    format: "kic-registration/2",
    calendar: { firstWindowEnd: 300 * H, secondWindowEnd: 500 * H },
    now: raw.at * H,
    firstWindowEnded: raw.firstEnded,
    closed: false,
    recruitments: ids.map((id, r) => ({
      id,
      seats: raw.seats[r],
      holders: holders[r],
      waitlist: waits[r]
        .sort((a, b) => a.prio - b.prio || a.i - b.i)
        .map((w, k) => ({
          entrant: w.entrant,
          frozen: k + 1,
          rank: k + 1,
          tier: 1,
          key: k,
        })),
    })),
    entrants,
  };
}

Deno.test("property: the fast fill gives exactly the state, moves and offers of slowFill", () => {
  let compared = 0, moved = 0, runs = 0;
  fc.assert(
    fc.property(rawState, (raw) => {
      runs++;
      const s = stateOf(raw);
      const at = s.now;
      const fast: Ctx = { s: structuredClone(s), at, moves: [], offers: [] };
      const slow: Ctx = { s: structuredClone(s), at, moves: [], offers: [] };
      const index = entrantIndexOf(fast.s.entrants);
      assert.ok(index, "sorted unique entrants always have an index");
      if (!fastFill(fast, index)) return;
      slowFill(slow);
      assert.deepEqual(fast.s, slow.s);
      assert.deepEqual(fast.moves, slow.moves);
      assert.deepEqual(fast.offers, slow.offers);
      compared++;
      if (slow.moves.length > 0) moved++;
    }),
    { numRuns: 2000 },
  );
  console.log(
    `fill property: ${compared} of ${runs} random states compared, ${moved} with seats given`,
  );
  assert.ok(compared >= runs * 0.9 && moved >= runs / 4);
});
