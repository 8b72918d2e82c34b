/**
 * The refusals of the validators and verify's less common branches, each with its message.
 *
 * @module
 */
import assert from "node:assert/strict";
import {
  entryDigest,
  validateAnnouncement,
  validateEntries,
} from "./digest.ts";
import { nearTiesOf, verify } from "./verify.ts";
import { amend, seatsAfterAmendments } from "./amend.ts";
import { recordErrors } from "./record.ts";
import { sortWaitlist } from "./registration/_waitlist.ts";
import {
  choiceOf,
  DEFAULT_SETTINGS,
  type Facts,
  tierOf,
  validateSettings,
  weightOf,
} from "./weights_and_tiers.ts";
import type { Entrant, RoundRecord } from "./types.ts";
import {
  LOTTO_BEACON,
  offerRecord,
  ps,
  publishedOf,
} from "./testdata/records.ts";

const R = [{ id: "r1", seats: 1 }];
const one = (p: string, extra: Partial<Entrant> = {}): Entrant => ({
  pseudonym: p,
  members: [p],
  choices: [],
  ...extra,
});

Deno.test("validateEntries names each refusal", () => {
  const cases: [unknown, unknown, RegExp][] = [
    [null, [], /recruitments: expected a list$/],
    [R, "x", /entrants: expected a list$/],
    [
      Array.from({ length: 10_001 }, (_, i) => ({ id: `r${i}`, seats: 0 })),
      [],
      /recruitments: at most 10000, got 10001$/,
    ],
    [R, new Array(1_000_001), /entrants: at most 1000000, got 1000001$/],
    [R, [null], /entrants\[0\]: expected an object$/],
    [R, [one("x")], /entrants\[0\]: bad pseudonym "x"/],
    [
      R,
      [one(ps(1), { members: [ps(2), "y"] })],
      /entrant .*: bad member "y"/,
    ],
    [
      R,
      [one(ps(1), { members: [ps(1), ps(2)] })],
      /a unit's pseudonym cannot be one of its members/,
    ],
    [
      R,
      [
        one(ps(1), { members: [ps(2), ps(3)] }),
        one(ps(2), { members: [ps(4), ps(5)] }),
      ],
      /pseudonym is also a member of entrant/,
    ],
    [R, [one(ps(1), { members: [ps(2)] })], /single child's members/],
    [
      R,
      [one(ps(1), {
        choices: [1, 2, 3, 4].map((i) => ({
          recruitment: `r${i}`,
          weight: 1,
          tier: 1,
        })),
      })],
      /4 choices, at most 3/,
    ],
  ];
  for (const [recruitments, entrants, message] of cases) {
    assert.throws(
      () => validateEntries(recruitments as never, entrants as never),
      message,
    );
  }
});

Deno.test("validateAnnouncement: a fallback that is not an object", () => {
  assert.throws(
    () =>
      validateAnnouncement({
        round: { id: "r" },
        beacon: { ...LOTTO_BEACON, fallback: null as never },
      }),
    /^Error: beacon\.fallback: expected an object$/,
  );
});

Deno.test("entryDigest hashes a long list in chunks, as one text", () => {
  const entrants = Array.from({ length: 1500 }, (_, i) => one(ps(i + 1)));
  const digest = entryDigest(R, entrants);
  assert.equal(entryDigest(R, [...entrants].reverse()), digest);
  assert.notEqual(entryDigest(R, entrants.slice(1)), digest);
});

Deno.test("verify: a bad secret, a bad announcement or a missing draw is named", () => {
  const rec = offerRecord();
  const facts = publishedOf(rec);
  const field = (f: (t: RoundRecord) => void) => {
    const t = structuredClone(rec);
    f(t);
    return verify(t, facts).mismatch?.field;
  };
  assert.equal(field((t) => (t.secret = "ab")), "secret");
  assert.equal(
    field((t) => (t.beacon.deadline = 0)),
    "beacon.deadline",
  );
  assert.equal(field((t) => delete t.draw), "draw");
  assert.equal(
    field((t) => t.draw!.results.pop()),
    "draw.results",
  );
  assert.equal(field((t) => (t.format = "x" as never)), "format");
});

Deno.test("nearTiesOf: adjacent keys within the tolerance in one tier", () => {
  const entrants: Entrant[] = [1, 2, 3].map((i) =>
    one(ps(i), {
      choices: [{ recruitment: "r1", weight: 100, tier: i < 3 ? 1 : 2 }],
    })
  );
  const k = 0.5;
  const ties = nearTiesOf(R, entrants, [[k], [k * (1 + 1e-13)], [k]], [[
    0,
    1,
    2,
  ]]);
  assert.deepEqual(ties, [{
    recruitment: "r1",
    tier: 1,
    pseudonyms: [ps(1), ps(2)],
    keys: [k, k * (1 + 1e-13)],
  }]);
  assert.deepEqual(
    nearTiesOf(R, entrants, [[k], [k * 1.01], [k]], [[0, 1, 2]]),
    [],
  );
});

Deno.test("seatsAfterAmendments adds the extra seats where an amendment was placed", () => {
  const rec = amend(offerRecord(), {
    entrant: one(ps(90), {
      choices: [{ recruitment: "k2", weight: 100, tier: 1 }],
    }),
    extraSeats: { k2: 2 },
  });
  assert.deepEqual(seatsAfterAmendments(rec), { k1: 3, k2: 4 });
  assert.deepEqual(seatsAfterAmendments(offerRecord()), { k1: 3, k2: 2 });
  const broken = structuredClone(rec);
  broken.draw!.results.pop();
  assert.throws(
    () => amend(broken, { entrant: one(ps(91)) }),
    /amend: no draw result for entrant/,
  );
});

Deno.test("recordErrors names every misshapen part", () => {
  const rec = offerRecord() as unknown as Record<string, unknown>;
  const bad = {
    ...rec,
    round: 1,
    entrants: [1, { pseudonym: ps(1), members: [ps(1)], choices: [1] }],
    beacon: { ...LOTTO_BEACON, used: "third" },
    draw: {
      results: [1, { pseudonym: ps(1), u: 0.5, placed: 3, choices: [1] }],
      offers: [1],
    },
    amendments: [1, {
      seq: 1,
      prev: "",
      entrant: 1,
      extraSeats: 1,
      u: 0.5,
      placed: null,
      choices: [1],
    }],
  };
  const errors = recordErrors(bad);
  for (
    const path of [
      "round: expected an object",
      "entrants[0]: expected an object",
      "entrants[1].choices[0]: expected an object",
      "beacon.used: expected primary or fallback",
      "draw.results[0]: expected an object",
      "draw.results[1].placed: expected text or null",
      "draw.results[1].choices[0]: expected an object",
      "draw.offers[0]: expected an object",
      "amendments[0]: expected an object",
      "amendments[1].entrant: expected an object",
      "amendments[1].extraSeats: expected an object",
      "amendments[1].choices[0]: expected an object",
    ]
  ) assert.ok(errors.includes(path), `${path} in ${errors.join("; ")}`);
  assert.deepEqual(recordErrors(null), ["record: expected an object"]);
});

Deno.test("sortWaitlist: equal ranks (amendments) fall back to tier, key and pseudonym", () => {
  const place = (entrant: string, rank: number, tier: number, key: number) => ({
    entrant,
    frozen: 0,
    rank,
    tier,
    key,
  });
  const sorted = sortWaitlist([
    place("d", 2, 1, 0.1),
    place("c", 1, 2, 0.1),
    place("b", 1, 1, 0.2),
    place("a", 1, 1, 0.2),
    place("e", 1, 1, 0.1),
  ]);
  assert.deepEqual(sorted.map((p) => p.entrant), ["e", "a", "b", "c", "d"]);
  const spread = sortWaitlist([place("x", 1e9, 1, 0), place("y", 1, 1, 0)]);
  assert.deepEqual(spread.map((p) => p.entrant), ["y", "x"]);
});

Deno.test("weights and tiers: refusals of settings and facts, every tier factor", () => {
  assert.deepEqual(validateSettings(null as never), [
    "settings: expected an object",
  ]);
  assert.deepEqual(
    validateSettings({ ...DEFAULT_SETTINGS, tiers: "x" as never }),
    ["tiers: must be a list of conditions"],
  );
  assert.deepEqual(
    validateSettings({
      ...DEFAULT_SETTINGS,
      tiers: [["disability", "disability"]],
    }),
    ["tiers[0]: a factor is listed twice"],
  );
  const facts: Facts = {
    serviceYears: 3,
    singleParent: false,
    childrenUnder13: 2,
    disability: true,
    employeeCouple: false,
    dualIncome: false,
    siblingEnrolled: true,
  };
  for (
    const [bad, message] of [
      [{ serviceYears: -1 }, /facts\.serviceYears/],
      [{ spouseServiceYears: 1.5 }, /facts\.spouseServiceYears/],
      [{ childrenUnder13: -2 }, /facts\.childrenUnder13/],
    ] as const
  ) {
    assert.throws(
      () => weightOf(DEFAULT_SETTINGS, { ...facts, ...bad }),
      message,
    );
  }
  const tiers = [["employeeCouple"], ["siblingEnrolled"], ["multiChild"], [
    "dualIncome",
  ]] as const;
  const settings = {
    ...DEFAULT_SETTINGS,
    tiers: tiers.map((t) => [...t]),
  };
  assert.equal(tierOf(settings, facts), 2);
  assert.equal(tierOf(settings, { ...facts, siblingEnrolled: false }), 3);
  assert.equal(
    tierOf(settings, {
      ...facts,
      siblingEnrolled: false,
      childrenUnder13: 1,
      dualIncome: true,
    }),
    4,
  );
  assert.equal(
    tierOf(settings, { ...facts, siblingEnrolled: false, childrenUnder13: 1 }),
    5,
  );
  assert.deepEqual(choiceOf("r1", settings, facts), {
    recruitment: "r1",
    weight: weightOf(settings, facts).weight,
    tier: 2,
  });
});
