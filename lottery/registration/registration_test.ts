import assert from "node:assert/strict";
import fc from "fast-check";
import type {
  ChoiceResult,
  Entrant,
  EntrantResult,
  Recruitment,
} from "../types.ts";
import {
  apply,
  type Calendar,
  firstOffers,
  holdings,
  initialState,
  liveWaitlist,
  type Move,
  OFFER_MS,
  offerDeadline,
  type OfferMade,
  type RegistrationEvent,
  type RegistrationState,
  type Step,
} from "./mod.ts";
import { compareOrder } from "../order.ts";

const H = 3_600_000;
const DAY = 24 * H;
const CAL: Calendar = { firstWindowEnd: 10 * DAY, secondWindowEnd: 17 * DAY };

/** One entrant of a hand-built round: its ranked choices as [recruitment, result, rank]. */
interface Spec {
  p: string;
  size?: number;
  c: [string, ChoiceResult, number][];
}

/** Builds recruitments, entrants and results; waitlist positions follow the ranks. */
function build(seats: Record<string, number>, specs: Spec[]): {
  recruitments: Recruitment[];
  entrants: Entrant[];
  results: EntrantResult[];
} {
  const recruitments = Object.entries(seats).map(([id, n]) => ({
    id,
    seats: n,
  }));
  const entrants: Entrant[] = specs.map((s) => ({
    pseudonym: s.p,
    members: Array.from(
      { length: s.size ?? 1 },
      (_, i) => (s.size ?? 1) === 1 ? s.p : `${s.p}.${i}`,
    ),
    choices: s.c.map(([r]) => ({ recruitment: r, weight: 100, tier: 1 })),
  }));
  const waitRanks = (r: string) =>
    specs.flatMap((s) =>
      s.c.filter(([x, res]) => x === r && res === "waitlist").map((c) => c[2])
    ).sort((a, b) => a - b);
  const results: EntrantResult[] = specs.map((s) => ({
    pseudonym: s.p,
    u: 0.5,
    placed: s.c.find(([, res]) => res === "won")?.[0] ?? null,
    choices: s.c.map(([r, result, rank]) => ({
      recruitment: r,
      key: rank,
      rank,
      result,
      waitlist: result === "waitlist" ? waitRanks(r).indexOf(rank) + 1 : null,
    })),
  }));
  return { recruitments, entrants, results };
}

function start(seats: Record<string, number>, specs: Spec[], drawTime = 0) {
  const b = build(seats, specs);
  return initialState(b.recruitments, b.entrants, b.results, CAL, drawTime);
}

/** Applies an event that must succeed, checking that the input state is left untouched. */
function ok(state: RegistrationState, event: RegistrationEvent): Step {
  const before = structuredClone(state);
  const out = apply(state, event);
  assert.deepEqual(state, before, "input state mutated");
  assert.equal(out.error, undefined, `unexpected error ${out.error}`);
  assert.notEqual(out.state, state);
  return out;
}

/** Applies an event that must be refused with `code`. */
function refused(
  state: RegistrationState,
  event: RegistrationEvent,
  code: string,
): void {
  const before = structuredClone(state);
  const out = apply(state, event);
  assert.equal(out.error, code);
  assert.equal(out.state, state);
  assert.deepEqual(state, before);
  assert.deepEqual(out.moves, []);
  assert.deepEqual(out.offers, []);
}

const brief = (moves: Move[]) =>
  moves.map((m) =>
    [m.kind, m.entrant, m.recruitment, m.from, m.status].filter((x) =>
      x !== undefined
    ).join(" ")
  );
const seatOf = (s: RegistrationState, p: string) => holdings(s, p)?.seat;
const wl = (s: RegistrationState, r: string) =>
  liveWaitlist(s, r).map((w) => `${w.entrant}@${w.position}/${w.frozen}`);

Deno.test("a single freed seat skips a unit of 2 at the head, which keeps its place", () => {
  let { state, offers } = start({ r: 2 }, [
    { p: "a", c: [["r", "won", 1]] },
    { p: "b", c: [["r", "won", 2]] },
    { p: "U", size: 2, c: [["r", "waitlist", 3]] },
    { p: "c", c: [["r", "waitlist", 4]] },
  ]);
  assert.deepEqual(offers, []);
  assert.deepEqual(wl(state, "r"), ["U@1/1", "c@2/2"]);

  let out = ok(state, {
    type: "decline",
    at: 1,
    entrant: "a",
    recruitment: "r",
  });
  state = out.state;
  assert.deepEqual(brief(out.moves), ["declined a r", "offered c r offer"]);
  assert.deepEqual(out.offers, [{
    entrant: "c",
    recruitment: "r",
    deadline: CAL.firstWindowEnd,
    at: 1,
  }]);
  assert.deepEqual(wl(state, "r"), ["U@1/1"]);

  out = ok(state, { type: "decline", at: 2, entrant: "b", recruitment: "r" });
  state = out.state;
  assert.deepEqual(brief(out.moves), ["declined b r"]); // 1 free seat, U needs 2
  assert.deepEqual(wl(state, "r"), ["U@1/1"]);

  out = ok(state, { type: "decline", at: 3, entrant: "c", recruitment: "r" });
  state = out.state;
  assert.deepEqual(brief(out.moves), ["declined c r", "offered U r offer"]);
  assert.deepEqual(seatOf(state, "U"), {
    recruitment: "r",
    status: "offer",
    deadline: CAL.firstWindowEnd,
  });
  assert.deepEqual(wl(state, "r"), []);
});

Deno.test("the unit gets its seats when 2 are freed at once (forfeits at the 1st window end)", () => {
  const { state } = start({ r: 2 }, [
    { p: "a", c: [["r", "won", 1]] },
    { p: "b", c: [["r", "won", 2]] },
    { p: "U", size: 2, c: [["r", "waitlist", 3]] },
    { p: "c", c: [["r", "waitlist", 4]] },
  ]);
  const out = ok(state, {
    type: "windowEnd",
    at: CAL.firstWindowEnd,
    window: "first",
  });
  assert.deepEqual(brief(out.moves), [
    "forfeited a r",
    "forfeited b r",
    "offered U r offer",
  ]);
  assert.deepEqual(wl(out.state, "r"), ["c@1/2"]);
});

const CASCADE: Spec[] = [
  { p: "X", c: [["r1", "won", 1]] },
  { p: "A", c: [["r1", "waitlist", 2], ["r2", "won", 1]] },
  { p: "B", c: [["r2", "waitlist", 2], ["r3", "won", 1]] },
  { p: "C", c: [["r3", "waitlist", 2]] },
];

Deno.test("a cascade three levels deep propagates confirmed and offer status", () => {
  let { state, offers } = start({ r1: 1, r2: 1, r3: 1 }, CASCADE);
  assert.deepEqual(offers, []);
  state = ok(state, {
    type: "confirm",
    at: 100,
    entrant: "A",
    recruitment: "r2",
  }).state;
  assert.deepEqual(wl(state, "r1"), ["A@1/1"]); // confirm keeps higher places
  const out = ok(state, {
    type: "decline",
    at: 200,
    entrant: "X",
    recruitment: "r1",
  });
  assert.deepEqual(brief(out.moves), [
    "declined X r1",
    "movedUp A r1 r2 confirmed",
    "freed A r2",
    "movedUp B r2 r3 offer",
    "freed B r3",
    "offered C r3 offer",
  ]);
  assert.deepEqual(out.offers, [
    { entrant: "B", recruitment: "r2", deadline: CAL.firstWindowEnd, at: 200 },
    { entrant: "C", recruitment: "r3", deadline: CAL.firstWindowEnd, at: 200 },
  ]);
  assert.equal(out.moves[1].deadline, undefined);
  assert.equal(seatOf(out.state, "A")?.status, "confirmed");
  assert.equal(seatOf(out.state, "A")?.recruitment, "r1");
  assert.equal(seatOf(out.state, "B")?.status, "offer");
  assert.equal(seatOf(out.state, "C")?.status, "offer");
  for (const r of ["r1", "r2", "r3"]) assert.deepEqual(wl(out.state, r), []);
});

Deno.test("a move-up from an unconfirmed seat is an offer even when higher up is confirmed", () => {
  let { state } = start({ r1: 1, r2: 1, r3: 1 }, CASCADE);
  state = ok(state, {
    type: "confirm",
    at: 100,
    entrant: "B",
    recruitment: "r3",
  }).state;
  const out = ok(state, {
    type: "decline",
    at: 200,
    entrant: "X",
    recruitment: "r1",
  });
  assert.deepEqual(brief(out.moves), [
    "declined X r1",
    "movedUp A r1 r2 offer",
    "freed A r2",
    "movedUp B r2 r3 confirmed",
    "freed B r3",
    "offered C r3 offer",
  ]);
  assert.deepEqual(out.offers.map((o) => o.entrant), ["A", "C"]);
});

Deno.test("moving up leaves the waitlists of choices ranked below the new seat", () => {
  let { state } = start({ r1: 1, r2: 1, r3: 1 }, [
    { p: "X", c: [["r1", "won", 1]] },
    { p: "Y", c: [["r2", "won", 1]] },
    {
      p: "A",
      c: [["r1", "waitlist", 2], ["r2", "waitlist", 2], ["r3", "won", 1]],
    },
    { p: "D", c: [["r2", "waitlist", 3]] },
  ]);
  const out = ok(state, {
    type: "decline",
    at: 5,
    entrant: "X",
    recruitment: "r1",
  });
  state = out.state;
  assert.deepEqual(brief(out.moves), [
    "declined X r1",
    "movedUp A r1 r3 offer",
    "freed A r3",
    "left A r2",
  ]);
  assert.equal(out.moves[3].reason, "higher");
  assert.deepEqual(wl(state, "r2"), ["D@1/2"]);
  assert.equal(liveWaitlist(state, "r2")[0].rank, 3);
});

Deno.test("optOutHigher leaves the higher waitlists; without it the entrant moves up", () => {
  const { state } = start({ r1: 1, r2: 1 }, [
    { p: "X", c: [["r1", "won", 1]] },
    { p: "A", c: [["r1", "waitlist", 2], ["r2", "won", 1]] },
    { p: "E", c: [["r1", "waitlist", 3]] },
  ]);
  const opted = ok(state, {
    type: "confirm",
    at: 1,
    entrant: "A",
    recruitment: "r2",
    optOutHigher: true,
  });
  assert.deepEqual(brief(opted.moves), ["confirmed A r2", "left A r1"]);
  assert.equal(opted.moves[1].reason, "optOutHigher");
  assert.deepEqual(wl(opted.state, "r1"), ["E@1/2"]);
  const after = ok(opted.state, {
    type: "decline",
    at: 2,
    entrant: "X",
    recruitment: "r1",
  });
  assert.deepEqual(brief(after.moves), ["declined X r1", "offered E r1 offer"]);
  assert.deepEqual(seatOf(after.state, "A")?.recruitment, "r2");

  const kept = ok(state, {
    type: "confirm",
    at: 1,
    entrant: "A",
    recruitment: "r2",
  });
  assert.deepEqual(brief(kept.moves), ["confirmed A r2"]);
  const up = ok(kept.state, {
    type: "decline",
    at: 2,
    entrant: "X",
    recruitment: "r1",
  });
  assert.deepEqual(brief(up.moves), [
    "declined X r1",
    "movedUp A r1 r2 confirmed",
    "freed A r2",
  ]);
  // Confirming again: refused, unless only to opt out.
  refused(
    kept.state,
    { type: "confirm", at: 3, entrant: "A", recruitment: "r2" },
    "already-confirmed",
  );
  const late = ok(kept.state, {
    type: "confirm",
    at: 3,
    entrant: "A",
    recruitment: "r2",
    optOutHigher: true,
  });
  assert.deepEqual(brief(late.moves), ["left A r1"]);
});

Deno.test("decline frees the seat and keeps the entrant's other waitlist places", () => {
  let { state } = start({ r1: 1, r2: 1 }, [
    { p: "X", c: [["r1", "won", 1]] },
    { p: "A", c: [["r1", "waitlist", 2], ["r2", "won", 1]] },
    { p: "F", c: [["r2", "waitlist", 2]] },
  ]);
  let out = ok(state, {
    type: "decline",
    at: 1,
    entrant: "A",
    recruitment: "r2",
  });
  state = out.state;
  assert.deepEqual(brief(out.moves), ["declined A r2", "offered F r2 offer"]);
  assert.deepEqual(holdings(state, "A"), {
    seat: null,
    waitlists: [{ recruitment: "r1", frozen: 1, rank: 2, position: 1 }],
    withdrawn: false,
  });
  refused(
    state,
    { type: "decline", at: 2, entrant: "A", recruitment: "r2" },
    "not-holder",
  );
  out = ok(state, { type: "decline", at: 2, entrant: "X", recruitment: "r1" });
  assert.deepEqual(brief(out.moves), ["declined X r1", "offered A r1 offer"]);
});

Deno.test("the 1st window end forfeits unconfirmed won seats and expires due offers", () => {
  let { state } = start({ r1: 2, r2: 1 }, [
    { p: "a", c: [["r1", "won", 1]] },
    { p: "b", c: [["r1", "won", 2]] },
    { p: "o", c: [["r2", "won", 1]] },
    { p: "x", c: [["r2", "waitlist", 2]] },
    { p: "c", c: [["r1", "waitlist", 3]] },
  ]);
  state = ok(state, {
    type: "confirm",
    at: 1,
    entrant: "b",
    recruitment: "r1",
  }).state;
  state = ok(state, {
    type: "decline",
    at: 2,
    entrant: "o",
    recruitment: "r2",
  }).state;
  assert.equal(seatOf(state, "x")?.deadline, CAL.firstWindowEnd);
  refused(
    state,
    { type: "windowEnd", at: CAL.firstWindowEnd - 1, window: "first" },
    "too-early",
  );
  // A late confirmation of a won seat is refused even before the window end is applied.
  refused(
    state,
    {
      type: "confirm",
      at: CAL.firstWindowEnd,
      entrant: "a",
      recruitment: "r1",
    },
    "expired",
  );
  const at = CAL.firstWindowEnd;
  const out = ok(state, { type: "windowEnd", at, window: "first" });
  assert.deepEqual(brief(out.moves), [
    "forfeited a r1",
    "expired x r2",
    "offered c r1 offer",
  ]);
  assert.deepEqual(out.offers, [{
    entrant: "c",
    recruitment: "r1",
    deadline: CAL.secondWindowEnd,
    at,
  }]);
  assert.equal(seatOf(out.state, "b")?.status, "confirmed");
  assert.equal(out.state.firstWindowEnded, true);
  // A forfeit removes the entrant from that recruitment.
  assert.equal(holdings(out.state, "a")?.waitlists.length, 0);
});

Deno.test("a tick after firstWindowEnd also ends the 1st window when that was missed", () => {
  const { state } = start({ r: 1 }, [
    { p: "a", c: [["r", "won", 1]] },
    { p: "b", c: [["r", "waitlist", 2]] },
  ]);
  const out = ok(state, { type: "tick", at: CAL.firstWindowEnd + 5 });
  assert.deepEqual(brief(out.moves), ["forfeited a r", "offered b r offer"]);
  const again = ok(out.state, {
    type: "windowEnd",
    at: CAL.firstWindowEnd + 6,
    window: "first",
  });
  assert.deepEqual(again.moves, []);
});

Deno.test("offer deadlines: the 1st window end, then 72 h but never before the 2nd window end", () => {
  assert.equal(offerDeadline(CAL, 0), CAL.firstWindowEnd);
  assert.equal(offerDeadline(CAL, CAL.firstWindowEnd - 1), CAL.firstWindowEnd);
  assert.equal(offerDeadline(CAL, CAL.firstWindowEnd), CAL.secondWindowEnd);
  assert.equal(
    offerDeadline(CAL, CAL.secondWindowEnd - OFFER_MS),
    CAL.secondWindowEnd,
  );
  assert.equal(
    offerDeadline(CAL, CAL.secondWindowEnd - H),
    CAL.secondWindowEnd - H + 72 * H,
  );

  let { state } = start({ r: 1 }, [
    { p: "a", c: [["r", "won", 1]] },
    { p: "b", c: [["r", "waitlist", 2]] },
    { p: "c", c: [["r", "waitlist", 3]] },
    { p: "d", c: [["r", "waitlist", 4]] },
  ]);
  state = ok(state, {
    type: "confirm",
    at: 1,
    entrant: "a",
    recruitment: "r",
  }).state;
  // In the 2nd window: the floor is the 2nd window's end.
  let t = CAL.firstWindowEnd + DAY;
  let out = ok(state, {
    type: "decline",
    at: t,
    entrant: "a",
    recruitment: "r",
  });
  assert.deepEqual(out.offers, [{
    entrant: "b",
    recruitment: "r",
    deadline: CAL.secondWindowEnd,
    at: t,
  }]);
  state = out.state;
  // The tick before the deadline does nothing; at the deadline the offer expires.
  out = ok(state, { type: "tick", at: CAL.secondWindowEnd - 1 });
  assert.deepEqual(out.moves, []);
  state = out.state;
  refused(
    state,
    {
      type: "confirm",
      at: CAL.secondWindowEnd,
      entrant: "b",
      recruitment: "r",
    },
    "expired",
  );
  refused(
    state,
    { type: "windowEnd", at: CAL.secondWindowEnd - 1, window: "second" },
    "too-early",
  );
  t = CAL.secondWindowEnd;
  out = ok(state, { type: "windowEnd", at: t, window: "second" });
  assert.deepEqual(brief(out.moves), ["expired b r", "offered c r offer"]);
  assert.equal(out.offers[0].deadline, t + 72 * H); // 72 h after the 2nd window
  state = out.state;
  // Late in the 2nd window: 72 h past its end.
  out = ok(state, { type: "tick", at: t + 72 * H });
  assert.deepEqual(brief(out.moves), ["expired c r", "offered d r offer"]);
  assert.equal(out.offers[0].deadline, t + 144 * H);
  // Confirm just before the deadline works.
  out = ok(out.state, {
    type: "confirm",
    at: t + 144 * H - 1,
    entrant: "d",
    recruitment: "r",
  });
  assert.deepEqual(seatOf(out.state, "d"), {
    recruitment: "r",
    status: "confirmed",
    deadline: null,
  });
});

Deno.test("withdraw frees every seat and place and cascades", () => {
  let { state } = start({ r1: 1, r2: 1, r3: 1 }, [
    { p: "X", c: [["r1", "won", 1]] },
    { p: "A", c: [["r1", "waitlist", 2], ["r2", "won", 1]] },
    { p: "B", c: [["r2", "waitlist", 2], ["r3", "won", 1]] },
    { p: "C", c: [["r3", "waitlist", 2]] },
  ]);
  const out = ok(state, { type: "withdraw", at: 9, entrant: "A" });
  state = out.state;
  assert.deepEqual(brief(out.moves), [
    "withdrawn A r2",
    "withdrawn A r1",
    "movedUp B r2 r3 offer",
    "freed B r3",
    "offered C r3 offer",
  ]);
  assert.deepEqual(holdings(state, "A"), {
    seat: null,
    waitlists: [],
    withdrawn: true,
  });
  assert.deepEqual(wl(state, "r1"), []);
  refused(state, { type: "withdraw", at: 10, entrant: "A" }, "withdrawn");
  refused(
    state,
    { type: "leaveWaitlist", at: 10, entrant: "A", recruitment: "r1" },
    "withdrawn",
  );
  // The freed r1 place is gone: X declining leaves r1 empty.
  const after = ok(state, {
    type: "decline",
    at: 11,
    entrant: "X",
    recruitment: "r1",
  });
  assert.deepEqual(brief(after.moves), ["declined X r1"]);
});

Deno.test("leaveWaitlist removes the place; later positions move up, frozen ones stay", () => {
  let { state } = start({ r: 1 }, [
    { p: "a", c: [["r", "won", 1]] },
    { p: "b", c: [["r", "waitlist", 2]] },
    { p: "c", c: [["r", "waitlist", 3]] },
  ]);
  const out = ok(state, {
    type: "leaveWaitlist",
    at: 1,
    entrant: "b",
    recruitment: "r",
  });
  state = out.state;
  assert.deepEqual(brief(out.moves), ["left b r"]);
  assert.equal(out.moves[0].reason, "request");
  assert.deepEqual(wl(state, "r"), ["c@1/2"]);
  refused(
    state,
    { type: "leaveWaitlist", at: 2, entrant: "b", recruitment: "r" },
    "not-waitlisted",
  );
  const d = ok(state, {
    type: "decline",
    at: 2,
    entrant: "a",
    recruitment: "r",
  });
  assert.deepEqual(brief(d.moves), ["declined a r", "offered c r offer"]);
});

Deno.test("close expires open offers without refilling and ends the waitlists", () => {
  let { state } = start({ r: 2 }, [
    { p: "a", c: [["r", "won", 1]] },
    { p: "b", c: [["r", "won", 2]] },
    { p: "c", c: [["r", "waitlist", 3]] },
    { p: "d", c: [["r", "waitlist", 4]] },
  ]);
  state = ok(state, {
    type: "confirm",
    at: 1,
    entrant: "a",
    recruitment: "r",
  }).state;
  state = ok(state, {
    type: "windowEnd",
    at: CAL.firstWindowEnd,
    window: "first",
  }).state;
  assert.equal(seatOf(state, "c")?.status, "offer");
  const out = ok(state, { type: "close", at: CAL.firstWindowEnd + 1 });
  assert.deepEqual(brief(out.moves), ["expired c r", "closed d r"]);
  assert.deepEqual(out.offers, []);
  state = out.state;
  assert.equal(state.closed, true);
  assert.deepEqual(liveWaitlist(state, "r"), []);
  assert.equal(seatOf(state, "a")?.status, "confirmed");
  assert.equal(seatOf(state, "c"), null);
  refused(
    state,
    {
      type: "decline",
      at: CAL.firstWindowEnd + 2,
      entrant: "a",
      recruitment: "r",
    },
    "closed",
  );
  refused(state, { type: "tick", at: CAL.firstWindowEnd + 3 }, "closed");
  refused(
    state,
    {
      type: "addSeats",
      at: CAL.firstWindowEnd + 3,
      recruitment: "r",
      seats: 1,
    },
    "closed",
  );
});

Deno.test("firstOffers fills the seats a unit left empty, move-ups included", () => {
  // r1 has 2 seats: a holds one, the unit U (rank 2) did not fit in the other and was placed in
  // r2. b, waitlisted in r1 and placed in r2, moves up at once: an offer, which frees b's r2
  // seat for c.
  const round = build({ r1: 2, r2: 3 }, [
    { p: "a", c: [["r1", "won", 1]] },
    { p: "U", size: 2, c: [["r1", "waitlist", 2], ["r2", "won", 1]] },
    { p: "b", c: [["r1", "waitlist", 3], ["r2", "won", 2]] },
    { p: "c", c: [["r2", "waitlist", 3]] },
    { p: "d", c: [["r2", "waitlist", 4]] },
  ]);
  assert.deepEqual(
    firstOffers(round.recruitments, round.entrants, round.results),
    [
      { pseudonym: "b", recruitment: "r1" },
      { pseudonym: "c", recruitment: "r2" },
    ],
  );
  const init = initialState(
    round.recruitments,
    round.entrants,
    round.results,
    CAL,
    0,
  );
  assert.deepEqual(brief(init.moves), [
    "movedUp b r1 r2 offer",
    "freed b r2",
    "offered c r2 offer",
  ]);
  assert.deepEqual(wl(init.state, "r1"), ["U@1/1"]);
  assert.deepEqual(wl(init.state, "r2"), ["d@1/2"]);
  // Input order does not matter.
  assert.deepEqual(
    firstOffers(
      [...round.recruitments].reverse(),
      [...round.entrants].reverse(),
      [...round.results].reverse(),
    ),
    [
      { pseudonym: "b", recruitment: "r1" },
      { pseudonym: "c", recruitment: "r2" },
    ],
  );
  // Nothing empty, nothing offered.
  const full = build({ r: 1 }, [
    { p: "a", c: [["r", "won", 1]] },
    { p: "b", c: [["r", "waitlist", 2]] },
  ]);
  assert.deepEqual(
    firstOffers(full.recruitments, full.entrants, full.results),
    [],
  );
});

Deno.test("refused events name the error and keep the state", () => {
  const { state } = start({ r1: 1, r2: 1 }, [
    { p: "a", c: [["r1", "won", 1]] },
    { p: "b", c: [["r1", "waitlist", 2]] },
  ]);
  const next = ok(state, {
    type: "confirm",
    at: 50,
    entrant: "a",
    recruitment: "r1",
  }).state;
  refused(
    state,
    { type: "confirm", at: 1, entrant: "b", recruitment: "r1" },
    "not-holder",
  );
  refused(
    state,
    { type: "confirm", at: 1, entrant: "zz", recruitment: "r1" },
    "unknown-entrant",
  );
  refused(
    state,
    { type: "confirm", at: 1, entrant: "a", recruitment: "r9" },
    "unknown-recruitment",
  );
  refused(
    state,
    { type: "addSeats", at: 1, recruitment: "r1", seats: 0 },
    "invalid-seats",
  );
  refused(
    state,
    { type: "addSeats", at: 1, recruitment: "r9", seats: 1 },
    "unknown-recruitment",
  );
  refused(state, { type: "tick", at: 1.5 }, "invalid-time");
  refused(next, { type: "tick", at: 49 }, "out-of-order");
  refused(
    state,
    { type: "nonsense", at: 1 } as unknown as RegistrationEvent,
    "unknown-event",
  );
});

Deno.test("addSeats fills the new seats at once", () => {
  const { state } = start({ r: 1 }, [
    { p: "a", c: [["r", "won", 1]] },
    { p: "U", size: 2, c: [["r", "waitlist", 2]] },
    { p: "b", c: [["r", "waitlist", 3]] },
  ]);
  const one = ok(state, {
    type: "addSeats",
    at: 1,
    recruitment: "r",
    seats: 1,
  });
  assert.deepEqual(brief(one.moves), ["offered b r offer"]);
  const two = ok(one.state, {
    type: "addSeats",
    at: 2,
    recruitment: "r",
    seats: 2,
  });
  assert.deepEqual(brief(two.moves), ["offered U r offer"]);
  assert.equal(two.state.recruitments[0].seats, 4);
});

Deno.test("initialState rejects inconsistent inputs", () => {
  const round = build({ r: 1 }, [
    { p: "a", c: [["r", "won", 1]] },
    { p: "b", c: [["r", "won", 2]] },
  ]);
  assert.throws(
    () =>
      initialState(round.recruitments, round.entrants, round.results, CAL, 0),
    /registration: recruitment r over its seats/,
  );
  const ok1 = build({ r: 1 }, [{ p: "a", c: [["r", "won", 1]] }]);
  assert.throws(
    () =>
      initialState(ok1.recruitments, ok1.entrants, ok1.results, {
        firstWindowEnd: 5,
        secondWindowEnd: 5,
      }, 0),
    /^RangeError: registration: need integer times with drawTime < firstWindowEnd < secondWindowEnd$/,
  );
  assert.throws(
    () => initialState(ok1.recruitments, ok1.entrants, [], CAL, 0),
    /registration: no result for a/,
  );
});

// ---------------------------------------------------------------------------------------------
// Property: random small rounds and random event sequences.

interface RawEntrant {
  size: number;
  prefs: number[];
  prio: number;
  target: number;
}
interface RawEvent {
  kind: number;
  e: number;
  r: number;
  dt: number;
  flag: boolean;
  n: number;
}

/** A valid allocation outcome: capacity respected, results as README 6.1. */
function randomRound(seats: number[], raw: RawEntrant[]) {
  const ids = seats.map((_, i) => `r${i}`);
  const specs: Spec[] = [];
  const used = seats.map(() => 0);
  raw.forEach((x, i) => {
    const prefs = x.prefs.filter((p) => p < seats.length);
    const placedAt = x.target < prefs.length &&
        used[prefs[x.target]] + x.size <= seats[prefs[x.target]]
      ? x.target
      : -1;
    if (placedAt >= 0) used[prefs[placedAt]] += x.size;
    specs.push({
      p: `e${i}`,
      size: x.size,
      c: prefs.map((p, j) => [
        ids[p],
        j === placedAt
          ? "won"
          : placedAt >= 0 && j > placedAt
          ? "higher"
          : "waitlist",
        0,
      ]),
    });
  });
  // Ranks: each recruitment's order by (prio, index).
  for (const id of ids) {
    const listing = specs
      .map((s, i) => ({ s, i }))
      .filter(({ s }) => s.c.some(([r]) => r === id))
      .sort((a, b) => raw[a.i].prio - raw[b.i].prio || a.i - b.i);
    listing.forEach(({ s }, k) => {
      for (const c of s.c) if (c[0] === id) c[2] = k + 1;
    });
  }
  return build(Object.fromEntries(ids.map((id, i) => [id, seats[i]])), specs);
}

/**
 * Maps a raw event to an event that mostly applies to `state`: `kind` 0–11 picks an action the
 * chosen entrant can take (confirm or decline its seat, leave a waitlist it is on), a time event
 * that is due, or added seats; `kind` 12 (about one in eleven) keeps the blind mapping below, so
 * refusals are exercised too; `kind` 13 closes (only kept when rare, see the test).
 */
function toEvent(
  x: RawEvent,
  at: number,
  state: RegistrationState,
): RegistrationEvent {
  if (x.kind === 12) return blindEvent(x, at, state);
  if (x.kind === 13) return { type: "close", at };
  if (x.kind === 14) return amendEvent(x, at, state);
  const live = state.entrants.filter((e) => !e.withdrawn);
  const e = live.length ? live[x.e % live.length] : undefined;
  if (!e || x.kind >= 10) {
    if (x.kind === 10 || !e) {
      return {
        type: "addSeats",
        at,
        recruitment: `r${x.r % state.recruitments.length}`,
        seats: 1 + x.n,
      };
    }
    return at >= state.calendar.firstWindowEnd && x.flag
      ? { type: "windowEnd", at, window: "first" }
      : { type: "tick", at };
  }
  const h = holdings(state, e.pseudonym)!;
  const entrant = e.pseudonym;
  if (x.kind === 9) return { type: "withdraw", at, entrant };
  if (h.seat && (x.kind < 6 || h.waitlists.length === 0)) {
    const recruitment = h.seat.recruitment;
    const due = h.seat.deadline !== null && h.seat.deadline <= at;
    if (x.kind < 4 && !due && (h.seat.status !== "confirmed" || x.flag)) {
      return {
        type: "confirm",
        at,
        entrant,
        recruitment,
        optOutHigher: x.flag,
      };
    }
    return { type: "decline", at, entrant, recruitment };
  }
  if (h.waitlists.length > 0) {
    const w = h.waitlists[x.r % h.waitlists.length];
    return { type: "leaveWaitlist", at, entrant, recruitment: w.recruitment };
  }
  return { type: "tick", at };
}

/**
 * An amendment made during registration: with `flag`, a correction of a live entrant (same
 * size), else a new entrant; choices are the recruitments rotated by `r`, with keys that fall
 * between the frozen ones; one time in three an extra seat in its last choice.
 */
function amendEvent(
  x: RawEvent,
  at: number,
  state: RegistrationState,
): RegistrationEvent {
  const live = state.entrants.filter((e) => !e.withdrawn);
  const old = x.flag && live.length ? live[x.e % live.length] : undefined;
  const pseudonym = old?.pseudonym ?? `n${at}-${x.e}${x.r}${x.n}`;
  const size = old?.size ?? 1 + (x.n % 2);
  const ids = state.recruitments.map((r) => r.id);
  const rotated = [
    ...ids.slice(x.r % ids.length),
    ...ids.slice(0, x.r % ids.length),
  ];
  const picks = rotated.slice(0, 1 + (x.n % ids.length));
  const last = picks[picks.length - 1];
  const extra = x.n % 3 === 0;
  return {
    type: "amend",
    at,
    amendment: {
      seq: 1,
      prev: "00".repeat(32),
      entrant: {
        pseudonym,
        members: Array.from({ length: size }, (_, i) => `${pseudonym}.${i}`),
        choices: picks.map((recruitment) => ({
          recruitment,
          weight: 100,
          tier: 1,
        })),
      },
      ...(extra ? { extraSeats: { [last]: size } } : {}),
      u: 0.5,
      placed: extra ? last : null,
      choices: picks.map((recruitment, i) => ({
        recruitment,
        key: x.dt + 0.5 + i / 4,
        rank: 1,
        result: "waitlist",
        waitlist: 1,
      })),
    },
  };
}

/**
 * Maps a raw event to an event without looking at what applies: `e` 8 is an unknown entrant;
 * `r` 0 aims at the entrant's seat, 1–3 at its choices.
 */
function blindEvent(
  x: RawEvent,
  at: number,
  state: RegistrationState,
): RegistrationEvent {
  const e = x.e === 8 ? undefined : state.entrants[x.e % state.entrants.length];
  const entrant = e ? e.pseudonym : "unknown";
  const recruitment = x.r === 0
    ? holdings(state, entrant)?.seat?.recruitment ?? "r0"
    : e?.choices[x.r - 1] ?? (x.r === 3 ? "r9" : "r0");
  switch (x.n % 6) {
    case 0:
      return { type: "confirm", at, entrant, recruitment };
    case 1:
      return { type: "decline", at, entrant, recruitment };
    case 2:
      return { type: "leaveWaitlist", at, entrant, recruitment };
    case 3:
      return { type: "windowEnd", at, window: x.flag ? "first" : "second" };
    case 4:
      return { type: "addSeats", at, recruitment, seats: x.n - 4 };
    default:
      return { type: "withdraw", at, entrant };
  }
}

function checkInvariants(
  s: RegistrationState,
  initial: RegistrationState,
  amended: ReadonlySet<string> = new Set(),
): void {
  const size = new Map(s.entrants.map((e) => [e.pseudonym, e]));
  const seatCount = new Map<string, number>();
  for (const r of s.recruitments) {
    let usedSeats = 0;
    for (const h of r.holders) {
      usedSeats += size.get(h.entrant)!.size;
      seatCount.set(h.entrant, (seatCount.get(h.entrant) ?? 0) + 1);
      assert.equal(h.deadline === null, h.status === "confirmed");
      assert.ok(!size.get(h.entrant)!.withdrawn);
    }
    assert.ok(usedSeats <= r.seats, `${r.id} over its seats`);
    if (!s.closed) {
      const free = r.seats - usedSeats;
      const fits = r.waitlist.find((w) => size.get(w.entrant)!.size <= free);
      assert.equal(fits, undefined, `${r.id}: free seat left while one fits`);
    } else {
      assert.deepEqual(r.waitlist, []);
      assert.ok(r.holders.every((h) => h.status === "confirmed"));
    }
    // The live waitlist is in the recruitment's order (tier, key, pseudonym), and, amended
    // entrants aside, a subsequence of the frozen one.
    r.waitlist.forEach((w, j) => {
      const v = r.waitlist[j + 1];
      if (v) {
        assert.ok(
          compareOrder(
            { tier: w.tier, key: w.key, pseudonym: w.entrant },
            { tier: v.tier, key: v.key, pseudonym: v.entrant },
          ) < 0,
          `${r.id}: ${v.entrant} placed after ${w.entrant} out of order`,
        );
      }
    });
    const frozen = initial.recruitments.find((x) => x.id === r.id)!.waitlist
      .map((w) => w.entrant);
    let k = 0;
    for (const w of r.waitlist) {
      if (!amended.has(w.entrant)) {
        while (k < frozen.length && frozen[k] !== w.entrant) k++;
        assert.ok(k < frozen.length, `${r.id}: ${w.entrant} out of order`);
        k++;
      }
      const e = size.get(w.entrant)!;
      assert.ok(!e.withdrawn);
      const seat = s.recruitments.find((x) =>
        x.holders.some((h) => h.entrant === w.entrant)
      );
      if (seat) {
        assert.ok(
          e.choices.indexOf(r.id) < e.choices.indexOf(seat.id),
          `${w.entrant} waits for a choice below its seat`,
        );
      }
    }
  }
  for (const [e, n] of seatCount) assert.equal(n, 1, `${e} holds ${n} seats`);
  assert.deepEqual(JSON.parse(JSON.stringify(s)), s);
}

function checkOffers(
  offers: OfferMade[],
  moves: Move[],
  s: RegistrationState,
): void {
  for (const o of offers) {
    assert.equal(o.deadline, offerDeadline(s.calendar, o.at));
    assert.ok(o.deadline > o.at);
  }
  const offerMoves = moves.filter((m) => m.status === "offer");
  assert.deepEqual(
    offerMoves.map((m) => [m.entrant, m.recruitment, m.deadline]),
    offers.map((o) => [o.entrant, o.recruitment, o.deadline]),
  );
}

/** The event's own effect, seen in the state after it (cascades aside). */
function checkEffect(event: RegistrationEvent, s: RegistrationState): void {
  if (event.type === "confirm") {
    const h = holdings(s, event.entrant)!;
    // Confirmed where it was, or moved up as confirmed by the cascade.
    assert.equal(h.seat?.status, "confirmed");
    if (event.optOutHigher) {
      const e = s.entrants.find((x) => x.pseudonym === event.entrant)!;
      const i = e.choices.indexOf(event.recruitment);
      assert.ok(h.waitlists.every((w) => e.choices.indexOf(w.recruitment) > i));
    }
  } else if (event.type === "decline" || event.type === "leaveWaitlist") {
    const h = holdings(s, event.entrant)!;
    assert.notEqual(h.seat?.recruitment, event.recruitment);
    assert.ok(h.waitlists.every((w) => w.recruitment !== event.recruitment));
  } else if (event.type === "withdraw") {
    assert.deepEqual(holdings(s, event.entrant), {
      seat: null,
      waitlists: [],
      withdrawn: true,
    });
  } else if (event.type === "tick" || event.type === "windowEnd") {
    for (const r of s.recruitments) {
      for (const h of r.holders) {
        assert.ok(h.deadline === null || h.deadline > event.at);
      }
    }
  }
}

Deno.test("property: seats, single holding and no waste hold after every event", () => {
  const cal: Calendar = { firstWindowEnd: 300 * H, secondWindowEnd: 500 * H };
  let cases = 0, tried = 0, accepted = 0, amends = 0;
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 3 }),
      fc.array(
        fc.record({
          size: fc.integer({ min: 1, max: 2 }),
          prefs: fc.shuffledSubarray([0, 1, 2]),
          prio: fc.integer({ min: 0, max: 20 }),
          target: fc.integer({ min: 0, max: 2 }),
        }),
        { minLength: 1, maxLength: 8 },
      ),
      fc.array(
        fc.record({
          kind: fc.integer({ min: 0, max: 14 }),
          e: fc.integer({ min: 0, max: 8 }),
          r: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3 })),
          dt: fc.oneof(
            fc.integer({ min: 0, max: 3 }),
            fc.integer({ min: 0, max: 60 }),
          ),
          flag: fc.boolean(),
          n: fc.integer({ min: 0, max: 5 }),
        }),
        { minLength: 20, maxLength: 40 },
      ),
      (seats, rawEntrants, rawEvents) => {
        const round = randomRound(seats, rawEntrants);
        const init = initialState(
          round.recruitments,
          round.entrants,
          round.results,
          cal,
          0,
        );
        assert.deepEqual(
          firstOffers(round.recruitments, round.entrants, round.results),
          init.offers.map((o) => ({
            pseudonym: o.entrant,
            recruitment: o.recruitment,
          })),
        );
        checkInvariants(init.state, init.state);
        checkOffers(init.offers, init.moves, init.state);
        let state = init.state;
        const amended = new Set<string>();
        let at = 0;
        for (const x of rawEvents) {
          at += x.dt * H;
          // Close is rare: most sequences run to their end open.
          const kind = x.kind === 13 && x.dt % 8 !== 0 ? 11 : x.kind;
          const event = toEvent({ ...x, kind }, at, state);
          tried++;
          const before = structuredClone(state);
          const out = apply(state, event);
          assert.deepEqual(state, before, "input state mutated");
          if (out.error !== undefined) {
            assert.equal(out.state, state);
            assert.deepEqual(out.moves, []);
            continue;
          }
          if (event.type === "amend") {
            amended.add(event.amendment.entrant.pseudonym);
            amends++;
          }
          checkInvariants(out.state, init.state, amended);
          checkOffers(out.offers, out.moves, out.state);
          checkEffect(event, out.state);
          state = out.state;
          accepted++;
        }
        cases++;
      },
    ),
    { numRuns: 1000 },
  );
  const perCase = accepted / cases;
  console.log(
    `registration property: ${
      perCase.toFixed(1)
    } accepted events per case on average (${accepted} of ${tried} in ${cases} cases, ${amends} amendments)`,
  );
  assert.ok(perCase >= 15, `only ${perCase} accepted events per case`);
});
