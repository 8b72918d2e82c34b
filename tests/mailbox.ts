/**
 * The mail a test app sent, read where it arrives: the log mailer's list on the embedded
 * defaults, or an in-process SMTP sink with `KIC_TEST_REAL=1` (the app's outbox is delivered
 * first, as the outbox job would).
 *
 * @module
 */
import { parseMail } from "@/services/mail_parse.ts";
import type { LogMailer } from "@/services/mail_log.ts";
import { deliverOutbox } from "@/services/outbox.ts";
import {
  type SmtpSink,
  startSmtpSink,
} from "@/services/testing/local_servers.ts";
import { testRealServices } from "@/services/testing/mod.ts";
import { startTestApp, type TestApp } from "./harness.ts";

/** One delivered message. */
export interface DeliveredMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** A test app with its mailbox. */
export interface MailApp extends TestApp {
  /** Delivers the outbox, then returns every message delivered so far. */
  mail(): Promise<DeliveredMail[]>;
}

/** Starts the test app with a mailbox (an SMTP sink on the real services). */
export async function startMailApp(): Promise<MailApp> {
  let sink: SmtpSink | undefined;
  if (testRealServices()) sink = await startSmtpSink();
  const app = await startTestApp(sink ? { SMTP_URL: sink.url } : {});
  const services = app.app.services;
  return {
    ...app,
    async mail() {
      while ((await deliverOutbox(services.db, services.mailer)).sent > 0) {
        // until the outbox is empty (the log mailer keeps the last 100)
      }
      if (sink) {
        return sink.messages.map((m) => {
          const parsed = parseMail(m.raw);
          return {
            to: m.to[0],
            subject: parsed.subject,
            text: parsed.text ?? "",
            html: parsed.html ?? "",
          };
        });
      }
      return (services.mailer as LogMailer).sent.map((m) => ({
        to: m.to,
        subject: m.subject,
        text: m.text,
        html: m.html ?? "",
      }));
    },
    async close() {
      await app.close();
      await sink?.close();
    },
  };
}
