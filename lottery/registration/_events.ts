/**
 * Applying one event to the registration state ({@link apply}): confirmations, declines,
 * withdrawals, leaving a waitlist, window ends, ticks, closing and added seats, each followed by
 * the fill.
 *
 * @module
 */
import { fill, place } from "./_fill.ts";
import { compareOrder } from "../order.ts";
import type { Amendment } from "../types.ts";
import {
  type Ctx,
  findEnt,
  findRec,
  leaveWaitlists,
  placeRemover,
  removeHolder,
  removePlace,
  seatOf,
} from "./_helpers.ts";
import type {
  EntrantState,
  RecruitmentState,
  RegistrationError,
  RegistrationEvent,
  RegistrationState,
  Step,
  WaitlistPlace,
} from "./types.ts";

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

/** Every event's fields, by type. */
type EventOf<T extends RegistrationEvent["type"]> = Extract<
  RegistrationEvent,
  { type: T }
>;

/** One event's effect on `ctx.s` (a private copy); an error leaves the input state untouched. */
type Handler<T extends RegistrationEvent["type"]> = (
  ctx: Ctx,
  event: EventOf<T>,
) => RegistrationError | undefined;

/** Looks up the entrant (and the recruitment when given), or names the error. */
function lookup(
  s: RegistrationState,
  pseudonym: unknown,
  recruitment?: unknown,
): RegistrationError | { e: EntrantState; r: RecruitmentState | undefined } {
  const e = typeof pseudonym === "string" ? findEnt(s, pseudonym) : undefined;
  if (!e) return "unknown-entrant";
  if (recruitment === undefined) {
    return e.withdrawn ? "withdrawn" : { e, r: undefined };
  }
  const r = typeof recruitment === "string"
    ? findRec(s, recruitment)
    : undefined;
  if (!r) return "unknown-recruitment";
  if (e.withdrawn) return "withdrawn";
  return { e, r };
}

/** Looks up an entrant and a recruitment that must both exist. */
function lookupBoth(
  s: RegistrationState,
  pseudonym: unknown,
  recruitment: unknown,
): RegistrationError | { e: EntrantState; r: RecruitmentState } {
  const found = lookup(s, pseudonym, recruitment);
  return typeof found === "string"
    ? found
    : { e: found.e, r: found.r as RecruitmentState };
}

const confirm: Handler<"confirm"> = (ctx, event) => {
  const found = lookupBoth(ctx.s, event.entrant, event.recruitment);
  if (typeof found === "string") return found;
  const { e, r } = found;
  const { s, at } = ctx;
  const h = r.holders.find((x) => x.entrant === e.pseudonym);
  if (!h) return "not-holder";
  if (h.status === "confirmed") {
    if (!event.optOutHigher) return "already-confirmed";
  } else {
    if (h.deadline !== null && h.deadline <= at) return "expired";
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
    leaveWaitlists(
      ctx,
      e.pseudonym,
      e.choices.slice(0, e.choices.indexOf(r.id)),
      "optOutHigher",
      placeRemover(s, e.pseudonym),
    );
  }
  return undefined;
};

const decline: Handler<"decline"> = (ctx, event) => {
  const found = lookupBoth(ctx.s, event.entrant, event.recruitment);
  if (typeof found === "string") return found;
  const { e, r } = found;
  if (!r.holders.some((x) => x.entrant === e.pseudonym)) return "not-holder";
  removeHolder(r, e.pseudonym);
  ctx.moves.push({
    kind: "declined",
    entrant: e.pseudonym,
    recruitment: r.id,
    at: ctx.at,
  });
  return undefined;
};

const withdraw: Handler<"withdraw"> = (ctx, event) => {
  const { s, at } = ctx;
  const found = lookup(s, event.entrant);
  if (typeof found === "string") return found;
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
  return undefined;
};

const leaveWaitlist: Handler<"leaveWaitlist"> = (ctx, event) => {
  const found = lookupBoth(ctx.s, event.entrant, event.recruitment);
  if (typeof found === "string") return found;
  const { e, r } = found;
  if (!removePlace(r, e.pseudonym)) return "not-waitlisted";
  ctx.moves.push({
    kind: "left",
    entrant: e.pseudonym,
    recruitment: r.id,
    reason: "request",
    at: ctx.at,
  });
  return undefined;
};

const windowEnd: Handler<"windowEnd"> = (ctx, event) => {
  const { calendar } = ctx.s;
  if (event.window === "first") {
    if (ctx.at < calendar.firstWindowEnd) return "too-early";
  } else if (event.window === "second") {
    if (ctx.at < calendar.secondWindowEnd) return "too-early";
  } else {
    return "unknown-event";
  }
  tick(ctx);
  return undefined;
};

const tickEvent: Handler<"tick"> = (ctx) => {
  tick(ctx);
  return undefined;
};

/** Closes the round: open offers expire, unconfirmed seats are forfeited, waitlists end. */
const close: Handler<"close"> = (ctx) => {
  const { s, at } = ctx;
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
  s.closed = true; // the fill then does nothing
  return undefined;
};

const addSeats: Handler<"addSeats"> = (ctx, event) => {
  const r = typeof event.recruitment === "string"
    ? findRec(ctx.s, event.recruitment)
    : undefined;
  if (!r) return "unknown-recruitment";
  if (!Number.isInteger(event.seats) || event.seats < 1) {
    return "invalid-seats";
  }
  r.seats += event.seats;
  return undefined;
};

const amendEvent: Handler<"amend"> = (ctx, event) =>
  amendEntrant(ctx, event.amendment);

/** The handler of each event type. */
const HANDLERS: { [T in RegistrationEvent["type"]]: Handler<T> } = {
  confirm,
  decline,
  withdraw,
  leaveWaitlist,
  windowEnd,
  tick: tickEvent,
  close,
  addSeats,
  amend: amendEvent,
};

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
  const type = (event as { type?: unknown }).type;
  if (typeof type !== "string" || !Object.hasOwn(HANDLERS, type)) {
    return refuse(state, "unknown-event");
  }
  const handler = HANDLERS[type as RegistrationEvent["type"]] as Handler<
    RegistrationEvent["type"]
  >;
  const s = copyState(state);
  s.now = at;
  const ctx: Ctx = { s, at, moves: [], offers: [] };
  const error = handler(ctx, event);
  if (error) return refuse(state, error);
  fill(ctx);
  return { state: s, offers: ctx.offers, moves: ctx.moves };
}
