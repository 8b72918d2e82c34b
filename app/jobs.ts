/**
 * The job registry: every timed job of the app, one entry each. The runner
 * (`startJobRunner` in `services/jobs.ts`) runs each entry every `everyMs` on one pod at a
 * time; the work itself is a domain function. To add a job, add an entry here.
 *
 * @module
 */
import { purgeUnattachedDocuments } from "@/domain/documents.ts";
import { sweepIdempotencyKeys } from "@/domain/idempotency.ts";
import { oddsDrainer } from "@/domain/odds.ts";
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
  {
    // The chance of winning: picks up queued rounds whose pub/sub kick was lost. The pod's
    // drainer computes in a worker and is not awaited, so a simulation never holds up the
    // other jobs; `odds_requests` claims keep one pod at a time per round.
    name: "odds",
    everyMs: 15_000,
    run: ({ services, clock }) => {
      void oddsDrainer({ db: services.db, cache: services.cache, clock })
        .kick();
      return Promise.resolve();
    },
  },
];
