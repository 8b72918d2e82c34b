/**
 * Validity of the entry list and its digest (README section 3).
 *
 * @module
 */
import type { Entrant, Recruitment } from "./types.ts";
import { isHex, sha256Stream } from "./hash.ts";

/** Recruitment ids: `^[A-Za-z0-9_-]{1,64}$`. */
export const RECRUITMENT_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Most choices one entrant may list. */
export const MAX_CHOICES = 3;

/** Byte-order comparison of two ASCII strings (ids, hex): -1, 0 or 1. */
export function byteCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** True when `n` is a safe integer ≥ `min`. */
function isIntAtLeast(n: unknown, min: number): n is number {
  return typeof n === "number" && Number.isSafeInteger(n) && n >= min;
}

/** True when `p` is a pseudonym: 32 lowercase hex characters. */
export function isPseudonym(p: unknown): p is string {
  return isHex(p, 32);
}

/**
 * Checks the recruitments and the entrants (README section 3.1) and throws an Error naming the
 * first offending item. An entrant with no choices is valid.
 */
export function validateEntries(
  recruitments: readonly Recruitment[],
  entrants: readonly Entrant[],
): void {
  const ids = new Set<string>();
  for (const [i, r] of recruitments.entries()) {
    if (typeof r?.id !== "string" || !RECRUITMENT_ID.test(r.id)) {
      throw new Error(`recruitments[${i}]: bad id ${JSON.stringify(r?.id)}`);
    }
    if (ids.has(r.id)) throw new Error(`recruitment ${r.id}: duplicate id`);
    if (!isIntAtLeast(r.seats, 0)) {
      throw new Error(
        `recruitment ${r.id}: seats must be an integer ≥ 0, got ${r.seats}`,
      );
    }
    ids.add(r.id);
  }
  const pseudonyms = new Set<string>();
  const memberOf = new Map<string, string>();
  for (const [i, e] of entrants.entries()) {
    if (!isPseudonym(e?.pseudonym)) {
      throw new Error(
        `entrants[${i}]: bad pseudonym ${JSON.stringify(e?.pseudonym)}`,
      );
    }
    const p = e.pseudonym;
    if (pseudonyms.has(p)) throw new Error(`entrant ${p}: duplicate pseudonym`);
    pseudonyms.add(p);
    validateMembers(e, memberOf);
    validateChoices(e, ids);
  }
  for (const p of pseudonyms) {
    const owner = memberOf.get(p);
    if (owner !== undefined && owner !== p) {
      throw new Error(
        `entrant ${p}: pseudonym is also a member of entrant ${owner}`,
      );
    }
  }
}

function validateMembers(e: Entrant, memberOf: Map<string, string>): void {
  const p = e.pseudonym;
  if (!Array.isArray(e.members) || e.members.length === 0) {
    throw new Error(`entrant ${p}: members must be a non-empty list`);
  }
  if (e.members.length === 1 && e.members[0] !== p) {
    throw new Error(
      `entrant ${p}: a single child's members must be [its pseudonym]`,
    );
  }
  for (const m of e.members) {
    if (!isPseudonym(m)) {
      throw new Error(`entrant ${p}: bad member ${JSON.stringify(m)}`);
    }
    if (e.members.length > 1 && m === p) {
      throw new Error(
        `entrant ${p}: a unit's pseudonym cannot be one of its members`,
      );
    }
    const owner = memberOf.get(m);
    if (owner !== undefined) {
      throw new Error(
        `entrant ${p}: member ${m} is a member of two entrants (also ${owner})`,
      );
    }
    memberOf.set(m, p);
  }
}

function validateChoices(e: Entrant, ids: Set<string>): void {
  const p = e.pseudonym;
  if (!Array.isArray(e.choices)) {
    throw new Error(`entrant ${p}: choices must be a list`);
  }
  if (e.choices.length > MAX_CHOICES) {
    throw new Error(
      `entrant ${p}: ${e.choices.length} choices, at most ${MAX_CHOICES}`,
    );
  }
  const seen = new Set<string>();
  for (const [i, c] of e.choices.entries()) {
    const at = `entrant ${p}: choice ${i + 1}`;
    if (typeof c?.recruitment !== "string" || !ids.has(c.recruitment)) {
      throw new Error(
        `${at}: unknown recruitment ${JSON.stringify(c?.recruitment)}`,
      );
    }
    if (seen.has(c.recruitment)) {
      throw new Error(`${at}: recruitment ${c.recruitment} listed twice`);
    }
    seen.add(c.recruitment);
    if (!isIntAtLeast(c.weight, 1)) {
      throw new Error(`${at}: weight must be an integer ≥ 1, got ${c.weight}`);
    }
    if (!isIntAtLeast(c.tier, 1)) {
      throw new Error(`${at}: tier must be an integer ≥ 1, got ${c.tier}`);
    }
  }
}

/** Yields the lines of the section 3.2 text (each ending with "\n"), in canonical order. */
function* entryLines(
  recruitments: readonly Recruitment[],
  entrants: readonly Entrant[],
): Generator<string> {
  yield "kic-entries/1\n";
  const rs = [...recruitments].sort((a, b) => byteCompare(a.id, b.id));
  for (const r of rs) yield `R ${r.id} ${r.seats}\n`;
  const es = [...entrants].sort((a, b) =>
    byteCompare(a.pseudonym, b.pseudonym)
  );
  for (const e of es) {
    const members = [...e.members].sort(byteCompare).join(",");
    const choices = e.choices.length === 0
      ? "-"
      : e.choices.map((c) => `${c.recruitment}:${c.weight}:${c.tier}`).join(
        ";",
      );
    yield `E ${e.pseudonym} ${members} ${choices}\n`;
  }
}

/**
 * The entry list as the exact text of README section 3.2 (sorted, one `\n` after each line).
 * Numbers are written as given: validate first ({@link validateEntries}).
 */
export function encodeEntries(
  recruitments: readonly Recruitment[],
  entrants: readonly Entrant[],
): string {
  let s = "";
  for (const line of entryLines(recruitments, entrants)) s += line;
  return s;
}

/**
 * The entry digest: SHA-256 of {@link encodeEntries}' UTF-8 text, hex. Hashes in chunks, so a
 * large list never becomes one string. Does not validate.
 */
export function entryDigest(
  recruitments: readonly Recruitment[],
  entrants: readonly Entrant[],
): string {
  const h = sha256Stream();
  let chunk = "";
  for (const line of entryLines(recruitments, entrants)) {
    chunk += line;
    if (chunk.length > 65536) {
      h.update(chunk);
      chunk = "";
    }
  }
  h.update(chunk);
  return h.hex();
}
