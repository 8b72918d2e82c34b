/**
 * `verify`: re-runs a round record and names the first field that differs (README section 11).
 *
 * @module
 */
import type {
  Amendment,
  ChoiceOutcome,
  Entrant,
  EntrantResult,
  Recruitment,
  RoundRecord,
} from "./types.ts";
import {
  entryDigest,
  validateAnnouncement,
  validateEntries,
} from "./digest.ts";
import { commitmentOf, computeUs, seedOf } from "./from_secret.ts";
import { keyOf, withinTolerance } from "./order.ts";
import { allocate } from "./allocate.ts";
import { outcomesOf } from "./outcomes.ts";
import { firstOffers } from "./registration/mod.ts";
import { computeAmendment } from "./amend.ts";
import {
  beaconValueProblem,
  canonicalEntrants,
  canonicalRecruitments,
} from "./draw.ts";
import { chainHead, chainLink } from "./chain.ts";
import { recordErrors } from "./record.ts";
import { isHex } from "./hash.ts";

/**
 * The facts published outside the record, which verify compares it with. The verify page takes
 * them from the round's published facts, never from the record itself.
 */
export interface PublishedFacts {
  /** The entry digest published at the freeze (64 hex). Required. */
  digest: string;
  /** The chain head published with the last amendment (64 hex); required when there are any. */
  chainHead?: string;
}

/** The first field that differs. */
export interface Mismatch {
  /** E.g. `commitment`, `draw.results[<pseudonym>].choices[0].rank`, `amendments[2].placed`. */
  field: string;
  /** The recomputed (or required) value. */
  expected: unknown;
  /** The value found in the record. */
  actual: unknown;
}

/** A stored key that differs from the recomputed one, within the tolerance. */
export interface KeyDifference {
  /** Path of the key, e.g. `draw.results[<pseudonym>].choices[0].key`. */
  field: string;
  /** The key stored in the record. */
  stored: number;
  /** The key recomputed by this engine. */
  recomputed: number;
}

/** Two adjacent entrants of one recruitment and tier whose keys lie within the tolerance. */
export interface NearTie {
  /** Recruitment id. */
  recruitment: string;
  /** The tier both entrants share. */
  tier: number;
  /** The two entrants, in the stored order. */
  pseudonyms: [string, string];
  /** Their stored keys, in the same order. */
  keys: [number, number];
}

/** The outcome of {@link verify}. */
export interface VerifyReport {
  /** True when the record verifies. */
  ok: boolean;
  /** The first failure; set only when `ok` is false. */
  mismatch?: Mismatch;
  /** Stored keys that differ from the recomputed ones within the tolerance. */
  keyDifferences: KeyDifference[];
  /** Adjacent keys within the tolerance of each other (informational). */
  nearTies: NearTie[];
}

class Stop {
  constructor(readonly mismatch: Mismatch) {}
}

function expect(field: string, expected: unknown, actual: unknown): void {
  if (!Object.is(expected, actual)) throw new Stop({ field, expected, actual });
}

/**
 * Checks a drawn round record against the published facts, in the order of README section 11:
 * the published digest is given, the shape, the commitment, the entries and the announcement,
 * the digest (recomputed, then the published one), the beacon used and its value, the seed, each
 * u (exact) and key (within `KEY_TOLERANCE`), the allocation run on the stored keys (placements,
 * ranks, results, waitlist positions, first offers), each amendment (its link to the record
 * before it, then its replay), and the chain head against the published one. Stops at the first
 * difference and names it.
 */
export function verify(
  record: RoundRecord,
  published: PublishedFacts,
): VerifyReport {
  const keyDifferences: KeyDifference[] = [];
  const nearTies: NearTie[] = [];
  try {
    check(record, published, keyDifferences, nearTies);
    return { ok: true, keyDifferences, nearTies };
  } catch (err) {
    if (err instanceof Stop) {
      return { ok: false, mismatch: err.mismatch, keyDifferences, nearTies };
    }
    const message = err instanceof Error ? err.message : String(err);
    return {
      ok: false,
      mismatch: {
        field: "record",
        expected: "a consistent record",
        actual: message,
      },
      keyDifferences,
      nearTies,
    };
  }
}

/** The field a validator's message names: the text before its first `:`. */
function fieldOf(message: string, fallback: string): string {
  const head = message.split(":")[0];
  return /^[A-Za-z.[\]0-9]+$/.test(head) ? head : fallback;
}

function check(
  record: RoundRecord,
  published: PublishedFacts,
  diffs: KeyDifference[],
  ties: NearTie[],
): void {
  if (!isHex(published?.digest, 64)) {
    throw new Stop({
      field: "published.digest",
      expected: "the digest published at the freeze (64 lowercase hex)",
      actual: published?.digest,
    });
  }
  const shape = recordErrors(record);
  if (shape.length > 0) {
    throw new Stop({
      field: shape[0].split(":")[0],
      expected: "a valid value",
      actual: shape[0],
    });
  }
  if (!isHex(record.secret, 64)) {
    throw new Stop({
      field: "secret",
      expected: "64 lowercase hex",
      actual: record.secret,
    });
  }
  expect("commitment", commitmentOf(record.secret), record.commitment);
  try {
    validateEntries(record.recruitments, record.entrants);
  } catch (err) {
    throw new Stop({
      field: "entrants",
      expected: "valid entries",
      actual: (err as Error).message,
    });
  }
  try {
    validateAnnouncement(record);
  } catch (err) {
    const message = (err as Error).message;
    throw new Stop({
      field: fieldOf(message, "beacon"),
      expected: "a valid announcement",
      actual: message,
    });
  }
  const digest = entryDigest(record.recruitments, record.entrants, record);
  expect("digest", digest, record.digest);
  expect("digest", published.digest, record.digest);
  const problem = beaconValueProblem(record.beacon);
  if (problem) {
    const field = fieldOf(problem, "beacon.value");
    throw new Stop({
      field,
      expected: problem,
      actual: field === "beacon.used"
        ? record.beacon.used
        : record.beacon.value,
    });
  }
  const seed = seedOf(record.secret, record.digest, record.beacon.value!);
  expect("seed", seed, record.seed);
  if (!record.draw) {
    throw new Stop({ field: "draw", expected: "the draw", actual: undefined });
  }
  checkDraw(record, seed, diffs, ties);
  const amendments = record.amendments ?? [];
  amendments.forEach((a, i) => checkAmendment(record, a, i, diffs));
  if (published.chainHead === undefined) {
    if (amendments.length > 0) {
      throw new Stop({
        field: "published.chainHead",
        expected: "the chain head published with the last amendment",
        actual: undefined,
      });
    }
  } else expect("chainHead", published.chainHead, chainHead(record));
}

function checkDraw(
  record: RoundRecord,
  seed: string,
  diffs: KeyDifference[],
  ties: NearTie[],
): void {
  const recruitments = canonicalRecruitments(record.recruitments);
  const entrants = canonicalEntrants(record.entrants);
  const stored = record.draw!.results;
  expectList(
    "draw.results",
    entrants.map((e) => e.pseudonym),
    stored.map((r) => r.pseudonym),
  );
  entrants.forEach((e, i) =>
    expectChoices(`draw.results[${e.pseudonym}]`, e, stored[i].choices)
  );
  const us = computeUs(seed, entrants.map((e) => e.pseudonym));
  entrants.forEach((e, i) =>
    expect(`draw.results[${e.pseudonym}].u`, us[i], stored[i].u)
  );
  const keys = entrants.map((e, i) =>
    e.choices.map((c, j) =>
      checkKey(
        `draw.results[${e.pseudonym}].choices[${j}].key`,
        keyOf(us[i], c.weight),
        stored[i].choices[j].key,
        diffs,
      )
    )
  );
  const allocation = allocate(recruitments, entrants, keys);
  const results = outcomesOf(recruitments, entrants, us, keys, allocation);
  results.forEach((r, i) =>
    compareResult(`draw.results[${r.pseudonym}]`, r, stored[i])
  );
  const offers = firstOffers(recruitments, entrants, results);
  if (
    JSON.stringify(offers) !==
      JSON.stringify(
        record.draw!.offers.map((o) => ({
          pseudonym: o.pseudonym,
          recruitment: o.recruitment,
        })),
      )
  ) {
    throw new Stop({
      field: "draw.offers",
      expected: offers,
      actual: record.draw!.offers,
    });
  }
  ties.push(...nearTiesOf(recruitments, entrants, keys, allocation.orders));
}

/**
 * The near-ties of README section 11: every two entrants adjacent in a recruitment's order
 * (`orders[r]`, entrant indexes), with the same tier there, whose keys (`keys[e][c]`) lie
 * within the tolerance of each other; by recruitment, then by position.
 */
export function nearTiesOf(
  recruitments: readonly Recruitment[],
  entrants: readonly Entrant[],
  keys: readonly (readonly number[])[],
  orders: readonly ArrayLike<number>[],
): NearTie[] {
  const ties: NearTie[] = [];
  recruitments.forEach((r, ri) => {
    const order = orders[ri];
    for (let p = 1; p < order.length; p++) {
      const a = entrants[order[p - 1]], b = entrants[order[p]];
      const ia = a.choices.findIndex((c) => c.recruitment === r.id),
        ib = b.choices.findIndex((c) => c.recruitment === r.id);
      const ka = keys[order[p - 1]][ia], kb = keys[order[p]][ib];
      const tier = a.choices[ia].tier;
      if (tier === b.choices[ib].tier && withinTolerance(ka, kb)) {
        ties.push({
          recruitment: r.id,
          tier,
          pseudonyms: [a.pseudonym, b.pseudonym],
          keys: [ka, kb],
        });
      }
    }
  });
  return ties;
}

/** Stops unless two lists of ids are equal, naming the whole list. */
function expectList(field: string, expected: string[], actual: string[]): void {
  if (
    expected.length !== actual.length ||
    expected.some((x, i) => x !== actual[i])
  ) {
    throw new Stop({ field, expected, actual });
  }
}

/** Stops unless the stored outcomes name the entrant's choices, in its ranked order. */
function expectChoices(
  at: string,
  e: Entrant,
  stored: readonly ChoiceOutcome[],
): void {
  expectList(
    `${at}.choices`,
    e.choices.map((c) => c.recruitment),
    stored.map((c) => c.recruitment),
  );
}

/** Accepts a stored key within the tolerance of the recomputed one; returns the stored key. */
function checkKey(
  field: string,
  recomputed: number,
  stored: number,
  diffs: KeyDifference[],
): number {
  if (!withinTolerance(stored, recomputed)) {
    throw new Stop({ field, expected: recomputed, actual: stored });
  }
  if (stored !== recomputed) diffs.push({ field, stored, recomputed });
  return stored;
}

function compareChoices(
  at: string,
  expected: ChoiceOutcome[],
  actual: ChoiceOutcome[],
): void {
  expected.forEach((c, j) => {
    expect(`${at}.choices[${j}].rank`, c.rank, actual[j].rank);
    expect(`${at}.choices[${j}].result`, c.result, actual[j].result);
    expect(`${at}.choices[${j}].waitlist`, c.waitlist, actual[j].waitlist);
  });
}

function compareResult(
  at: string,
  expected: EntrantResult,
  actual: EntrantResult,
): void {
  expect(`${at}.placed`, expected.placed, actual.placed);
  compareChoices(at, expected.choices, actual.choices);
}

function checkAmendment(
  record: RoundRecord,
  a: Amendment,
  i: number,
  diffs: KeyDifference[],
): void {
  const at = `amendments[${i + 1}]`;
  expect(`${at}.seq`, i + 1, a.seq);
  expect(`${at}.prev`, chainLink(record, i), a.prev);
  expectChoices(at, a.entrant, a.choices);
  const u = computeUs(record.seed!, [a.entrant.pseudonym])[0];
  expect(`${at}.u`, u, a.u);
  const keys = a.entrant.choices.map((c, j) => {
    return checkKey(
      `${at}.choices[${j}].key`,
      keyOf(u, c.weight),
      a.choices[j].key,
      diffs,
    );
  });
  let expected: Amendment;
  try {
    expected = computeAmendment(
      record,
      { entrant: a.entrant, extraSeats: a.extraSeats, reason: a.reason },
      i,
      keys,
    );
  } catch (err) {
    throw new Stop({
      field: `${at}.entrant`,
      expected: "a valid amendment",
      actual: (err as Error).message,
    });
  }
  expect(`${at}.placed`, expected.placed, a.placed);
  compareChoices(at, expected.choices, a.choices);
}
