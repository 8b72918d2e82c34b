/**
 * Applying one event to the registration state ({@link apply}): confirmations, declines,
 * withdrawals, leaving a waitlist, window ends, ticks, closing and added seats, each followed by
 * the fill.
 *
 * @module
 */
import { fill, place } from "./registration_fill.ts";
import { compareOrder } from "./order.ts";
import type { Amendment } from "./types.ts";
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
  WaitlistPlace,
} from "./registration_types.ts";

/** The entrant state an amendment describes, or an error when it cannot apply to `s`. */
function amendedEntrant(
  ctx: Ctx,
  a: Amendment,
): EntrantState | RegistrationError {
  const e = a?.entrant;
  if (
    typeof e?.pseudonym !== "string" || !Array.isArray(e.members) ||
    e.members.length < 1 || !Array.isArray(e.choices) ||
    !Array.isArray(a.choices) || a.choices.length !== e.choices.length ||
    e.choices.some((c, i) => a.choices[i]?.recruitment !== c.recruitment)
  ) {
    return "invalid-amendment";
  }
  if (e.choices.some((c) => !findRec(ctx.s, c.recruitment))) {
    return "unknown-recruitment";
  }
  const before = findEnt(ctx.s, e.pseudonym);
  if (before?.withdrawn) return "withdrawn";
  if (before && before.size !== e.members.length) return "invalid-amendment";
  return {
    pseudonym: e.pseudonym,
    size: e.members.length,
    choices: e.choices.map((c) => c.recruitment),
    withdrawn: false,
  };
}

/**
 * Applies an amendment of the record (README section 8, `amend`): the entrant (new or
 * corrected) replaces its old state, gives up a seat in a choice it no longer lists, takes the
 * extra seat when the amendment placed it on one and it holds nothing ranked higher, and takes a
 * place on the live waitlist of every choice ranked above the seat it then holds, where its tier,
 * key and pseudonym put it in the recruitment's order. Nobody else moves except by the fill.
 */
function amendEntrant(ctx: Ctx, a: Amendment): RegistrationError | undefined {
  const { s, at } = ctx;
  const e = amendedEntrant(ctx, a);
  if (typeof e === "string") return e;
  const p = e.pseudonym;
  const old = findEnt(s, p);
  if (old) s.entrants = s.entrants.map((x) => x === old ? e : x);
  else {
    const i = s.entrants.findIndex((x) => x.pseudonym > p);
    s.entrants.splice(i < 0 ? s.entrants.length : i, 0, e);
  }
  for (const r of s.recruitments) removePlace(r, p);
  const seat = seatOf(s, p);
  if (seat && !e.choices.includes(seat.r.id)) {
    removeHolder(seat.r, p);
    ctx.moves.push({ kind: "freed", entrant: p, recruitment: seat.r.id, at });
  }
  const extra = a.placed === null ? undefined : a.extraSeats?.[a.placed];
  if (extra !== undefined) {
    const r = findRec(s, a.placed!)!;
    r.seats += extra;
    const held = seatOf(s, p);
    if (!held || e.choices.indexOf(held.r.id) > e.choices.indexOf(r.id)) {
      place(ctx, r, e, new Set());
    }
  }
  const held = seatOf(s, p);
  const above = held ? e.choices.indexOf(held.r.id) : e.choices.length;
  a.entrant.choices.slice(0, above).forEach((c, i) => {
    const r = findRec(s, c.recruitment)!;
    const me: WaitlistPlace = {
      entrant: p,
      frozen: a.choices[i].waitlist ?? 0,
      rank: a.choices[i].rank,
      tier: c.tier,
      key: a.choices[i].key,
    };
    const order = (w: WaitlistPlace) => ({
      tier: w.tier,
      key: w.key,
      pseudonym: w.entrant,
    });
    const j = r.waitlist.findIndex((w) =>
      compareOrder(order(me), order(w)) < 0
    );
    r.waitlist.splice(j < 0 ? r.waitlist.length : j, 0, me);
    ctx.moves.push({ kind: "amended", entrant: p, recruitment: r.id, at });
  });
  return undefined;
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
    case "amend": {
      const error = amendEntrant(ctx, event.amendment);
      return error ? refuse(state, error) : done();
    }
    default:
      return refuse(state, "unknown-event");
  }
}
