/**
 * The data of the registration state machine (see `mod.ts` for its semantics): the
 * state, events, moves and results, the offer lifetime {@link OFFER_MS} and the offer deadline
 * rule {@link offerDeadline}.
 *
 * @module
 */
import type { Amendment } from "../types.ts";

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
  /** The entrant's tier there: with `key` and the pseudonym, its place in the order. */
  tier: number;
  /** The entrant's stored key there. */
  key: number;
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
  format: "kic-registration/2";
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
  | "closed"
  | "amended";

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
  | { type: "addSeats"; at: number; recruitment: string; seats: number }
  | { type: "amend"; at: number; amendment: Amendment };

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
  | "invalid-seats"
  | "invalid-amendment";

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
