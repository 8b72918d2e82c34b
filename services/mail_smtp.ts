/**
 * The SMTP `Mailer`, with nodemailer and a small connection pool.
 *
 * `smtp://` requires STARTTLS (the send fails rather than sending AUTH or mail in clear text),
 * except to localhost, where TLS is skipped (local sinks); `smtps://` uses TLS from the start. Credentials go in the URL:
 * `smtp://user:password@host:587`.
 *
 * @module
 */
// @ts-types="@types/nodemailer"
import nodemailer from "nodemailer";
// @ts-types="@types/nodemailer/lib/smtp-transport/index.d.ts"
import type SMTPTransport from "nodemailer/lib/smtp-transport/index.js";
import type { Mailer } from "./mail_interface.ts";

/** Options for {@link openSmtpMailer}. */
export interface SmtpMailerOptions {
  /** `smtp://[user:pass@]host[:port]` or `smtps://…`. */
  url: string;
  /** The From header, e.g. `KIC <no-reply@kic.example.com>`. */
  from: string;
}

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/** The nodemailer transport options for an `smtp://` or `smtps://` URL (pure; exported for tests). */
export function smtpOptions(smtpUrl: string): SMTPTransport.Options & {
  pool: true;
  maxConnections: number;
} {
  const url = new URL(smtpUrl);
  const secure = url.protocol === "smtps:";
  const local = LOCAL_HOSTS.has(url.hostname);
  return {
    pool: true,
    maxConnections: 2,
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    ignoreTLS: !secure && local,
    // Never fall back to plain text (AUTH included) when a remote server offers no STARTTLS.
    requireTLS: !secure && !local,
    auth: url.username
      ? {
        user: decodeURIComponent(url.username),
        pass: decodeURIComponent(url.password),
      }
      : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  };
}

/** Creates an SMTP mailer. It connects on the first send (or ping). */
export function openSmtpMailer(options: SmtpMailerOptions): Mailer {
  const transport = nodemailer.createTransport(smtpOptions(options.url));
  return {
    kind: "smtp",
    async send(msg) {
      await transport.sendMail({
        from: options.from,
        to: msg.to,
        subject: msg.subject,
        text: msg.text,
        html: msg.html,
      });
    },
    async ping() {
      try {
        return await transport.verify();
      } catch {
        return false;
      }
    },
    close() {
      transport.close();
      return Promise.resolve();
    },
  };
}
