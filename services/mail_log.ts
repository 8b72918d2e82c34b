/**
 * The log `Mailer`: writes each message as one JSON log line and keeps the last ones in
 * memory (`sent`) for tests and the development console. Nothing leaves the machine.
 *
 * @module
 */
import type { Mailer, MailMessage } from "./mail_interface.ts";
import { logJson, type LogSink } from "./log.ts";

/** A log mailer, with the messages it was given. */
export interface LogMailer extends Mailer {
  /** Always `"log"`. */
  readonly kind: "log";
  /** The last `keep` messages, oldest first. */
  readonly sent: readonly (MailMessage & { from: string; at: Date })[];
}

/** Options for {@link openLogMailer}. */
export interface LogMailerOptions {
  /** The From address recorded with each message. */
  from?: string;
  /** Where to write (default: JSON lines on stdout). */
  log?: LogSink;
  /** How many messages `sent` keeps (default 100). */
  keep?: number;
}

/** Creates a log mailer. */
export function openLogMailer(options: LogMailerOptions = {}): LogMailer {
  const from = options.from ?? "KIC <no-reply@localhost>";
  const log = options.log ?? logJson;
  const keep = options.keep ?? 100;
  const sent: (MailMessage & { from: string; at: Date })[] = [];
  return {
    kind: "log",
    sent,
    send(msg) {
      const entry = { ...msg, from, at: new Date() };
      sent.push(entry);
      if (sent.length > keep) sent.splice(0, sent.length - keep);
      log("info", "mail (not sent: log mailer)", {
        from,
        to: msg.to,
        subject: msg.subject,
        text: msg.text,
      });
      return Promise.resolve();
    },
    ping: () => Promise.resolve(true),
    close: () => Promise.resolve(),
  };
}
