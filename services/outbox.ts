/**
 * The mail outbox: domain code enqueues mail in the same transaction as the change it reports
 * (`enqueueMail(tx, …)`), and a job delivers it later (`deliverOutbox`), on any pod.
 *
 * Delivery claims due rows with `FOR UPDATE SKIP LOCKED`, marks them `locked_until` and stamps
 * them with a random `claim_id`, so two deliverers never pick the same row. A batch may take
 * longer than the claim, so right before sending each row the deliverer re-checks that the row
 * still carries its `claim_id` and extends `locked_until` (skipping the row when another
 * deliverer took it over); the sent/failed updates are conditional on the same token.
 * Delivery is at-least-once: a pod that dies after the SMTP server accepted a message but
 * before it recorded `sent_at` (or one whose single send outlasts `claimMs`) sends it again
 * after the claim expires. Failures are retried with exponential backoff up to `maxAttempts`.
 *
 * @module
 */
import type { Db } from "./db.ts";
import type { Mailer } from "./mail.ts";

/** A message to enqueue. */
export interface OutboxMail {
  /** Recipient address. */
  to: string;
  /** Subject line. */
  subject: string;
  /** Plain-text body. */
  text: string;
  /** Optional HTML body. */
  html?: string;
  /** Not before this time (default: now). */
  sendAfter?: Date;
}

/** Options for {@link deliverOutbox}. */
export interface DeliverOptions {
  /** At most this many messages per call (default 20). */
  batch?: number;
  /** The current time (default `new Date()`); tests move it forward. */
  now?: Date;
  /** How long a claim lasts before another deliverer may retry the row (default 5 min). */
  claimMs?: number;
  /** Give up after this many failed attempts (default 10). */
  maxAttempts?: number;
}

/** What one {@link deliverOutbox} call did. */
export interface DeliverResult {
  /** Messages the mailer accepted. */
  sent: number;
  /** Messages that failed this time (retried later, or given up after `maxAttempts`). */
  failed: number;
}

/**
 * Inserts a message into the outbox; pass the transaction `tx` to send it only if that
 * transaction commits.
 *
 * @returns the outbox row id
 */
export async function enqueueMail(db: Db, msg: OutboxMail): Promise<number> {
  const [row] = await db.sql<{ id: number }>`
    insert into outbox (to_address, subject, body_text, body_html, send_after)
    values (${msg.to}, ${msg.subject}, ${msg.text}, ${msg.html ?? null},
      ${msg.sendAfter ?? new Date()})
    returning id`;
  return row.id;
}

/** The wait before retry number `attempts` (1, 2, …): 1 min doubling, at most 6 h. */
export function retryDelayMs(attempts: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 6 * 60 * 60_000);
}

interface ClaimedRow {
  id: number;
  to_address: string;
  subject: string;
  body_text: string;
  body_html: string | null;
  attempts: number;
}

/** Sends due messages: claims a batch, sends each, records the outcome. */
export async function deliverOutbox(
  db: Db,
  mailer: Mailer,
  options: DeliverOptions = {},
): Promise<DeliverResult> {
  const now = options.now ?? new Date();
  const claimMs = options.claimMs ?? 5 * 60_000;
  // The caller's clock, moved forward by the real time this call has taken.
  const started = Date.now();
  const clock = () => new Date(now.getTime() + (Date.now() - started));
  const token = crypto.randomUUID();
  const claimUntil = new Date(now.getTime() + claimMs);
  const claimed = await db.sql<ClaimedRow>`
    update outbox set locked_until = ${claimUntil}, claim_id = ${token}
    where id in (
      select id from outbox
      where sent_at is null and send_after <= ${now} and attempts < ${
    options.maxAttempts ?? 10
  }
        and (locked_until is null or locked_until <= ${now})
      order by send_after, id
      limit ${options.batch ?? 20}
      for update skip locked)
    returning id, to_address, subject, body_text, body_html, attempts`;
  claimed.sort((a, b) => a.id - b.id);

  const result: DeliverResult = { sent: 0, failed: 0 };
  for (const row of claimed) {
    // Still ours? Extend the claim to cover this send; skip rows another deliverer took over
    // after our claim expired (it sends them).
    const held = await db.sql<{ id: number }>`
      update outbox set locked_until = ${new Date(clock().getTime() + claimMs)}
      where id = ${row.id} and claim_id = ${token} and sent_at is null
      returning id`;
    if (held.length === 0) continue;
    try {
      await mailer.send({
        to: row.to_address,
        subject: row.subject,
        text: row.body_text,
        html: row.body_html ?? undefined,
      });
    } catch (error) {
      const attempts = row.attempts + 1;
      const retryAt = new Date(now.getTime() + retryDelayMs(attempts));
      await db.sql`
        update outbox set attempts = ${attempts}, last_error = ${
        errorText(error)
      },
          send_after = ${retryAt}, locked_until = null, claim_id = null
        where id = ${row.id} and claim_id = ${token} and sent_at is null`;
      result.failed++;
      continue;
    }
    await db.sql`
      update outbox set sent_at = ${new Date()}, locked_until = null, claim_id = null,
        last_error = null
      where id = ${row.id} and claim_id = ${token} and sent_at is null`;
    result.sent++;
  }
  return result;
}

function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.slice(0, 2000);
}
