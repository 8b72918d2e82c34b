/**
 * Building the registration state right after the draw ({@link initialState}) and the first
 * offers of README section 6.2 ({@link firstOffers}).
 *
 * @module
 */
import type { Entrant, EntrantResult, Offer, Recruitment } from "../types.ts";
import { type EntrantIndex, sortedIndex } from "./_fast_fill.ts";
import { fill } from "./_fill.ts";
import { type Ctx, used } from "./_helpers.ts";
import type {
  Calendar,
  EntrantState,
  Holder,
  Move,
  OfferMade,
  RecruitmentState,
  RegistrationState,
  WaitlistPlace,
} from "./types.ts";
import { sortWaitlist } from "./_waitlist.ts";

/** Code-unit order of strings, for `Array.prototype.sort`. */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Builds the registration state right after the draw, at `drawTime`: every placed entrant holds a
 * `won` seat, every `waitlist` result is a place in frozen order, and the seats the allocation
 * left empty are filled at once (README 6.2), giving the first offers.
 *
 * Throws (a programming error, not a user one) when the inputs are inconsistent: a result for an
 * unknown entrant or recruitment, a missing result, choices that differ from the entrant's, a
 * placement that is not the entrant's `won` choice, a recruitment over its seats, or a calendar
 * not in the order `drawTime < firstWindowEnd < secondWindowEnd`.
 */
export function initialState(
  recruitments: Recruitment[],
  entrants: Entrant[],
  results: EntrantResult[],
  calendar: Calendar,
  drawTime: number,
): { state: RegistrationState; offers: OfferMade[]; moves: Move[] } {
  if (
    !Number.isInteger(drawTime) ||
    !Number.isInteger(calendar.firstWindowEnd) ||
    !Number.isInteger(calendar.secondWindowEnd) ||
    !(drawTime < calendar.firstWindowEnd &&
      calendar.firstWindowEnd < calendar.secondWindowEnd)
  ) {
    throw new RangeError(
      "registration: need integer times with drawTime < firstWindowEnd < secondWindowEnd",
    );
  }
  const recs: RecruitmentState[] = recruitments
    .map((r) => ({
      id: r.id,
      seats: r.seats,
      holders: [] as Holder[],
      waitlist: [] as WaitlistPlace[],
    }))
    .sort((a, b) => cmp(a.id, b.id));
  /** Entrant states in the order of `entrants`. */
  const byIndex: EntrantState[] = new Array(entrants.length);
  for (let i = 0; i < entrants.length; i++) {
    const e = entrants[i];
    const choices: string[] = [];
    for (const c of e.choices) choices.push(c.recruitment);
    byIndex[i] = {
      pseudonym: e.pseudonym,
      size: e.members.length,
      choices,
      withdrawn: false,
    };
  }
  /** Results in the order of strictly sorted entrants: result `i` is entrant `i`'s. */
  const aligned = isAligned(entrants, results);
  const ents = aligned
    ? byIndex
    : byIndex.slice().sort((a, b) => cmp(a.pseudonym, b.pseudonym));
  const state: RegistrationState = {
    format: "kic-registration/2",
    calendar: {
      firstWindowEnd: calendar.firstWindowEnd,
      secondWindowEnd: calendar.secondWindowEnd,
    },
    now: drawTime,
    firstWindowEnded: false,
    closed: false,
    recruitments: recs,
    entrants: ents,
  };
  /** Recruitment id → position in `recs` (the first one, as `findRec`). */
  const recPos = new Map<string, number>();
  for (let i = 0; i < recs.length; i++) {
    if (!recPos.has(recs[i].id)) recPos.set(recs[i].id, i);
  }
  /** Pseudonym → index in `entrants` (the last one for a repeated pseudonym). */
  const indexOf = new Map<string, number>();
  if (!aligned) {
    for (let i = 0; i < entrants.length; i++) {
      indexOf.set(entrants[i].pseudonym, i);
    }
  }
  const unique = aligned || indexOf.size === entrants.length;
  const seen = new Uint8Array(aligned ? 0 : entrants.length);
  /** Seats held per recruitment position (exact when `unique`). */
  const usedN = new Array<number>(recs.length).fill(0);
  for (let ri = 0; ri < results.length; ri++) {
    const res = results[ri];
    const i = aligned ? ri : indexOf.get(res.pseudonym);
    if (i === undefined) {
      throw new Error(`registration: unknown entrant ${res.pseudonym}`);
    }
    if (!aligned) {
      if (seen[i] === 1) {
        throw new Error(`registration: two results for ${res.pseudonym}`);
      }
      seen[i] = 1;
    }
    const e = entrants[i];
    if (e.members.length < 1) {
      throw new Error(`registration: entrant ${res.pseudonym} has no member`);
    }
    const rc = res.choices, ec = e.choices;
    let differ = rc.length !== ec.length;
    for (let k = 0; !differ && k < rc.length; k++) {
      differ = rc[k].recruitment !== ec[k].recruitment;
    }
    if (differ) {
      throw new Error(`registration: choices of ${res.pseudonym} differ`);
    }
    let won = 0;
    let wonAt = "";
    for (const c of rc) {
      if (c.result === "won" && won++ === 0) wonAt = c.recruitment;
    }
    if (
      (res.placed === null && won !== 0) ||
      (res.placed !== null && (won !== 1 || wonAt !== res.placed))
    ) {
      throw new Error(`registration: placement of ${res.pseudonym} differs`);
    }
    for (let k = 0; k < rc.length; k++) {
      const c = rc[k];
      const pos = recPos.get(c.recruitment);
      if (pos === undefined) {
        throw new Error(`registration: unknown recruitment ${c.recruitment}`);
      }
      const r = recs[pos];
      if (c.result === "won") {
        r.holders.push({
          entrant: res.pseudonym,
          status: "won",
          deadline: calendar.firstWindowEnd,
          since: drawTime,
        });
        usedN[pos] += e.members.length;
      } else if (c.result === "waitlist") {
        r.waitlist.push({
          entrant: res.pseudonym,
          frozen: c.waitlist ?? 0,
          rank: c.rank,
          tier: ec[k].tier,
          key: c.key,
        });
      }
    }
  }
  if (!aligned) {
    for (let i = 0; i < entrants.length; i++) {
      const p = entrants[i].pseudonym;
      if (seen[unique ? i : indexOf.get(p)!] !== 1) {
        throw new Error(`registration: no result for ${p}`);
      }
    }
  }
  for (let pos = 0; pos < recs.length; pos++) {
    const r = recs[pos];
    if ((unique ? usedN[pos] : used(state, r)) > r.seats) {
      throw new Error(`registration: recruitment ${r.id} over its seats`);
    }
    r.waitlist = sortWaitlist(r.waitlist);
  }
  const ctx: Ctx = { s: state, at: drawTime, moves: [], offers: [] };
  let index: EntrantIndex | undefined;
  if (aligned) index = sortedIndex(ents, 1);
  else if (unique) {
    index = {
      minSize: 1,
      get: (p) => {
        const i = indexOf.get(p);
        return i === undefined ? undefined : byIndex[i];
      },
    };
  }
  fill(ctx, index);
  return { state, offers: ctx.offers, moves: ctx.moves };
}

/**
 * True when the entrants are strictly sorted by pseudonym (so unique) and `results[i]` names
 * `entrants[i]` for every `i` (as `outcomesOf` gives them).
 */
function isAligned(entrants: Entrant[], results: EntrantResult[]): boolean {
  if (results.length !== entrants.length) return false;
  for (let i = 0; i < entrants.length; i++) {
    const p = entrants[i].pseudonym;
    if (results[i]?.pseudonym !== p) return false;
    if (i > 0 && !(entrants[i - 1].pseudonym < p)) return false;
  }
  return true;
}

/**
 * The offers made at once, after the allocation, for the seats it left empty (README 6.2), in
 * the order made. A move-up of an entrant holding a lower (not yet confirmed) seat is an offer
 * too. Throws on inconsistent inputs, like {@link initialState}.
 */
export function firstOffers(
  recruitments: Recruitment[],
  entrants: Entrant[],
  results: EntrantResult[],
): Offer[] {
  if (noFreeSeatFits(recruitments, entrants, results)) return [];
  const { offers } = initialState(recruitments, entrants, results, {
    firstWindowEnd: 1,
    secondWindowEnd: 2,
  }, 0);
  return offers.map((o) => ({
    pseudonym: o.entrant,
    recruitment: o.recruitment,
  }));
}

/**
 * True when {@link initialState} would accept the inputs and its fill could place no one: every
 * check passes and in every recruitment the free seats are fewer than the smallest size on its
 * waitlist (the common case after an allocation). False when in doubt.
 */
function noFreeSeatFits(
  recruitments: Recruitment[],
  entrants: Entrant[],
  results: EntrantResult[],
): boolean {
  try {
    if (!isAligned(entrants, results)) return false;
    const R = recruitments.length;
    const posOf = new Map<string, number>();
    for (let i = 0; i < R; i++) {
      if (!posOf.has(recruitments[i].id)) posOf.set(recruitments[i].id, i);
    }
    const usedN = new Array<number>(R).fill(0);
    const minWait = new Array<number>(R).fill(Infinity);
    for (let i = 0; i < entrants.length; i++) {
      const e = entrants[i], res = results[i];
      const size = e.members.length;
      if (!(size >= 1)) return false;
      const rc = res.choices, ec = e.choices;
      if (rc.length !== ec.length) return false;
      let won = 0;
      let wonAt = "";
      for (let k = 0; k < rc.length; k++) {
        const c = rc[k];
        if (c.recruitment !== ec[k].recruitment) return false;
        const pos = posOf.get(c.recruitment);
        if (pos === undefined) return false;
        if (c.result === "won") {
          if (won++ === 0) wonAt = c.recruitment;
          usedN[pos] += size;
        } else if (c.result === "waitlist" && size < minWait[pos]) {
          minWait[pos] = size;
        }
      }
      if (
        (res.placed === null && won !== 0) ||
        (res.placed !== null && (won !== 1 || wonAt !== res.placed))
      ) {
        return false;
      }
    }
    for (let pos = 0; pos < R; pos++) {
      const seats = recruitments[pos].seats;
      if (!(usedN[pos] <= seats && seats - usedN[pos] < minWait[pos])) {
        return false;
      }
    }
    return true;
  } catch {
    return false;
  }
}
