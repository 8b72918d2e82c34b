/**
 * Small helpers of the registration state machine shared by the fill, the state building, the
 * events and the queries: the transition context, look-ups and the removal of holders and
 * waitlist places.
 *
 * @module
 */
import type {
  EntrantState,
  Holder,
  LeaveReason,
  Move,
  OfferMade,
  RecruitmentState,
  RegistrationState,
} from "./types.ts";

/** Mutable working context of one transition (on a private copy of the state). */
export interface Ctx {
  /** The private copy of the state being changed. */
  s: RegistrationState;
  /** Time of the event. */
  at: number;
  /** Every change made so far, in order. */
  moves: Move[];
  /** Offers made so far, in order. */
  offers: OfferMade[];
}

/** The first recruitment with id `id`, if any. */
export function findRec(
  s: RegistrationState,
  id: string,
): RecruitmentState | undefined {
  return s.recruitments.find((r) => r.id === id);
}

/** Binary search (entrants are sorted by pseudonym), with a linear fallback for unsorted data. */
export function findEnt(
  s: RegistrationState,
  pseudonym: string,
): EntrantState | undefined {
  return searchSorted(s.entrants, pseudonym) ??
    s.entrants.find((e) => e.pseudonym === pseudonym);
}

/** The first seat `pseudonym` holds (recruitment and holder), in the order of `s.recruitments`. */
export function seatOf(
  s: RegistrationState,
  pseudonym: string,
): { r: RecruitmentState; h: Holder } | undefined {
  for (const r of s.recruitments) {
    const h = r.holders.find((x) => x.entrant === pseudonym);
    if (h) return { r, h };
  }
  return undefined;
}

/** Seats `pseudonym` needs (1 for an unknown entrant). */
export function sizeOf(s: RegistrationState, pseudonym: string): number {
  return findEnt(s, pseudonym)?.size ?? 1;
}

/** Seats in use in `r`: the sum of its holders' sizes. */
export function used(s: RegistrationState, r: RecruitmentState): number {
  let n = 0;
  for (const h of r.holders) n += sizeOf(s, h.entrant);
  return n;
}

/** Removes every holder `pseudonym` from `r` (replaces `r.holders`). */
export function removeHolder(r: RecruitmentState, pseudonym: string): void {
  r.holders = r.holders.filter((h) => h.entrant !== pseudonym);
}

/** Removes every waitlist place of `pseudonym` from `r` (replaces `r.waitlist`); true if any. */
export function removePlace(r: RecruitmentState, pseudonym: string): boolean {
  const before = r.waitlist.length;
  r.waitlist = r.waitlist.filter((w) => w.entrant !== pseudonym);
  return r.waitlist.length !== before;
}

/** The smallest id in `pending` (`""` when empty). */
export function smallest(pending: Set<string>): string {
  let id = "";
  let first = true;
  for (const p of pending) {
    if (first || p < id) id = p;
    first = false;
  }
  return id;
}

/** Binary search of a list sorted by pseudonym; undefined when absent (or unsorted). */
export function searchSorted(
  list: readonly EntrantState[],
  pseudonym: string,
): EntrantState | undefined {
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
}

/**
 * Records a seat given by a fill: a `movedUp` move (from the lower seat) or an `offered` one,
 * and the offer with its deadline when the seat is not already confirmed.
 */
export function recordSeat(
  ctx: Ctx,
  entrant: string,
  recruitment: string,
  from: string | undefined,
  status: "offer" | "confirmed",
  deadline: number | null,
): void {
  const { at } = ctx;
  const move: Move = {
    kind: from ? "movedUp" : "offered",
    entrant,
    recruitment,
    at,
  };
  if (from) move.from = from;
  move.status = status;
  if (deadline !== null) move.deadline = deadline;
  ctx.moves.push(move);
  if (deadline !== null) {
    ctx.offers.push({ entrant, recruitment, deadline, at });
  }
}

/**
 * Takes `entrant` off the waitlists of `choices` (recruitment ids) with `remove`, recording a
 * `left` move with `reason` for each place it had: the one loop behind leaving lower waitlists
 * after a new seat (both fills) and higher ones on an opt-out.
 */
export function leaveWaitlists(
  ctx: Ctx,
  entrant: string,
  choices: readonly string[],
  reason: LeaveReason,
  remove: (recruitment: string) => boolean,
): void {
  for (const recruitment of choices) {
    if (remove(recruitment)) {
      ctx.moves.push({
        kind: "left",
        entrant,
        recruitment,
        reason,
        at: ctx.at,
      });
    }
  }
}

/** A remover for {@link leaveWaitlists}: `pseudonym`'s places in recruitment `id` of `s`. */
export function placeRemover(
  s: RegistrationState,
  pseudonym: string,
): (id: string) => boolean {
  return (id) => {
    const r = findRec(s, id);
    return r !== undefined && removePlace(r, pseudonym);
  };
}
