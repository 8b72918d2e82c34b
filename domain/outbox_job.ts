/**
 * The outbox sender as a timed job: sends the mail that domain code queued with
 * `enqueueMail` (see `services/outbox.ts`). Registered in `app/jobs.ts`.
 *
 * @module
 */
import type { Db } from "@/services/db.ts";
import type { Mailer } from "@/services/mail.ts";
import { deliverOutbox, type DeliverResult } from "@/services/outbox.ts";

/** Messages sent per run; a fuller outbox drains over the following runs. */
export const OUTBOX_BATCH = 20;

/**
 * Sends one batch of the mail due at `now` (the job's clock time) and records each outcome.
 * Safe to repeat: delivery claims rows, so a repeated run never sends a message twice unless a
 * claim expired mid-send (at-least-once, as `deliverOutbox` documents).
 *
 * @example
 * ```ts
 * const { sent, failed } = await sendDueMail(services, clock.now());
 * ```
 */
export function sendDueMail(
  deps: { db: Db; mailer: Mailer },
  now: Date,
): Promise<DeliverResult> {
  return deliverOutbox(deps.db, deps.mailer, { batch: OUTBOX_BATCH, now });
}
