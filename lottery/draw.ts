/**
 * The draw: from a frozen record (plus secret and beacon value) to the full round record
 * (README sections 4 to 7).
 *
 * @module
 */
import type {
  Beacon,
  BeaconEvent,
  DrawResult,
  Entrant,
  Recruitment,
  RoundRecord,
} from "./types.ts";
import {
  byteCompare,
  canonicalEntrant,
  entryDigest,
  validateAnnouncement,
  validateEntries,
} from "./digest.ts";
import { parseBeaconValue } from "./beacon.ts";
import { commitmentOf, computeUs, seedOf } from "./from_secret.ts";
import { keysOf } from "./order.ts";
import { allocate } from "./allocate.ts";
import { outcomesOf } from "./outcomes.ts";
import { recordErrors } from "./record.ts";
import { firstOffers } from "./registration/mod.ts";
import { isHex } from "./hash.ts";

export { outcomesOf } from "./outcomes.ts";
export { amend, type AmendmentInput, seatsAfterAmendments } from "./amend.ts";

/** The record format this module writes and reads. */
export const RECORD_FORMAT = "kic-round-record/2";

/** Copies of the recruitments sorted by id, with only their record fields. */
export function canonicalRecruitments(
  recruitments: readonly Recruitment[],
): Recruitment[] {
  return recruitments.map((r) => ({ id: r.id, seats: r.seats })).sort((a, b) =>
    byteCompare(a.id, b.id)
  );
}

/** Copies of the entrants sorted by pseudonym, members sorted, with only their record fields. */
export function canonicalEntrants(entrants: readonly Entrant[]): Entrant[] {
  return entrants
    .map(canonicalEntrant)
    .sort((a, b) => byteCompare(a.pseudonym, b.pseudonym));
}

/** Input of {@link prepareRecord}. */
export interface PrepareInput {
  /** Round id (bound by the digest) and display name (informational). */
  round: { id: string; name?: string };
  /** The recruitments and their seats, in any order. */
  recruitments: readonly Recruitment[];
  /** The entry list, in any order. */
  entrants: readonly Entrant[];
  /** 64 hex; used for the commitment only, not written to the record. */
  secret: string;
  /** The announced beacon, deadline and fallback; `used` and `value` are dropped. */
  beacon: Beacon;
}

/** The beacon event the record says gave the value (README section 4.1). */
export function usedEvent(beacon: Beacon): BeaconEvent {
  return beacon.used === "fallback" ? beacon.fallback : beacon;
}

/**
 * Checks `beacon.used` and `beacon.value` against the used event's kind; returns an error
 * message naming the field, or undefined when both are valid.
 */
export function beaconValueProblem(beacon: Beacon): string | undefined {
  if (beacon.used !== "primary" && beacon.used !== "fallback") {
    return `beacon.used: expected primary or fallback, got ${
      JSON.stringify(beacon.used)
    }`;
  }
  if (beacon.value === undefined) return "beacon.value: missing";
  const check = parseBeaconValue(usedEvent(beacon).kind, beacon.value);
  return check.ok ? undefined : `beacon.value: ${check.message}`;
}

function copyEvent(e: BeaconEvent): BeaconEvent {
  return { kind: e.kind, name: e.name, scheduledAt: e.scheduledAt };
}

/**
 * The record published at the freeze: the canonical entry list, its digest, the commitment and
 * the beacon (without value). The secret is not included: add `secret` and `beacon.value` before
 * {@link runDraw}. Throws on invalid entries, secret or beacon.
 */
export function prepareRecord(input: PrepareInput): RoundRecord {
  validateEntries(input.recruitments, input.entrants);
  if (!isHex(input.secret, 64)) {
    throw new Error("secret: expected 64 lowercase hex characters");
  }
  validateAnnouncement(input);
  const recruitments = canonicalRecruitments(input.recruitments);
  const entrants = canonicalEntrants(input.entrants);
  const round = input.round.name === undefined
    ? { id: input.round.id }
    : { id: input.round.id, name: input.round.name };
  const beacon: Beacon = {
    ...copyEvent(input.beacon),
    deadline: input.beacon.deadline,
    fallback: copyEvent(input.beacon.fallback),
  };
  return {
    format: RECORD_FORMAT,
    round,
    recruitments,
    entrants,
    digest: entryDigest(recruitments, entrants, { round, beacon }),
    commitment: commitmentOf(input.secret),
    beacon,
  };
}

/**
 * The draw's results for entrants sorted by pseudonym, from their u values and the keys that
 * define the order (recomputed by the draw, stored ones in verify).
 */
export function drawResults(
  recruitments: Recruitment[],
  sortedEntrants: Entrant[],
  us: ArrayLike<number>,
  keys: readonly ArrayLike<number>[],
): DrawResult {
  const allocation = allocate(recruitments, sortedEntrants, keys);
  const results = outcomesOf(
    recruitments,
    sortedEntrants,
    us,
    keys,
    allocation,
  );
  const offers = firstOffers(recruitments, sortedEntrants, results);
  return { results, offers };
}

/**
 * Runs the draw once on a frozen record that carries `secret`, `beacon.used` and `beacon.value`:
 * checks the shape, the beacon value's format, the commitment, the entries and the digest, then computes the
 * seed, each u and key, the allocation, the outcomes and the first offers. Returns a new record
 * with `seed` and `draw`. Throws when anything is missing or inconsistent, or the record already
 * has a draw.
 */
export function runDraw(record: RoundRecord): RoundRecord {
  const errors = recordErrors(record);
  if (errors.length > 0) {
    throw new Error(`not a round record: ${errors.slice(0, 5).join("; ")}`);
  }
  if (record.draw !== undefined || record.seed !== undefined) {
    throw new Error("the record already has a draw");
  }
  if (!isHex(record.secret, 64)) {
    throw new Error("secret: expected 64 lowercase hex characters");
  }
  const problem = beaconValueProblem(record.beacon);
  if (problem) throw new Error(problem);
  const value = record.beacon.value!;
  if (commitmentOf(record.secret) !== record.commitment) {
    throw new Error("commitment: does not match the secret");
  }
  validateEntries(record.recruitments, record.entrants);
  validateAnnouncement(record);
  const digest = entryDigest(record.recruitments, record.entrants, record);
  if (digest !== record.digest) {
    throw new Error("digest: does not match the entries");
  }
  const seed = seedOf(record.secret, digest, value);
  const recruitments = canonicalRecruitments(record.recruitments);
  const entrants = canonicalEntrants(record.entrants);
  const us = computeUs(seed, entrants.map((e) => e.pseudonym));
  const draw = drawResults(recruitments, entrants, us, keysOf(entrants, us));
  const { amendments: _ignored, ...rest } = record;
  return { ...rest, secret: record.secret, seed, draw };
}
