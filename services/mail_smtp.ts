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
import type { Mailer } from "./mail_interface.ts";

/** Options for {@link openSmtpMailer}. */
export interface SmtpMailerOptions {
  /** `smtp://[user:pass@]host[:port]` or `smtps://…`. */
  url: string;
  /** The From header, e.g. `KIC <no-reply@kic.example.com>`. */
  from: string;
}

/** The nodemailer pooled SMTP transport options {@link smtpOptions} builds. */
export interface SmtpTransportOptions {
  /** Always pooled. */
  pool: true;
  /** Connections in the pool. */
  maxConnections: number;
  /** The server's host name. */
  host: string;
  /** The server's port (587 for `smtp://`, 465 for `smtps://` unless given). */
  port: number;
  /** TLS from the start (`smtps://`). */
  secure: boolean;
  /** Skip STARTTLS (only to localhost). */
  ignoreTLS: boolean;
  /** Refuse to go on without STARTTLS (every remote `smtp://` server). */
  requireTLS: boolean;
  /** Credentials from the URL, if any. */
  auth?: { user: string; pass: string };
  /** ms to wait for the TCP connection. */
  connectionTimeout: number;
  /** ms to wait for the greeting. */
  greetingTimeout: number;
  /** ms of socket inactivity allowed. */
  socketTimeout: number;
}

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/** The nodemailer transport options for an `smtp://` or `smtps://` URL (pure; exported for tests). */
export function smtpOptions(smtpUrl: string): SmtpTransportOptions {
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
