/**
 * Outgoing e-mail: SMTP through nodemailer (`SMTP_URL`), or a mailer that writes each message
 * to the log and keeps the last ones in memory (development and tests). Durable, retried
 * sending goes through the outbox (`outbox.ts`), which calls a Mailer.
 *
 * @module
 */
import type { Config } from "./config.ts";
import { logJson, logNothing, type LogSink } from "./log.ts";
import type { Mailer } from "./mail_interface.ts";

export type { Mailer, MailMessage } from "./mail_interface.ts";

/** Options for {@link openMailer}. */
export interface OpenMailerOptions {
  /** Where the log mailer writes (default: JSON lines; nothing in test mode). */
  log?: LogSink;
}

/** Opens the mailer the config names: SMTP for `SMTP_URL`, else the log mailer. */
export async function openMailer(
  config: Config,
  options: OpenMailerOptions = {},
): Promise<Mailer> {
  if (config.mail.kind === "smtp") {
    const { openSmtpMailer } = await import("./mail_smtp.ts");
    return openSmtpMailer({ url: config.mail.url, from: config.mail.from });
  }
  const { openLogMailer } = await import("./mail_log.ts");
  return openLogMailer({
    from: config.mail.from,
    log: options.log ?? (config.mode === "test" ? logNothing : logJson),
  });
}
