/**
 * Opening the whole app: services, migrations, demo data, the request handler and the
 * background jobs. main.ts serves it; tests call {@link openApp} in-process.
 *
 * @module
 */
import { createHandler } from "$fresh/server.ts";
import manifest from "@/fresh.gen.ts";
import { seedDemo } from "@/domain/demo.ts";
import type { Config } from "@/services/config.ts";
import type { Db } from "@/services/db.ts";
import { deliverOutbox } from "@/services/outbox.ts";
import { warmPasswordCheck } from "@/services/password.ts";
import { openServices, type Services } from "@/services/services.ts";
import { setDraining, setServices } from "./app.ts";

/** An opened app: its request handler and its services. */
export interface OpenApp {
  handler: (req: Request, info?: Deno.ServeHandlerInfo) => Promise<Response>;
  services: Services;
  /** Stops the jobs and closes every service. */
  close(): Promise<void>;
}

/** Interval of the background jobs ({@link runJobs}). */
const JOBS_EVERY_MS = 10_000;

/**
 * Opens services (migrating the database), seeds demo data on an empty embedded database.
 * Tests may hand in an already opened database (`opts.db`).
 */
export async function openApp(
  config: Config,
  opts: { jobs?: boolean; db?: Db } = {},
): Promise<OpenApp> {
  const services = await openServices(config, { db: opts.db });
  setServices(services);
  setDraining(false);
  if (services.db.kind === "pglite" && config.mode !== "production") {
    if (await seedDemo(services.db)) {
      console.log(JSON.stringify({ level: "info", msg: "seeded demo data" }));
    }
  }
  await warmPasswordCheck();
  const handler = await createHandler(manifest, {
    dev: config.mode !== "production",
  });
  let timer: ReturnType<typeof setInterval> | undefined;
  let running: Promise<void> | null = null;
  if (opts.jobs ?? true) {
    timer = setInterval(() => {
      running ??= runJobs(services).finally(() => running = null);
    }, JOBS_EVERY_MS);
  }
  return {
    handler,
    services,
    async close() {
      clearInterval(timer);
      await running;
      await services.close();
      setServices(null);
    },
  };
}

/**
 * One pass of the background jobs. Every pod runs them: outbox rows are claimed with
 * `FOR UPDATE SKIP LOCKED`, and the session sweep is an idempotent DELETE.
 */
export async function runJobs(services: Services): Promise<void> {
  const jobs: [string, () => Promise<unknown>][] = [
    [
      "outbox",
      () => deliverOutbox(services.db, services.mailer, { batch: 20 }),
    ],
    [
      "sessions",
      () =>
        services.db
          .sql`DELETE FROM sessions WHERE expires_at < now() - interval '1 day'`,
    ],
  ];
  for (const [name, job] of jobs) {
    try {
      await job();
    } catch (error) {
      console.error(
        JSON.stringify({
          level: "error",
          msg: "job failed",
          job: name,
          error: String(error),
        }),
      );
    }
  }
}
