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
 * - **amend.** Carries an amendment as the record stores it (README sections 7.1 and 8). Waitlist
 *   places keep the entrant's tier and stored key (state format `kic-registration/2`), so the
 *   amended entrant is inserted exactly where (tier, key, pseudonym) puts it among the live
 *   places; its frozen `waitlist` and `rank` are the amendment's. A correction replaces the
 *   entrant's state and removes its old places first; `invalid-amendment` for a malformed one or
 *   a changed unit size.
 *
 * ## Files
 *
 * This module is the public API and only re-exports. `types.ts` holds the public types,
 * constants and {@link offerDeadline}. The files whose name starts with `_` are private to this
 * folder (import them only from here): `_helpers.ts` (shared look-ups and
 * `leaveWaitlists`), `_fill.ts` and `_fast_fill.ts` (the fill), `_waitlist.ts` (waitlist
 * sorting), `_state.ts` ({@link initialState}, {@link firstOffers}), `_events.ts` ({@link apply},
 * one handler per event) and `_queries.ts` ({@link liveWaitlist}, {@link holdings}).
 *
 * @module
 */
export {
  type Calendar,
  type EntrantState,
  type Holder,
  type Holdings,
  type LeaveReason,
  type Move,
  type MoveKind,
  OFFER_MS,
  offerDeadline,
  type OfferMade,
  type RecruitmentState,
  type RegistrationError,
  type RegistrationEvent,
  type RegistrationState,
  type SeatStatus,
  type Step,
  type WaitlistPlace,
} from "./types.ts";
export { firstOffers, initialState } from "./_state.ts";
export { apply } from "./_events.ts";
export { holdings, liveWaitlist } from "./_queries.ts";
