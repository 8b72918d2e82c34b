/**
 * Round records shared by the draw and verify tests.
 *
 * @module
 */
import { prepareRecord, runDraw } from "../draw.ts";
import { pseudonymOf } from "../from_secret.ts";
import { chainHead } from "../chain.ts";
import type { PublishedFacts } from "../verify.ts";
import type { Beacon, BeaconKind, Entrant, RoundRecord } from "../types.ts";

/** 2027-01-15 12:00 UTC, when the test beacons are scheduled. */
export const BEACON_AT = 1_800_000_000_000;

/** A beacon announcement for tests: `kind` and `name` as given, a drand fallback a day later. */
export function beaconOf(kind: BeaconKind, name: string): Beacon {
  return {
    kind,
    name,
    scheduledAt: BEACON_AT,
    deadline: BEACON_AT + 6 * 3600_000,
    fallback: {
      kind: "drand",
      name: "quicknet round 4567890",
      scheduledAt: BEACON_AT + 24 * 3600_000,
    },
  };
}

/** The beacon of vector 1 and most test rounds. */
export const LOTTO_BEACON: Beacon = beaconOf("lotto645", "로또 6/45 제1203회");

/** The facts a test takes as published: the record's own digest and chain head. */
export function publishedOf(rec: RoundRecord): PublishedFacts {
  return { digest: rec.digest, chainHead: chainHead(rec) };
}

/** Known-answer vector 1 (computed by an independent Python script). */
export const vector = JSON.parse(
  await Deno.readTextFile(new URL("./vector1.json", import.meta.url)),
);

/** The frozen record of vector 1 with secret and beacon value, ready to draw. */
export function vectorRecord(): RoundRecord {
  const rec = prepareRecord({
    round: { id: "2027-spring", name: "2027 봄 모집" },
    recruitments: vector.recruitments,
    entrants: vector.entrants,
    secret: vector.secret,
    beacon: LOTTO_BEACON,
  });
  return {
    ...rec,
    secret: vector.secret,
    beacon: { ...rec.beacon, used: "primary", value: vector.beacon.value },
  };
}

/** Secret of the test rounds. */
export const SECRET = "42".repeat(32);
/** Token n. */
const tok = (n: number) => n.toString(16).padStart(32, "0");
/** Pseudonym of token n. */
export const ps = (n: number) => pseudonymOf(SECRET, tok(n));

/** A round with a unit that leaves a seat empty (a first offer) and waitlists. */
export function offerRecord(): RoundRecord {
  const entrants: Entrant[] = [];
  for (let i = 1; i <= 6; i++) {
    entrants.push({
      pseudonym: ps(i),
      members: [ps(i)],
      choices: i % 2
        ? [{ recruitment: "k1", weight: 100 + 10 * i, tier: 1 }, {
          recruitment: "k2",
          weight: 100,
          tier: 1,
        }]
        : [{ recruitment: "k2", weight: 150, tier: 1 }],
    });
  }
  entrants.push({
    pseudonym: ps(50),
    members: [ps(51), ps(52)].sort(),
    choices: [{ recruitment: "k1", weight: 300, tier: 1 }],
  });
  entrants.push({ pseudonym: ps(60), members: [ps(60)], choices: [] });
  const rec = prepareRecord({
    round: { id: "offers" },
    recruitments: [{ id: "k1", seats: 3 }, { id: "k2", seats: 2 }],
    entrants,
    secret: SECRET,
    beacon: beaconOf("drand", "quicknet round 1"),
  });
  return runDraw({
    ...rec,
    secret: SECRET,
    beacon: { ...rec.beacon, used: "primary", value: `1:${"ab".repeat(32)}` },
  });
}
