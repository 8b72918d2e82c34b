/**
 * The SMTP `Mailer`, with nodemailer and a small connection pool.
 *
 * `smtp://` upgrades with STARTTLS when the server offers it, except to localhost, where TLS
 * is skipped (local sinks); `smtps://` uses TLS from the start. Credentials go in the URL:
 * `smtp://user:password@host:587`.
 *
 * @module
 */
// @ts-types="@types/nodemailer"
import nodemailer from "nodemailer";
import type { Mailer } from "./mail.ts";

/** Options for {@link openSmtpMailer}. */
export interface SmtpMailerOptions {
  /** `smtp://[user:pass@]host[:port]` or `smtps://…`. */
  url: string;
  /** The From header, e.g. `KIC <no-reply@kic.example.com>`. */
  from: string;
}

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/** Creates an SMTP mailer. It connects on the first send (or ping). */
export function openSmtpMailer(options: SmtpMailerOptions): Mailer {
  const url = new URL(options.url);
  const secure = url.protocol === "smtps:";
  const transport = nodemailer.createTransport({
    pool: true,
    maxConnections: 2,
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    ignoreTLS: !secure && LOCAL_HOSTS.has(url.hostname),
    auth: url.username
      ? {
        user: decodeURIComponent(url.username),
        pass: decodeURIComponent(url.password),
      }
      : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
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
