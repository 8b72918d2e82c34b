/**
 * The job registry: every timed job of the app, one entry each. The runner
 * (`startJobRunner` in `services/jobs.ts`) runs each entry every `everyMs` on one pod at a
 * time; the work itself is a domain function. To add a job, add an entry here.
 *
 * @module
 */
import { purgeUnattachedDocuments } from "@/domain/documents.ts";
import { sweepIdempotencyKeys } from "@/domain/idempotency.ts";
import { sendDueMail } from "@/domain/outbox_job.ts";
import { sweepExpiredSessions } from "@/domain/sessions.ts";
import type { Job } from "@/services/jobs.ts";
import type { Services } from "@/services/services.ts";

/** Every timed job of the app. */
export const jobs: readonly Job<Services>[] = [
  {
    name: "outbox",
    everyMs: 10_000,
    run: ({ services, now }) => sendDueMail(services, now),
  },
  {
    name: "sessions",
    everyMs: 10 * 60_000,
    run: ({ services, now }) => sweepExpiredSessions(services.db, now),
  },
  {
    name: "idempotency-keys",
    everyMs: 60 * 60_000,
    run: ({ services }) => sweepIdempotencyKeys(services.db),
  },
  {
    name: "document-purge",
    everyMs: 60 * 60_000,
    run: ({ services, now }) => purgeUnattachedDocuments(services, now),
  },
];
