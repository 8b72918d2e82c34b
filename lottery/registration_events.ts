/**
 * Applying one event to the registration state ({@link apply}): confirmations, declines,
 * withdrawals, leaving a waitlist, window ends, ticks, closing and added seats, each followed by
 * the fill.
 *
 * @module
 */
import { fill } from "./registration_fill.ts";
import {
  type Ctx,
  findEnt,
  findRec,
  removeHolder,
  removePlace,
  seatOf,
} from "./registration_helpers.ts";
import type {
  EntrantState,
  RecruitmentState,
  RegistrationError,
  RegistrationEvent,
  RegistrationState,
  Step,
} from "./registration_types.ts";

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

/** The result of a refused event: the input state itself, nothing made, and `error`. */
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
