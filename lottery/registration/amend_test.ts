/**
 * The registration `amend` event (README section 8): an amendment made while registration is
 * under way reaches the live waitlists at the place its key gives.
 *
 * @module
 */
import assert from "node:assert/strict";
import { amend, prepareRecord, runDraw } from "../draw.ts";
import { compareOrder } from "../order.ts";
import {
  apply,
  type Calendar,
  holdings,
  initialState,
  liveWaitlist,
  type RegistrationState,
} from "./mod.ts";
import type { Entrant, RoundRecord } from "../types.ts";
import { LOTTO_BEACON, ps, SECRET } from "../testdata/records.ts";

const DAY = 24 * 3_600_000;
const CAL: Calendar = { firstWindowEnd: 10 * DAY, secondWindowEnd: 17 * DAY };

/** 20 children for `r1` (5 seats) and `r2` (3 seats), drawn. */
function drawn(): RoundRecord {
  const entrants: Entrant[] = Array.from({ length: 20 }, (_, i) => ({
    pseudonym: ps(i + 1),
    members: [ps(i + 1)],
    choices: [
      { recruitment: "r1", weight: 100 + 10 * i, tier: 1 },
      ...(i % 2 ? [{ recruitment: "r2", weight: 150, tier: 1 }] : []),
    ],
  }));
  const rec = prepareRecord({
    round: { id: "live" },
    recruitments: [{ id: "r1", seats: 5 }, { id: "r2", seats: 3 }],
    entrants,
    secret: SECRET,
    beacon: LOTTO_BEACON,
  });
  return runDraw({
    ...rec,
    secret: SECRET,
    beacon: { ...rec.beacon, used: "primary", value: "1:1,2,3,4,5,6+7" },
  });
}

/** Tier, key and pseudonym of every entrant in `r`, its latest version. */
function orderOf(rec: RoundRecord, r: string) {
  const out = new Map<
    string,
    { tier: number; key: number; pseudonym: string }
  >();
  const add = (e: Entrant, keys: number[]) =>
    e.choices.forEach((c, i) => {
      if (c.recruitment === r) {
        out.set(e.pseudonym, {
          tier: c.tier,
          key: keys[i],
          pseudonym: e.pseudonym,
        });
      }
    });
  rec.entrants.forEach((e, i) =>
    add(e, rec.draw!.results[i].choices.map((c) => c.key))
  );
  for (const a of rec.amendments ?? []) {
    out.delete(a.entrant.pseudonym);
    add(a.entrant, a.choices.map((c) => c.key));
  }
  return out;
}

/** Asserts that the live waitlist of `r` is in the recruitment's order. */
function assertInOrder(s: RegistrationState, rec: RoundRecord, r: string) {
  const order = orderOf(rec, r);
  const live = liveWaitlist(s, r).map((w) => w.entrant);
  const sorted = [...live].sort((a, b) =>
    compareOrder(order.get(a)!, order.get(b)!)
  );
  assert.deepEqual(live, sorted, `${r}: live waitlist out of order`);
}

/** The registration state right after the draw of `rec`. */
function live(rec: RoundRecord): RegistrationState {
  return initialState(rec.recruitments, rec.entrants, rec.draw!.results, CAL, 0)
    .state;
}

function step(s: RegistrationState, event: Parameters<typeof apply>[1]) {
  const out = apply(s, event);
  assert.equal(out.error, undefined, String(out.error));
  return out;
}

Deno.test("amend during registration: a new entrant takes the live waitlist place its key gives", () => {
  let rec = drawn();
  let s = live(rec);
  // Live positions move away from the frozen ones: two waitlisted entrants leave.
  for (const p of liveWaitlist(s, "r1").slice(0, 2).map((w) => w.entrant)) {
    s = step(s, {
      type: "leaveWaitlist",
      at: DAY,
      entrant: p,
      recruitment: "r1",
    }).state;
  }
  const before = liveWaitlist(s, "r1").map((w) => w.entrant);
  const late: Entrant = {
    pseudonym: ps(50),
    members: [ps(50)],
    choices: [{ recruitment: "r1", weight: 400, tier: 1 }],
  };
  rec = amend(rec, { entrant: late, reason: "late review" });
  const a = rec.amendments![0];
  const out = step(s, { type: "amend", at: 2 * DAY, amendment: a });
  s = out.state;
  const order = orderOf(rec, "r1");
  const ahead =
    before.filter((p) =>
      compareOrder(order.get(p)!, order.get(late.pseudonym)!) < 0
    ).length;
  const mine = liveWaitlist(s, "r1").find((w) => w.entrant === ps(50))!;
  assert.equal(mine.position, ahead + 1);
  assert.equal(mine.frozen, a.choices[0].waitlist);
  assert.equal(mine.rank, a.choices[0].rank);
  assert.deepEqual(out.moves.map((m) => m.kind), ["amended"]);
  assert.equal(liveWaitlist(s, "r1").length, before.length + 1);
  assertInOrder(s, rec, "r1");
  // Nobody else moved.
  assert.deepEqual(
    liveWaitlist(s, "r1").map((w) => w.entrant).filter((p) => p !== ps(50)),
    before,
  );
});

Deno.test("amend during registration: a corrected weight moves the entrant to its new place, once", () => {
  let rec = drawn();
  let s = live(rec);
  const last = liveWaitlist(s, "r1").at(-1)!.entrant;
  const entry = rec.entrants.find((e) => e.pseudonym === last)!;
  rec = amend(rec, {
    entrant: {
      ...entry,
      choices: entry.choices.map((c) => ({ ...c, weight: 900 })),
    },
  });
  s = step(s, { type: "amend", at: DAY, amendment: rec.amendments![0] }).state;
  const now = liveWaitlist(s, "r1").map((w) => w.entrant);
  assert.equal(now.filter((p) => p === last).length, 1);
  assert.ok(now.indexOf(last) < now.length - 1, "moved up");
  assertInOrder(s, rec, "r1");
  // Lowered back to weight 1 it goes to the end.
  rec = amend(rec, {
    entrant: {
      ...entry,
      choices: entry.choices.map((c) => ({ ...c, weight: 1 })),
    },
  });
  s = step(s, { type: "amend", at: DAY, amendment: rec.amendments![1] }).state;
  assertInOrder(s, rec, "r1");
  assert.equal(liveWaitlist(s, "r1").at(-1)!.entrant, last);
});

Deno.test("amend during registration: an extra seat is offered to the entrant; a dropped seat is refilled", () => {
  let rec = drawn();
  let s = live(rec);
  const late: Entrant = {
    pseudonym: ps(60),
    members: [ps(60)],
    choices: [
      { recruitment: "r2", weight: 100, tier: 1 },
      { recruitment: "r1", weight: 100, tier: 1 },
    ],
  };
  rec = amend(rec, { entrant: late, extraSeats: { r1: 1 } });
  const out = step(s, {
    type: "amend",
    at: DAY,
    amendment: rec.amendments![0],
  });
  s = out.state;
  assert.equal(s.recruitments.find((r) => r.id === "r1")!.seats, 6);
  assert.equal(holdings(s, ps(60))?.seat?.recruitment, "r1");
  assert.equal(holdings(s, ps(60))?.seat?.status, "offer");
  assert.deepEqual(out.offers.map((o) => o.recruitment), ["r1"]);
  // It still waits for r2, which it ranked higher, at its key's place.
  assert.ok(liveWaitlist(s, "r2").some((w) => w.entrant === ps(60)));
  assertInOrder(s, rec, "r2");

  // A holder of r1 whose corrected list drops r1 gives the seat up; the head of r1 takes it.
  const holder = rec.draw!.results.find((r) =>
    r.placed === "r1" && r.choices.length === 1
  )!;
  const head = liveWaitlist(s, "r1")[0].entrant;
  const entry = rec.entrants.find((e) => e.pseudonym === holder.pseudonym)!;
  rec = amend(rec, {
    entrant: {
      ...entry,
      choices: [{ recruitment: "r2", weight: 100, tier: 1 }],
    },
  });
  const out2 = step(s, {
    type: "amend",
    at: 2 * DAY,
    amendment: rec.amendments![1],
  });
  s = out2.state;
  assert.notEqual(holdings(s, holder.pseudonym)?.seat?.recruitment, "r1");
  assert.equal(holdings(s, head)?.seat?.recruitment, "r1");
  assert.ok(
    out2.moves.some((m) =>
      m.kind === "freed" && m.entrant === holder.pseudonym
    ),
  );
  assertInOrder(s, rec, "r2");
});

Deno.test("amend during registration: refused events name the problem", () => {
  const rec = drawn();
  const s = live(rec);
  const a = amend(rec, {
    entrant: {
      pseudonym: ps(70),
      members: [ps(70)],
      choices: [{ recruitment: "r1", weight: 100, tier: 1 }],
    },
  }).amendments![0];
  const bad = (amendment: unknown) =>
    apply(s, {
      type: "amend",
      at: DAY,
      amendment: amendment as typeof a,
    }).error;
  assert.equal(bad({ ...a, choices: [] }), "invalid-amendment");
  assert.equal(bad(null), "invalid-amendment");
  assert.equal(
    bad({
      ...a,
      entrant: {
        ...a.entrant,
        choices: [{ recruitment: "r9", weight: 1, tier: 1 }],
      },
      choices: [{ ...a.choices[0], recruitment: "r9" }],
    }),
    "unknown-recruitment",
  );
  const first = rec.entrants[0];
  assert.equal(
    bad({ ...a, entrant: { ...first, members: [ps(1), ps(99)] } }),
    "invalid-amendment",
  );
  const gone = step(s, { type: "withdraw", at: DAY, entrant: first.pseudonym });
  assert.equal(
    apply(gone.state, {
      type: "amend",
      at: DAY,
      amendment: { ...a, entrant: first, choices: [] },
    }).error,
    "invalid-amendment",
  );
  assert.equal(
    apply(gone.state, {
      type: "amend",
      at: DAY,
      amendment: {
        ...a,
        entrant: first,
        choices: rec.draw!.results[0].choices,
      },
    }).error,
    "withdrawn",
  );
});
