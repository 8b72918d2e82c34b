/**
 * Registration (enrolment confirmation): the pure state machine of README section 8 that turns
 * the allocation into seats people confirm, and the first offers of section 6.2.
 *
 * Everything here is pure: `(state, event) → { state, offers, moves }`. Times are integer epoch
 * milliseconds carried by the events; nothing reads a clock. The input state is never mutated:
 * `apply` works on a copy and returns it (the copy shares the unchanged entrant and
 * waitlist-place objects with the input, so treat every state as immutable). The state is plain
 * JSON data (no `undefined`, `Infinity`, `Map` or class), so the app can store it and pass it
 * back.
 *
 * ## Decisions where the README is silent
 *
 * - **Waitlist order.** A recruitment's waitlist holds the entrants whose result there is
 *   `waitlist`, sorted by the choice's `rank`, then (only for equal ranks, which amendments can
 *   produce) by tier, key and pseudonym, i.e. the recruitment's order. It never changes except by
 *   removals. {@link liveWaitlist} reports the frozen waitlist position (`frozen`, the record's
 *   `waitlist`), the frozen `rank` and the live 1-based `position`.
 * - **Any seat, not only a move-up, removes lower places.** An entrant that receives a seat in
 *   recruitment `r` (a first offer, a move-up or an offer after it had declined everything)
 *   leaves the waitlists of the choices it ranked below `r` (move `left`, reason `higher`). An
 *   entrant therefore only ever waits for choices it ranked above the seat it holds, exactly as
 *   after the allocation (result `higher` below the placed choice), and a fill never moves it
 *   down.
 * - **Status of a new seat.** A seat received by an entrant whose current seat is `confirmed` is
 *   `confirmed`; otherwise (current seat `won` or `offer`, or none) it is an `offer`.
 * - **Deadline of a `won` seat.** A `won` seat carries `deadline = firstWindowEnd` (the end of the
 *   1st window, when it is forfeited); an `offer` carries its offer deadline
 *   ({@link offerDeadline}); a `confirmed` seat has `deadline = null`.
 * - **Fill order.** After each event every recruitment is examined, smallest id first (all seats
 *   an event frees are freed at the event's time, so `(time, recruitment id)` order is id order).
 *   A recruitment is filled completely (each time the first waitlisted entrant whose size fits
 *   the free seats takes them) before the next smallest pending id is taken. A move-up frees the
 *   lower seat and makes that recruitment pending again; the loop ends when nothing changes.
 * - **Time.** Events must come in non-decreasing time: an event earlier than `state.now` (the
 *   time of the last applied event, the draw's time at first) is refused with `out-of-order`.
 *   A non-integer time gives `invalid-time`.
 * - **Late actions.** Confirming a seat whose deadline has passed (`deadline ≤ at`) is refused
 *   with `expired` even when the `tick`/`windowEnd` that frees it has not been applied yet;
 *   declining such a seat is allowed (its effect is the same as the expiry).
 * - **Confirming twice.** Confirming a `confirmed` seat gives `already-confirmed`, unless
 *   `optOutHigher` is set: then only the opt-out happens.
 * - **Window ends.** `windowEnd("first")` needs `at ≥ firstWindowEnd` and `windowEnd("second")`
 *   `at ≥ secondWindowEnd` (else `too-early`). A `tick` at or after `firstWindowEnd` also
 *   performs the 1st window's end when it has not been applied yet (so a missed `windowEnd`
 *   cannot keep `won` seats alive); a repeated `windowEnd("first")` and `windowEnd("second")`
 *   then act as a `tick`.
 * - **Close.** `close` expires open offers (move `expired`), forfeits any `won` seat still
 *   unconfirmed (move `forfeited`: only possible when the round is closed before the 1st
 *   window's end was applied), ends every waitlist place (move `closed`), and refills nothing.
 *   Confirmed seats stay. Every later event gives `closed`.
 * - **Withdraw.** Frees the entrant's seat and every waitlist place (one `withdrawn` move each,
 *   seat first, then places in ranked order), marks the entrant withdrawn (later events about it
 *   give `withdrawn`) and refills. Withdrawing an entrant that holds nothing still marks it.
 * - **Moves.** `movedUp` (entrant took a seat in `recruitment`, leaving its seat in `from`) is
 *   followed by a `freed` move for `from`; a seat given to an entrant holding nothing is
 *   `offered`. Both carry `status` and, for an offer, `deadline`. Every offer made (including a
 *   move-up as an offer) is also listed in `offers`.
 * - **addSeats.** `seats` must be an integer ≥ 1 (`invalid-seats`); the new seats are filled.
 *
 * @module
 */
import type { Entrant, EntrantResult, Offer, Recruitment } from "./types.ts";
import { sortWaitlist, type WaitlistKeys } from "./registration_waitlist.ts";

/** 72 hours in milliseconds: the life of an offer made after the 1st window (README 8). */
export const OFFER_MS = 72 * 3_600_000;

/** The two registration deadlines of a round, epoch milliseconds. */
export interface Calendar {
  /** End of the 1st registration window. */
  firstWindowEnd: number;
  /** End of the 2nd registration window; after `firstWindowEnd`. */
  secondWindowEnd: number;
}

/** The status of a held seat (or block of seats, for a unit). */
export type SeatStatus = "won" | "offer" | "confirmed";

/** An entrant holding `size` seats of a recruitment. */
export interface Holder {
  /** Pseudonym of the entrant (a child or a unit). */
  entrant: string;
  /** `won` (from the draw), `offer` or `confirmed`. */
  status: SeatStatus;
  /**
   * When the seat is lost unless confirmed: `firstWindowEnd` for `won`, the offer deadline for
   * `offer`, `null` for `confirmed`. The seat is lost when `deadline ≤ now`.
   */
  deadline: number | null;
  /** When the entrant got this seat (the draw's time for `won`). */
  since: number;
}

/** One place on a recruitment's waitlist. */
export interface WaitlistPlace {
  /** Pseudonym of the entrant. */
  entrant: string;
  /** Frozen 1-based waitlist position (the record's `waitlist`). */
  frozen: number;
  /** Frozen 1-based rank in the recruitment's order (the record's `rank`). */
  rank: number;
}

/** Live state of one recruitment. */
export interface RecruitmentState {
  /** Recruitment id. */
  id: string;
  /** Integer ≥ 0 (grows with `addSeats`). */
  seats: number;
  /** In the order the seats were taken. */
  holders: Holder[];
  /** In frozen order; only removals happen. */
  waitlist: WaitlistPlace[];
}

/** What the state machine keeps about an entrant. */
export interface EntrantState {
  /** Pseudonym of the entrant (a child or a unit). */
  pseudonym: string;
  /** Number of seats the entrant needs (`members.length`). */
  size: number;
  /** Recruitment ids in the entrant's ranked order, best first. */
  choices: string[];
  /** True once the entrant has withdrawn. */
  withdrawn: boolean;
}

/** The whole registration state of a round: plain JSON data. */
export interface RegistrationState {
  /** Format version. */
  format: "kic-registration/1";
  /** The round's registration deadlines. */
  calendar: Calendar;
  /** Time of the last applied event (the draw's time at first). */
  now: number;
  /** True once the 1st window's end has been applied. */
  firstWindowEnded: boolean;
  /** True once the round is closed. */
  closed: boolean;
  /** Sorted by id. */
  recruitments: RecruitmentState[];
  /** Sorted by pseudonym. */
  entrants: EntrantState[];
}

/** An offer made by the state machine (also a move-up that is not confirmed). */
export interface OfferMade {
  /** Pseudonym of the entrant offered the seat. */
  entrant: string;
  /** Recruitment id of the seat offered. */
  recruitment: string;
  /** When the offer expires (see {@link offerDeadline}). */
  deadline: number;
  /** When the offer was made. */
  at: number;
}

/** The kinds of change the app e-mails and audits. */
export type MoveKind =
  | "confirmed"
  | "declined"
  | "forfeited"
  | "expired"
  | "withdrawn"
  | "left"
  | "offered"
  | "movedUp"
  | "freed"
  | "closed";

/** Why an entrant left a waitlist (move `left`). */
export type LeaveReason = "request" | "optOutHigher" | "higher";

/** One change to one entrant in one recruitment. */
export interface Move {
  /** What happened. */
  kind: MoveKind;
  /** Pseudonym of the entrant. */
  entrant: string;
  /** The recruitment concerned (for `movedUp`, the new seat; for `freed`, the seat left). */
  recruitment: string;
  /** `movedUp` only: the recruitment of the seat the entrant left. */
  from?: string;
  /** `offered` and `movedUp`: the status of the new seat. */
  status?: "offer" | "confirmed";
  /** `offered` and `movedUp` as an offer: the offer's deadline. */
  deadline?: number;
  /** `left` only. */
  reason?: LeaveReason;
  /** Time of the event. */
  at: number;
}

/** An event applied to the registration state. */
export type RegistrationEvent =
  | {
    type: "confirm";
    at: number;
    entrant: string;
    recruitment: string;
    optOutHigher?: boolean;
  }
  | { type: "decline"; at: number; entrant: string; recruitment: string }
  | { type: "withdraw"; at: number; entrant: string }
  | { type: "leaveWaitlist"; at: number; entrant: string; recruitment: string }
  | { type: "windowEnd"; at: number; window: "first" | "second" }
  | { type: "tick"; at: number }
  | { type: "close"; at: number }
  | { type: "addSeats"; at: number; recruitment: string; seats: number };

/** Stable codes of refused events. */
export type RegistrationError =
  | "closed"
  | "invalid-time"
  | "out-of-order"
  | "unknown-event"
  | "unknown-entrant"
  | "unknown-recruitment"
  | "withdrawn"
  | "not-holder"
  | "not-waitlisted"
  | "expired"
  | "already-confirmed"
  | "too-early"
  | "invalid-seats";

/** The result of {@link apply}: on `error`, `state` is the input state itself. */
export interface Step {
  /** The new state (the input state itself on `error`). */
  state: RegistrationState;
  /** Offers made by this event, in the order made. */
  offers: OfferMade[];
  /** Every change, in the order made. */
  moves: Move[];
  /** Why the event was refused; nothing changed. */
  error?: RegistrationError;
}

/** An entrant's seat and waitlist places, for its page. */
export interface Holdings {
  /** The seat held (deadline in epoch ms, null once confirmed), or null. */
  seat:
    | { recruitment: string; status: SeatStatus; deadline: number | null }
    | null;
  /** In the entrant's ranked order. */
  waitlists: {
    recruitment: string;
    frozen: number;
    rank: number;
    position: number;
  }[];
  /** True once the entrant has withdrawn. */
  withdrawn: boolean;
}

/**
 * The deadline of an offer made at `at`: `firstWindowEnd` when made before it, otherwise
 * `max(at + 72 h, secondWindowEnd)`.
 */
export function offerDeadline(calendar: Calendar, at: number): number {
  return at < calendar.firstWindowEnd
    ? calendar.firstWindowEnd
    : Math.max(at + OFFER_MS, calendar.secondWindowEnd);
}

/** Mutable working context of one transition (on a private copy of the state). */
interface Ctx {
  s: RegistrationState;
  at: number;
  moves: Move[];
  offers: OfferMade[];
}

function findRec(
  s: RegistrationState,
  id: string,
): RecruitmentState | undefined {
  return s.recruitments.find((r) => r.id === id);
}

/** Binary search (entrants are sorted by pseudonym), with a linear fallback for unsorted data. */
function findEnt(
  s: RegistrationState,
  pseudonym: string,
): EntrantState | undefined {
  const list = s.entrants;
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const p = list[mid].pseudonym;
    if (p === pseudonym) return list[mid];
    if (p < pseudonym) lo = mid + 1;
    else hi = mid - 1;
  }
  return list.find((e) => e.pseudonym === pseudonym);
}

function seatOf(
  s: RegistrationState,
  pseudonym: string,
): { r: RecruitmentState; h: Holder } | undefined {
  for (const r of s.recruitments) {
    const h = r.holders.find((x) => x.entrant === pseudonym);
    if (h) return { r, h };
  }
  return undefined;
}

function sizeOf(s: RegistrationState, pseudonym: string): number {
  return findEnt(s, pseudonym)?.size ?? 1;
}

function used(s: RegistrationState, r: RecruitmentState): number {
  let n = 0;
  for (const h of r.holders) n += sizeOf(s, h.entrant);
  return n;
}

function removeHolder(r: RecruitmentState, pseudonym: string): void {
  r.holders = r.holders.filter((h) => h.entrant !== pseudonym);
}

function removePlace(r: RecruitmentState, pseudonym: string): boolean {
  const before = r.waitlist.length;
  r.waitlist = r.waitlist.filter((w) => w.entrant !== pseudonym);
  return r.waitlist.length !== before;
}

/** Gives `e` a seat in `r` (it is on `r`'s waitlist and fits); may free a lower seat. */
function place(
  ctx: Ctx,
  r: RecruitmentState,
  e: EntrantState,
  pending: Set<string>,
): void {
  const { s, at } = ctx;
  const prev = seatOf(s, e.pseudonym);
  const status = prev?.h.status === "confirmed" ? "confirmed" : "offer";
  const deadline = status === "offer" ? offerDeadline(s.calendar, at) : null;
  removePlace(r, e.pseudonym);
  r.holders.push({ entrant: e.pseudonym, status, deadline, since: at });
  const move: Move = {
    kind: prev ? "movedUp" : "offered",
    entrant: e.pseudonym,
    recruitment: r.id,
    at,
  };
  if (prev) move.from = prev.r.id;
  move.status = status;
  if (deadline !== null) move.deadline = deadline;
  ctx.moves.push(move);
  if (deadline !== null) {
    ctx.offers.push({
      entrant: e.pseudonym,
      recruitment: r.id,
      deadline,
      at,
    });
  }
  if (prev) {
    removeHolder(prev.r, e.pseudonym);
    ctx.moves.push({
      kind: "freed",
      entrant: e.pseudonym,
      recruitment: prev.r.id,
      at,
    });
    pending.add(prev.r.id);
  }
  const idx = e.choices.indexOf(r.id);
  for (const c of e.choices.slice(idx + 1)) {
    const lower = findRec(s, c);
    if (lower && removePlace(lower, e.pseudonym)) {
      ctx.moves.push({
        kind: "left",
        entrant: e.pseudonym,
        recruitment: c,
        reason: "higher",
        at,
      });
    }
  }
}

/**
 * Fills every free seat that some waitlisted entrant fits, cascading, smallest id first.
 *
 * `index`, when given, finds an entrant exactly as {@link findEnt} does on `ctx.s` (and
 * `minSize` is a lower bound of every entrant's size); otherwise it is derived from the state.
 * States the fast path cannot handle exactly (unsorted or repeated pseudonyms, repeated
 * recruitment ids, an entrant holding two seats, non-integer sizes) use {@link slowFill}.
 */
function fill(ctx: Ctx, index?: EntrantIndex): void {
  if (ctx.s.closed) return;
  const idx = index ?? entrantIndexOf(ctx.s.entrants);
  if (!idx || !fastFill(ctx, idx)) slowFill(ctx);
}

/** The straightforward fill (the definition the fast one reproduces). */
function slowFill(ctx: Ctx): void {
  const { s } = ctx;
  if (s.closed) return;
  const pending = new Set(s.recruitments.map((r) => r.id));
  while (pending.size > 0) {
    const id = smallest(pending);
    pending.delete(id);
    const r = findRec(s, id);
    if (!r) continue;
    for (;;) {
      const free = r.seats - used(s, r);
      const w = r.waitlist.find((x) => sizeOf(s, x.entrant) <= free);
      if (!w) break;
      const e = findEnt(s, w.entrant);
      if (!e) {
        removePlace(r, w.entrant);
        continue;
      }
      place(ctx, r, e, pending);
    }
  }
}

function smallest(pending: Set<string>): string {
  let id = "";
  let first = true;
  for (const p of pending) {
    if (first || p < id) id = p;
    first = false;
  }
  return id;
}

/** Exact entrant look-up for the fast fill. */
interface EntrantIndex {
  get(pseudonym: string): EntrantState | undefined;
  /** A lower bound of every entrant's size. */
  minSize: number;
}

/**
 * A binary-search index of entrants strictly sorted by pseudonym with integer sizes (where it
 * finds exactly what {@link findEnt} finds), or undefined for any other list.
 */
function entrantIndexOf(list: EntrantState[]): EntrantIndex | undefined {
  let minSize = Infinity;
  for (let i = 0; i < list.length; i++) {
    const e = list[i];
    if (!Number.isInteger(e.size)) return undefined;
    if (e.size < minSize) minSize = e.size;
    if (i > 0 && !(list[i - 1].pseudonym < e.pseudonym)) return undefined;
  }
  return sortedIndex(list, minSize);
}

/** Binary search in `list`, strictly sorted by pseudonym, whose sizes are all ≥ `minSize`. */
function sortedIndex(list: EntrantState[], minSize: number): EntrantIndex {
  return {
    minSize,
    get(pseudonym: string): EntrantState | undefined {
      let lo = 0;
      let hi = list.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const p = list[mid].pseudonym;
        if (p === pseudonym) return list[mid];
        if (p < pseudonym) lo = mid + 1;
        else hi = mid - 1;
      }
      return undefined;
    },
  };
}

/** Lookups of one waitlist after which it gets a pseudonym → index map. */
const MAP_AFTER = 8;

/**
 * The fill of {@link slowFill} in near-linear time: seats in use, each entrant's seat and a
 * waitlist's removed places are kept in side tables; removed places are only marked (a head
 * pointer skips them) and the waitlists are compacted once at the end. A recruitment is skipped
 * at once when its free seats are below the smallest size still waiting there. Returns false,
 * having changed nothing, when the state is outside what it reproduces exactly.
 */
function fastFill(ctx: Ctx, idx: EntrantIndex): boolean {
  const { s, at } = ctx;
  const recs = s.recruitments;
  const R = recs.length;
  const posOf = new Map<string, number>();
  for (let i = 0; i < R; i++) posOf.set(recs[i].id, i);
  if (posOf.size !== R) return false;
  const sizeOfP = (p: string): number => idx.get(p)?.size ?? 1;
  /** Pseudonym → position of the recruitment where it holds its seat. */
  const seatAt = new Map<string, number>();
  const usedN = new Array<number>(R).fill(0);
  for (let i = 0; i < R; i++) {
    let n = 0;
    for (const h of recs[i].holders) {
      if (seatAt.has(h.entrant)) return false;
      seatAt.set(h.entrant, i);
      n += sizeOfP(h.entrant);
    }
    usedN[i] = n;
  }
  const lowest = Math.min(idx.minSize, 1);
  const minBound = new Array<number>(R).fill(lowest);
  const head = new Array<number>(R).fill(0);
  const gone: (Uint8Array | null)[] = new Array(R).fill(null);
  const goneN = new Array<number>(R).fill(0);
  const lookups = new Array<number>(R).fill(0);
  const where: (Map<string, number> | null)[] = new Array(R).fill(null);
  const repeated = new Array<boolean>(R).fill(false);

  const mark = (pos: number, j: number): void => {
    let g = gone[pos];
    if (!g) g = gone[pos] = new Uint8Array(recs[pos].waitlist.length);
    g[j] = 1;
    goneN[pos]++;
  };

  /** As {@link removePlace}: marks every place of `p` in recruitment `pos`. */
  const removeAt = (pos: number, p: string): boolean => {
    const wl = recs[pos].waitlist;
    lookups[pos]++;
    let m = where[pos];
    if (!m && !repeated[pos] && lookups[pos] > MAP_AFTER) {
      m = new Map();
      for (let j = 0; j < wl.length; j++) {
        const q = wl[j].entrant;
        if (m.has(q)) {
          repeated[pos] = true;
          m = null;
          break;
        }
        m.set(q, j);
      }
      where[pos] = m;
    }
    const g = gone[pos];
    if (m) {
      const j = m.get(p);
      if (j === undefined || (g && g[j])) return false;
      mark(pos, j);
      return true;
    }
    let found = false;
    for (let j = head[pos]; j < wl.length; j++) {
      if (wl[j].entrant === p && !(g && g[j])) {
        mark(pos, j);
        found = true;
      }
    }
    return found;
  };

  /** The index of the first waitlisted place whose entrant fits `free` seats, or -1. */
  const firstFit = (pos: number, free: number): number => {
    const wl = recs[pos].waitlist;
    const g = gone[pos];
    let j = head[pos];
    if (g) { while (j < wl.length && g[j]) j++; }
    head[pos] = j;
    let m = Infinity;
    for (; j < wl.length; j++) {
      if (g && g[j]) continue;
      const size = sizeOfP(wl[j].entrant);
      if (size <= free) return j;
      if (size < m) m = size;
    }
    minBound[pos] = m;
    return -1;
  };

  /** As {@link place}. */
  const placeAt = (
    pos: number,
    e: EntrantState,
    pending: Set<string>,
  ): void => {
    const r = recs[pos];
    const prevPos = seatAt.get(e.pseudonym);
    const prevR = prevPos === undefined ? undefined : recs[prevPos];
    const prevH = prevR?.holders.find((x) => x.entrant === e.pseudonym);
    const status = prevH?.status === "confirmed" ? "confirmed" : "offer";
    const deadline = status === "offer" ? offerDeadline(s.calendar, at) : null;
    removeAt(pos, e.pseudonym);
    r.holders.push({ entrant: e.pseudonym, status, deadline, since: at });
    usedN[pos] += e.size;
    seatAt.set(e.pseudonym, pos);
    const move: Move = {
      kind: prevR ? "movedUp" : "offered",
      entrant: e.pseudonym,
      recruitment: r.id,
      at,
    };
    if (prevR) move.from = prevR.id;
    move.status = status;
    if (deadline !== null) move.deadline = deadline;
    ctx.moves.push(move);
    if (deadline !== null) {
      ctx.offers.push({
        entrant: e.pseudonym,
        recruitment: r.id,
        deadline,
        at,
      });
    }
    if (prevR && prevPos !== undefined) {
      const before = prevR.holders.length;
      removeHolder(prevR, e.pseudonym);
      usedN[prevPos] -= e.size * (before - prevR.holders.length);
      if (prevPos === pos) seatAt.delete(e.pseudonym);
      ctx.moves.push({
        kind: "freed",
        entrant: e.pseudonym,
        recruitment: prevR.id,
        at,
      });
      pending.add(prevR.id);
    }
    const from = e.choices.indexOf(r.id) + 1;
    for (let i = from; i < e.choices.length; i++) {
      const c = e.choices[i];
      const lower = posOf.get(c);
      if (lower !== undefined && removeAt(lower, e.pseudonym)) {
        ctx.moves.push({
          kind: "left",
          entrant: e.pseudonym,
          recruitment: c,
          reason: "higher",
          at,
        });
      }
    }
  };

  const pending = new Set(recs.map((r) => r.id));
  while (pending.size > 0) {
    const id = smallest(pending);
    pending.delete(id);
    const pos = posOf.get(id);
    if (pos === undefined) continue;
    const r = recs[pos];
    for (;;) {
      const free = r.seats - usedN[pos];
      if (free < minBound[pos]) break;
      const j = firstFit(pos, free);
      if (j < 0) break;
      const p = r.waitlist[j].entrant;
      const e = idx.get(p);
      if (!e) {
        removeAt(pos, p);
        continue;
      }
      placeAt(pos, e, pending);
    }
  }
  for (let pos = 0; pos < R; pos++) {
    const g = gone[pos];
    if (g && goneN[pos] > 0) {
      recs[pos].waitlist = recs[pos].waitlist.filter((_, j) => g[j] === 0);
    }
  }
  return true;
}

/** Frees seats whose deadline is due (`won` ones only when `withWon`). */
function expireDue(ctx: Ctx, withWon: boolean): void {
  const { s, at } = ctx;
  for (const r of s.recruitments) {
    for (const h of [...r.holders]) {
      if (h.status === "offer" && h.deadline !== null && h.deadline <= at) {
        removeHolder(r, h.entrant);
        ctx.moves.push({
          kind: "expired",
          entrant: h.entrant,
          recruitment: r.id,
          at,
        });
      } else if (h.status === "won" && withWon) {
        removeHolder(r, h.entrant);
        ctx.moves.push({
          kind: "forfeited",
          entrant: h.entrant,
          recruitment: r.id,
          at,
        });
      }
    }
  }
}

/** A tick: the 1st window's end when due and not yet applied, then offer expiries. */
function tick(ctx: Ctx): void {
  const { s, at } = ctx;
  const endFirst = !s.firstWindowEnded && at >= s.calendar.firstWindowEnd;
  expireDue(ctx, endFirst);
  if (endFirst) s.firstWindowEnded = true;
}

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
    format: "kic-registration/1",
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
  /** Per recruitment position: sort keys of its waitlist places (rank, tier, key). */
  const sortKeys: WaitlistKeys[] = recs.map(() => ({
    rank: [],
    tier: [],
    key: [],
  }));
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
        });
        const keys = sortKeys[pos];
        keys.rank.push(c.rank);
        keys.tier.push(ec[k].tier);
        keys.key.push(c.key);
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
    r.waitlist = sortWaitlist(r.waitlist, sortKeys[pos]);
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

/**
 * A copy of the state that `apply` may modify: new recruitment objects, holder objects and
 * arrays; entrant and waitlist-place objects are shared (never modified in place: a withdrawn
 * entrant gets a new object).
 */
function copyState(state: RegistrationState): RegistrationState {
  return {
    ...state,
    calendar: { ...state.calendar },
    recruitments: state.recruitments.map((r) => ({
      ...r,
      holders: r.holders.map((h) => ({ ...h })),
      waitlist: r.waitlist.slice(),
    })),
    entrants: state.entrants.slice(),
  };
}

function refuse(state: RegistrationState, error: RegistrationError): Step {
  return { state, offers: [], moves: [], error };
}

/**
 * Applies one event. Returns the new state with the offers made and every move, in order. A
 * refused event returns the input state itself, no offers or moves, and an `error` code
 * ({@link RegistrationError}); it never throws for one. The input state is never modified.
 */
export function apply(
  state: RegistrationState,
  event: RegistrationEvent,
): Step {
  if (state.closed) return refuse(state, "closed");
  const at = (event as { at?: unknown }).at;
  if (typeof at !== "number" || !Number.isInteger(at)) {
    return refuse(state, "invalid-time");
  }
  if (at < state.now) return refuse(state, "out-of-order");
  const s = copyState(state);
  s.now = at;
  const ctx: Ctx = { s, at, moves: [], offers: [] };
  const done = (): Step => {
    fill(ctx);
    return { state: s, offers: ctx.offers, moves: ctx.moves };
  };

  /** Looks up the entrant (and the recruitment when given), or names the error. */
  const lookup = (
    pseudonym: unknown,
    recruitment?: unknown,
  ): RegistrationError | { e: EntrantState; r?: RecruitmentState } => {
    const e = typeof pseudonym === "string" ? findEnt(s, pseudonym) : undefined;
    if (!e) return "unknown-entrant";
    if (recruitment === undefined) return e.withdrawn ? "withdrawn" : { e };
    const r = typeof recruitment === "string"
      ? findRec(s, recruitment)
      : undefined;
    if (!r) return "unknown-recruitment";
    if (e.withdrawn) return "withdrawn";
    return { e, r };
  };

  switch (event.type) {
    case "confirm": {
      const found = lookup(event.entrant, event.recruitment);
      if (typeof found === "string") return refuse(state, found);
      const { e, r } = found as { e: EntrantState; r: RecruitmentState };
      const h = r.holders.find((x) => x.entrant === e.pseudonym);
      if (!h) return refuse(state, "not-holder");
      if (h.status === "confirmed") {
        if (!event.optOutHigher) return refuse(state, "already-confirmed");
      } else {
        if (h.deadline !== null && h.deadline <= at) {
          return refuse(state, "expired");
        }
        h.status = "confirmed";
        h.deadline = null;
        ctx.moves.push({
          kind: "confirmed",
          entrant: e.pseudonym,
          recruitment: r.id,
          at,
        });
      }
      if (event.optOutHigher) {
        for (const c of e.choices.slice(0, e.choices.indexOf(r.id))) {
          const higher = findRec(s, c);
          if (higher && removePlace(higher, e.pseudonym)) {
            ctx.moves.push({
              kind: "left",
              entrant: e.pseudonym,
              recruitment: c,
              reason: "optOutHigher",
              at,
            });
          }
        }
      }
      return done();
    }
    case "decline": {
      const found = lookup(event.entrant, event.recruitment);
      if (typeof found === "string") return refuse(state, found);
      const { e, r } = found as { e: EntrantState; r: RecruitmentState };
      if (!r.holders.some((x) => x.entrant === e.pseudonym)) {
        return refuse(state, "not-holder");
      }
      removeHolder(r, e.pseudonym);
      ctx.moves.push({
        kind: "declined",
        entrant: e.pseudonym,
        recruitment: r.id,
        at,
      });
      return done();
    }
    case "withdraw": {
      const found = lookup(event.entrant);
      if (typeof found === "string") return refuse(state, found);
      const e: EntrantState = { ...found.e, withdrawn: true };
      s.entrants = s.entrants.map((x) => x === found.e ? e : x);
      const seat = seatOf(s, e.pseudonym);
      if (seat) {
        removeHolder(seat.r, e.pseudonym);
        ctx.moves.push({
          kind: "withdrawn",
          entrant: e.pseudonym,
          recruitment: seat.r.id,
          at,
        });
      }
      for (const c of e.choices) {
        const r = findRec(s, c);
        if (r && removePlace(r, e.pseudonym)) {
          ctx.moves.push({
            kind: "withdrawn",
            entrant: e.pseudonym,
            recruitment: c,
            at,
          });
        }
      }
      return done();
    }
    case "leaveWaitlist": {
      const found = lookup(event.entrant, event.recruitment);
      if (typeof found === "string") return refuse(state, found);
      const { e, r } = found as { e: EntrantState; r: RecruitmentState };
      if (!removePlace(r, e.pseudonym)) return refuse(state, "not-waitlisted");
      ctx.moves.push({
        kind: "left",
        entrant: e.pseudonym,
        recruitment: r.id,
        reason: "request",
        at,
      });
      return done();
    }
    case "windowEnd": {
      if (event.window === "first") {
        if (at < s.calendar.firstWindowEnd) return refuse(state, "too-early");
      } else if (event.window === "second") {
        if (at < s.calendar.secondWindowEnd) return refuse(state, "too-early");
      } else {
        return refuse(state, "unknown-event");
      }
      tick(ctx);
      return done();
    }
    case "tick": {
      tick(ctx);
      return done();
    }
    case "close": {
      for (const r of s.recruitments) {
        for (const h of r.holders) {
          if (h.status === "confirmed") continue;
          ctx.moves.push({
            kind: h.status === "won" ? "forfeited" : "expired",
            entrant: h.entrant,
            recruitment: r.id,
            at,
          });
        }
        r.holders = r.holders.filter((h) => h.status === "confirmed");
        for (const w of r.waitlist) {
          ctx.moves.push({
            kind: "closed",
            entrant: w.entrant,
            recruitment: r.id,
            at,
          });
        }
        r.waitlist = [];
      }
      s.closed = true;
      return { state: s, offers: [], moves: ctx.moves };
    }
    case "addSeats": {
      const r = typeof event.recruitment === "string"
        ? findRec(s, event.recruitment)
        : undefined;
      if (!r) return refuse(state, "unknown-recruitment");
      if (!Number.isInteger(event.seats) || event.seats < 1) {
        return refuse(state, "invalid-seats");
      }
      r.seats += event.seats;
      return done();
    }
    default:
      return refuse(state, "unknown-event");
  }
}

/**
 * The live waitlist of a recruitment, in order: each entrant's frozen waitlist position
 * (`frozen`), frozen rank in the order (`rank`) and live 1-based `position`. Empty for an
 * unknown recruitment and after `close`.
 */
export function liveWaitlist(
  state: RegistrationState,
  recruitment: string,
): { entrant: string; frozen: number; rank: number; position: number }[] {
  const r = findRec(state, recruitment);
  if (!r) return [];
  return r.waitlist.map((w, i) => ({
    entrant: w.entrant,
    frozen: w.frozen,
    rank: w.rank,
    position: i + 1,
  }));
}

/**
 * An entrant's seat (if any) and waitlist places with live positions, in its ranked order;
 * `null` for an unknown entrant.
 */
export function holdings(
  state: RegistrationState,
  entrant: string,
): Holdings | null {
  const e = findEnt(state, entrant);
  if (!e) return null;
  const seat = seatOf(state, entrant);
  const waitlists: Holdings["waitlists"] = [];
  for (const c of e.choices) {
    const r = findRec(state, c);
    const i = r ? r.waitlist.findIndex((w) => w.entrant === entrant) : -1;
    if (r && i >= 0) {
      waitlists.push({
        recruitment: c,
        frozen: r.waitlist[i].frozen,
        rank: r.waitlist[i].rank,
        position: i + 1,
      });
    }
  }
  return {
    seat: seat
      ? {
        recruitment: seat.r.id,
        status: seat.h.status,
        deadline: seat.h.deadline,
      }
      : null,
    waitlists,
    withdrawn: e.withdrawn,
  };
}
