/**
 * The `Mailer` interface and its message type, which `mail_smtp.ts` and `mail_log.ts`
 * implement. `mail.ts` opens one of them.
 *
 * @module
 */

/** One e-mail. Subjects and bodies may be any Unicode (Korean included). */
export interface MailMessage {
  /** Recipient address. */
  to: string;
  /** Subject line. */
  subject: string;
  /** Plain-text body. */
  text: string;
  /** Optional HTML body, sent alongside `text`. */
  html?: string;
}

/** The mailer interface. */
export interface Mailer {
  /** Which implementation this is. */
  readonly kind: "smtp" | "log";
  /** Sends one message; rejects when the server refuses it or cannot be reached. */
  send(msg: MailMessage): Promise<void>;
  /** True when the SMTP server answers (always true for the log mailer). Never throws. */
  ping(): Promise<boolean>;
  /** Closes pooled connections. */
  close(): Promise<void>;
}
