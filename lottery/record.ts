/**
 * Shape check of a parsed round record (README section 7), without a schema library: types and
 * required fields only. The meaning (ids, uniqueness, digests…) is checked by `validateEntries`
 * and `verify`.
 *
 * @module
 */
import type { RoundRecord } from "./types.ts";
import { BEACON_KINDS } from "./beacon.ts";

type Errors = string[];
type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function obj(v: unknown, path: string, errors: Errors): Obj | undefined {
  if (isObj(v)) return v;
  errors.push(`${path}: expected an object`);
  return undefined;
}

function arr(v: unknown, path: string, errors: Errors): unknown[] {
  if (Array.isArray(v)) return v;
  errors.push(`${path}: expected a list`);
  return [];
}

function str(v: unknown, path: string, errors: Errors, optional = false): void {
  if (optional && v === undefined) return;
  if (typeof v !== "string") errors.push(`${path}: expected text`);
}

function num(v: unknown, path: string, errors: Errors, integer = false): void {
  if (
    typeof v !== "number" || !Number.isFinite(v) ||
    (integer && !Number.isInteger(v))
  ) {
    errors.push(`${path}: expected ${integer ? "an integer" : "a number"}`);
  }
}

function strOrNull(v: unknown, path: string, errors: Errors): void {
  if (v !== null && typeof v !== "string") {
    errors.push(`${path}: expected text or null`);
  }
}

function checkEntrant(v: unknown, path: string, errors: Errors): void {
  const e = obj(v, path, errors);
  if (!e) return;
  str(e.pseudonym, `${path}.pseudonym`, errors);
  arr(e.members, `${path}.members`, errors).forEach((m, i) =>
    str(m, `${path}.members[${i}]`, errors)
  );
  arr(e.choices, `${path}.choices`, errors).forEach((c, i) => {
    const o = obj(c, `${path}.choices[${i}]`, errors);
    if (!o) return;
    str(o.recruitment, `${path}.choices[${i}].recruitment`, errors);
    num(o.weight, `${path}.choices[${i}].weight`, errors, true);
    num(o.tier, `${path}.choices[${i}].tier`, errors, true);
  });
}

function checkOutcomes(v: unknown, path: string, errors: Errors): void {
  arr(v, path, errors).forEach((c, i) => {
    const at = `${path}[${i}]`;
    const o = obj(c, at, errors);
    if (!o) return;
    str(o.recruitment, `${at}.recruitment`, errors);
    num(o.key, `${at}.key`, errors);
    num(o.rank, `${at}.rank`, errors, true);
    if (
      o.result !== "won" && o.result !== "higher" && o.result !== "waitlist"
    ) {
      errors.push(`${at}.result: expected won, higher or waitlist`);
    }
    if (o.waitlist !== null) num(o.waitlist, `${at}.waitlist`, errors, true);
  });
}

function checkBeacon(v: unknown, errors: Errors): void {
  const b = obj(v, "beacon", errors);
  if (!b) return;
  const kind = (k: unknown, path: string) => {
    if (!BEACON_KINDS.includes(k as never)) {
      errors.push(`${path}: expected one of ${BEACON_KINDS.join(", ")}`);
    }
  };
  kind(b.kind, "beacon.kind");
  str(b.name, "beacon.name", errors);
  num(b.scheduledAt, "beacon.scheduledAt", errors, true);
  num(b.deadline, "beacon.deadline", errors, true);
  const f = obj(b.fallback, "beacon.fallback", errors);
  if (f) {
    kind(f.kind, "beacon.fallback.kind");
    str(f.name, "beacon.fallback.name", errors);
    num(f.scheduledAt, "beacon.fallback.scheduledAt", errors, true);
  }
  if (b.used !== undefined && b.used !== "primary" && b.used !== "fallback") {
    errors.push("beacon.used: expected primary or fallback");
  }
  str(b.value, "beacon.value", errors, true);
}

function checkDraw(v: unknown, errors: Errors): void {
  const d = obj(v, "draw", errors);
  if (!d) return;
  arr(d.results, "draw.results", errors).forEach((r, i) => {
    const at = `draw.results[${i}]`;
    const o = obj(r, at, errors);
    if (!o) return;
    str(o.pseudonym, `${at}.pseudonym`, errors);
    num(o.u, `${at}.u`, errors);
    strOrNull(o.placed, `${at}.placed`, errors);
    checkOutcomes(o.choices, `${at}.choices`, errors);
  });
  arr(d.offers, "draw.offers", errors).forEach((x, i) => {
    const o = obj(x, `draw.offers[${i}]`, errors);
    if (!o) return;
    str(o.pseudonym, `draw.offers[${i}].pseudonym`, errors);
    str(o.recruitment, `draw.offers[${i}].recruitment`, errors);
  });
}

function checkAmendment(v: unknown, i: number, errors: Errors): void {
  const at = `amendments[${i}]`;
  const a = obj(v, at, errors);
  if (!a) return;
  num(a.seq, `${at}.seq`, errors, true);
  str(a.prev, `${at}.prev`, errors);
  checkEntrant(a.entrant, `${at}.entrant`, errors);
  if (a.extraSeats !== undefined) {
    const x = obj(a.extraSeats, `${at}.extraSeats`, errors);
    if (x) {
      for (const [k, n] of Object.entries(x)) {
        num(n, `${at}.extraSeats.${k}`, errors, true);
      }
    }
  }
  str(a.reason, `${at}.reason`, errors, true);
  num(a.u, `${at}.u`, errors);
  strOrNull(a.placed, `${at}.placed`, errors);
  checkOutcomes(a.choices, `${at}.choices`, errors);
}

/**
 * Shape problems of a parsed round record, each naming its path (e.g. `entrants[3].choices`);
 * empty when the value has the shape of a {@link RoundRecord}.
 */
export function recordErrors(value: unknown): string[] {
  const errors: Errors = [];
  const r = obj(value, "record", errors);
  if (!r) return errors;
  if (r.format !== "kic-round-record/2") {
    errors.push("format: expected kic-round-record/2");
  }
  const round = obj(r.round, "round", errors);
  if (round) {
    str(round.id, "round.id", errors);
    str(round.name, "round.name", errors, true);
  }
  arr(r.recruitments, "recruitments", errors).forEach((x, i) => {
    const o = obj(x, `recruitments[${i}]`, errors);
    if (!o) return;
    str(o.id, `recruitments[${i}].id`, errors);
    num(o.seats, `recruitments[${i}].seats`, errors, true);
  });
  arr(r.entrants, "entrants", errors).forEach((e, i) =>
    checkEntrant(e, `entrants[${i}]`, errors)
  );
  str(r.digest, "digest", errors);
  str(r.commitment, "commitment", errors);
  checkBeacon(r.beacon, errors);
  str(r.secret, "secret", errors, true);
  str(r.seed, "seed", errors, true);
  if (r.draw !== undefined) checkDraw(r.draw, errors);
  if (r.amendments !== undefined) {
    arr(r.amendments, "amendments", errors).forEach((a, i) =>
      checkAmendment(a, i, errors)
    );
  }
  return errors;
}

/** Returns `value` as a {@link RoundRecord}, or throws an Error listing its shape problems. */
export function parseRecord(value: unknown): RoundRecord {
  const errors = recordErrors(value);
  if (errors.length > 0) {
    const more = errors.length > 5 ? ` (and ${errors.length - 5} more)` : "";
    throw new Error(
      `not a round record: ${errors.slice(0, 5).join("; ")}${more}`,
    );
  }
  return value as RoundRecord;
}
