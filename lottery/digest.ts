/**
 * Validity of the entry list and its digest (README section 3).
 *
 * @module
 */
import type { Beacon, BeaconEvent, Entrant, Recruitment } from "./types.ts";
import { bytesToHex, isHex, sha256Stream, utf8 } from "./hash.ts";
import {
  isIntIn,
  MAX_ENTRANTS,
  MAX_RECRUITMENTS,
  MAX_SEATS,
  MAX_TIER,
  MAX_TIME,
  MAX_UNIT_SIZE,
  MAX_WEIGHT,
  rangeMessage,
} from "./limits.ts";
import { BEACON_KINDS } from "./beacon.ts";

/** Recruitment ids: `^[A-Za-z0-9_-]{1,64}$`. */
export const RECRUITMENT_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Most choices one entrant may list. */
export const MAX_CHOICES = 3;

/**
 * Compares two strings by their UTF-8 bytes (which is code point order): -1, 0 or 1. JavaScript's
 * `<` compares UTF-16 code units, which puts U+E000–U+FFFF after the supplementary planes; this
 * corrects that case and is plain `<` otherwise.
 */
export function byteCompare(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === n) return a.length < b.length ? -1 : 1;
  const x = a.charCodeAt(i), y = b.charCodeAt(i);
  if (x >= 0xd800 && y >= 0xd800) {
    // A surrogate (a code point ≥ U+10000) sorts after U+E000–U+FFFF.
    const sx = x <= 0xdfff ? x + 0x2000 : x - 0x800;
    const sy = y <= 0xdfff ? y + 0x2000 : y - 0x800;
    return sx < sy ? -1 : 1;
  }
  return x < y ? -1 : 1;
}

/** Round ids: the recruitment id alphabet. */
export const ROUND_ID: RegExp = RECRUITMENT_ID;

/** Longest beacon name, in UTF-16 code units. */
export const MAX_BEACON_NAME = 200;

/** True when `p` is a pseudonym: 32 lowercase hex characters. */
export function isPseudonym(p: unknown): p is string {
  return isHex(p, 32);
}

/** What identifies entrants and members: pseudonyms in a record, application ids in an odds pool. */
export interface EntrantIds {
  /** What an id is called in messages. */
  name: string;
  /** The rule, for messages. */
  rule: string;
  /** True when `id` is a valid id. */
  test(id: unknown): id is string;
}

/** True when `s` holds a control character (U+0000–U+001F, U+007F–U+009F). */
export function hasControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return true;
  }
  return false;
}

/** Pseudonyms: 32 lowercase hex characters. */
export const PSEUDONYMS: EntrantIds = {
  name: "pseudonym",
  rule: "32 lowercase hex characters",
  test: isPseudonym,
};

/** Application ids (odds pool, README section 10): 1 to 128 characters, none of them white space, a control character, `,`, `;` or `:`. */
export const APPLICATION_IDS: EntrantIds = {
  name: "application id",
  rule:
    "1 to 128 characters without spaces, control characters, `,`, `;` or `:`",
  test: (id: unknown): id is string =>
    typeof id === "string" && id.length >= 1 && id.length <= 128 &&
    !hasControl(id) && !/[\s,;:]/u.test(id) && id.isWellFormed(),
};

/**
 * Checks the recruitments and the entrants (README section 3.1) and throws an Error naming the
 * first offending item. An entrant with no choices is valid.
 */
export function validateEntries(
  recruitments: readonly Recruitment[],
  entrants: readonly Entrant[],
  ids: EntrantIds = PSEUDONYMS,
): void {
  if (!Array.isArray(recruitments)) {
    throw new Error("recruitments: expected a list");
  }
  if (!Array.isArray(entrants)) throw new Error("entrants: expected a list");
  if (recruitments.length > MAX_RECRUITMENTS) {
    throw new Error(
      `recruitments: at most ${MAX_RECRUITMENTS}, got ${recruitments.length}`,
    );
  }
  if (entrants.length > MAX_ENTRANTS) {
    throw new Error(
      `entrants: at most ${MAX_ENTRANTS}, got ${entrants.length}`,
    );
  }
  const recIds = new Set<string>();
  for (const [i, r] of recruitments.entries()) {
    if (typeof r?.id !== "string" || !RECRUITMENT_ID.test(r.id)) {
      throw new Error(`recruitments[${i}]: bad id ${JSON.stringify(r?.id)}`);
    }
    if (recIds.has(r.id)) throw new Error(`recruitment ${r.id}: duplicate id`);
    if (!isIntIn(r.seats, 0, MAX_SEATS)) {
      throw new Error(
        `recruitment ${r.id}: ${rangeMessage("seats", 0, MAX_SEATS, r.seats)}`,
      );
    }
    recIds.add(r.id);
  }
  const pseudonyms = new Set<string>();
  const memberOf = new Map<string, string>();
  for (const [i, e] of entrants.entries()) {
    if (e === null || typeof e !== "object") {
      throw new Error(`entrants[${i}]: expected an object`);
    }
    if (!ids.test(e.pseudonym)) {
      throw new Error(
        `entrants[${i}]: bad ${ids.name} ${
          JSON.stringify(e.pseudonym)
        } (expected ${ids.rule})`,
      );
    }
    const p = e.pseudonym;
    if (pseudonyms.has(p)) {
      throw new Error(`entrant ${p}: duplicate ${ids.name}`);
    }
    pseudonyms.add(p);
    validateMembers(e, memberOf, ids);
    validateChoices(e, recIds);
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

function validateMembers(
  e: Entrant,
  memberOf: Map<string, string>,
  ids: EntrantIds,
): void {
  const p = e.pseudonym;
  if (!Array.isArray(e.members) || e.members.length === 0) {
    throw new Error(`entrant ${p}: members must be a non-empty list`);
  }
  if (e.members.length > MAX_UNIT_SIZE) {
    throw new Error(
      `entrant ${p}: a unit has at most ${MAX_UNIT_SIZE} members, got ${e.members.length}`,
    );
  }
  if (e.members.length === 1 && e.members[0] !== p) {
    throw new Error(
      `entrant ${p}: a single child's members must be [its pseudonym]`,
    );
  }
  for (const m of e.members) {
    if (!ids.test(m)) {
      throw new Error(
        `entrant ${p}: bad member ${JSON.stringify(m)} (expected ${ids.rule})`,
      );
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
    if (!isIntIn(c.weight, 1, MAX_WEIGHT)) {
      throw new Error(
        `${at}: ${rangeMessage("weight", 1, MAX_WEIGHT, c.weight)}`,
      );
    }
    if (!isIntIn(c.tier, 1, MAX_TIER)) {
      throw new Error(`${at}: ${rangeMessage("tier", 1, MAX_TIER, c.tier)}`);
    }
  }
}

/** The round and beacons the frozen entry list is bound to (README section 3.2). */
export interface Announcement {
  /** The round; only its id is bound. */
  round: { id: string };
  /** The primary beacon, its deadline and the fallback (`used` and `value` are not bound). */
  beacon: Beacon;
}

function checkEvent(at: string, b: BeaconEvent | undefined): void {
  const kinds: readonly string[] = BEACON_KINDS;
  if (b === null || typeof b !== "object") {
    throw new Error(`${at}: expected an object`);
  }
  if (!kinds.includes(b.kind)) {
    throw new Error(
      `${at}.kind: expected one of ${kinds.join(", ")}, got ${
        JSON.stringify(b.kind)
      }`,
    );
  }
  if (
    typeof b.name !== "string" || b.name.trim() === "" ||
    b.name.length > MAX_BEACON_NAME || hasControl(b.name)
  ) {
    throw new Error(
      `${at}.name: expected 1 to ${MAX_BEACON_NAME} characters without control characters`,
    );
  }
  if (!isIntIn(b.scheduledAt, 0, MAX_TIME)) {
    throw new Error(
      `${at}.scheduledAt: ${
        rangeMessage("a time", 0, MAX_TIME, b.scheduledAt)
      }`,
    );
  }
}

/**
 * Checks the round id and the beacon announcement (README section 3.2): kinds, names without
 * control characters, integer times, `deadline ≥ scheduledAt`, and a fallback scheduled after
 * the primary. Throws an Error naming the field.
 */
export function validateAnnouncement(a: Announcement): void {
  if (typeof a?.round?.id !== "string" || !ROUND_ID.test(a.round.id)) {
    throw new Error(
      `round.id: expected ${ROUND_ID.source}, got ${
        JSON.stringify(a?.round?.id)
      }`,
    );
  }
  const b = a.beacon;
  checkEvent("beacon", b);
  if (!isIntIn(b.deadline, b.scheduledAt, MAX_TIME)) {
    throw new Error(
      `beacon.deadline: ${
        rangeMessage("the deadline", b.scheduledAt, MAX_TIME, b.deadline)
      }`,
    );
  }
  checkEvent("beacon.fallback", b.fallback);
  if (b.fallback.scheduledAt <= b.scheduledAt) {
    throw new Error(
      "beacon.fallback.scheduledAt: the fallback must be scheduled after the primary",
    );
  }
}

/** The UTF-8 bytes of `text` in hex (how names enter the encodings). */
export function textHex(text: string): string {
  return bytesToHex(utf8(text));
}

/** The header lines that bind the round and the beacons (README section 3.2). */
function announcementLines(a: Announcement): string {
  const b = a.beacon, f = b.fallback;
  return `O ${a.round.id}\n` +
    `B ${b.kind} ${b.scheduledAt} ${b.deadline} ${textHex(b.name)}\n` +
    `F ${f.kind} ${f.scheduledAt} ${textHex(f.name)}\n`;
}

/**
 * Yields the lines of the section 3.2 text (each ending with "\n"), in canonical order: version
 * 2 with the announcement lines when `announced` is given, else the pool text of version 1.
 */
function* entryLines(
  recruitments: readonly Recruitment[],
  entrants: readonly Entrant[],
  announced?: Announcement,
): Generator<string> {
  if (announced) {
    yield "kic-entries/2\n";
    yield announcementLines(announced);
  } else yield "kic-entries/1\n";
  const rs = [...recruitments].sort((a, b) => byteCompare(a.id, b.id));
  for (const r of rs) yield `R ${r.id} ${r.seats}\n`;
  const es = [...entrants].sort((a, b) =>
    byteCompare(a.pseudonym, b.pseudonym)
  );
  for (const e of es) yield `${entrantLine(e)}\n`;
}

/** A copy of an entrant with only its record fields, members in byte order. */
export function canonicalEntrant(e: Entrant): Entrant {
  return {
    pseudonym: e.pseudonym,
    members: [...e.members].sort(byteCompare),
    choices: e.choices.map((c) => ({
      recruitment: c.recruitment,
      weight: c.weight,
      tier: c.tier,
    })),
  };
}

/** The `E` line of one entrant (README section 3.2), without the newline. */
export function entrantLine(e: Entrant): string {
  const members = [...e.members].sort(byteCompare).join(",");
  const choices = e.choices.length === 0
    ? "-"
    : e.choices.map((c) => `${c.recruitment}:${c.weight}:${c.tier}`).join(";");
  return `E ${e.pseudonym} ${members} ${choices}`;
}

/**
 * The entry list as the exact text of README section 3.2 (sorted, one `\n` after each line):
 * `kic-entries/2` bound to the round and the beacons when `announced` is given (the round
 * record's digest), else `kic-entries/1` (the odds pool, section 10). Numbers are written as
 * given: validate first ({@link validateEntries}, {@link validateAnnouncement}).
 */
export function encodeEntries(
  recruitments: readonly Recruitment[],
  entrants: readonly Entrant[],
  announced?: Announcement,
): string {
  let s = "";
  for (const line of entryLines(recruitments, entrants, announced)) s += line;
  return s;
}

/**
 * The entry digest: SHA-256 of {@link encodeEntries}' UTF-8 text, hex. Hashes in chunks, so a
 * large list never becomes one string. Does not validate.
 */
export function entryDigest(
  recruitments: readonly Recruitment[],
  entrants: readonly Entrant[],
  announced?: Announcement,
): string {
  const h = sha256Stream();
  let chunk = "";
  for (const line of entryLines(recruitments, entrants, announced)) {
    chunk += line;
    if (chunk.length > 65536) {
      h.update(chunk);
      chunk = "";
    }
  }
  h.update(chunk);
  return h.hex();
}
