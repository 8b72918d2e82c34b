/**
 * Filling free seats from the waitlists (README section 8): {@link fill}, which uses the fast
 * fill of `_fast_fill.ts` when it applies and the straightforward `slowFill`
 * otherwise.
 *
 * @module
 */
import { type EntrantIndex, entrantIndexOf, fastFill } from "./_fast_fill.ts";
import {
  type Ctx,
  findEnt,
  findRec,
  leaveWaitlists,
  placeRemover,
  recordSeat,
  removeHolder,
  removePlace,
  seatOf,
  sizeOf,
  smallest,
  used,
} from "./_helpers.ts";
import {
  type EntrantState,
  offerDeadline,
  type RecruitmentState,
} from "./types.ts";

/** Gives `e` a seat in `r` (it is on `r`'s waitlist and fits); may free a lower seat. */
export function place(
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
  recordSeat(ctx, e.pseudonym, r.id, prev?.r.id, status, deadline);
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
  leaveWaitlists(
    ctx,
    e.pseudonym,
    e.choices.slice(e.choices.indexOf(r.id) + 1),
    "higher",
    placeRemover(s, e.pseudonym),
  );
}

/**
 * Fills every free seat that some waitlisted entrant fits, cascading, smallest id first.
 *
 * `index`, when given, finds an entrant exactly as {@link findEnt} does on `ctx.s` (and
 * `minSize` is a lower bound of every entrant's size); otherwise it is derived from the state.
 * States the fast path cannot handle exactly (unsorted or repeated pseudonyms, repeated
 * recruitment ids, an entrant holding two seats, non-integer sizes) use {@link slowFill}.
 */
export function fill(ctx: Ctx, index?: EntrantIndex): void {
  if (ctx.s.closed) return;
  const idx = index ?? entrantIndexOf(ctx.s.entrants);
  if (!idx || !fastFill(ctx, idx)) slowFill(ctx);
}

/**
 * The straightforward fill (the definition the fast one reproduces). Exported only for
 * `fill_test.ts`, which checks that the fast fill equals it on random states.
 */
export function slowFill(ctx: Ctx): void {
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
