/**
 * Read-only queries of the registration state: a recruitment's {@link liveWaitlist} and an
 * entrant's {@link holdings}.
 *
 * @module
 */
import { findEnt, findRec, seatOf } from "./_helpers.ts";
import type { Holdings, RegistrationState } from "./types.ts";

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
