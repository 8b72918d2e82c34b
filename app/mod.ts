/**
 * The composition root: opens the services (migrating the database), seeds demo data on an
 * empty embedded database, builds the request handler that hands the services to every
 * request through `ctx.state`, and starts the background jobs. main.ts serves it; tests call
 * {@link openApp} in-process. Nothing below `app/` imports it.
 *
 * @module
 */
import { createHandler } from "$fresh/server.ts";
import manifest from "@/fresh.gen.ts";
import { seedDemo } from "@/domain/demo.ts";
import { translator } from "@/i18n/mod.ts";
import type { Config } from "@/services/config.ts";
import type { Db } from "@/services/db.ts";
import { deliverOutbox } from "@/services/outbox.ts";
import { warmPasswordCheck } from "@/services/password.ts";
import { openServices, type Services } from "@/services/services.ts";
import { Lifecycle } from "@/utils/lifecycle.ts";
import type { AppState } from "@/utils/state.ts";
import { createOpsHandler } from "./ops.ts";

/** An opened app: its request handler, its services and its lifecycle. */
export interface OpenApp {
  /** Answers one HTTP request. */
  handler: (req: Request, info?: Deno.ServeHandlerInfo) => Promise<Response>;
  /** The open services. */
  services: Services;
  /** Draining state shared with every request. */
  lifecycle: Lifecycle;
  /** Answers the operations port (`/metrics`, readiness details). */
  ops: (req: Request) => Promise<Response>;
  /** Stops the jobs and closes every service. */
  close(): Promise<void>;
}

/** Options for {@link openApp}. */
export interface OpenAppOptions {
  /** Run the background jobs (default true). */
  jobs?: boolean;
  /** Use this already opened database (tests). */
  db?: Db;
}

/** Interval of the background jobs ({@link runJobs}). */
const JOBS_EVERY_MS = 10_000;

/**
 * Opens services (migrating the database), seeds demo data on an empty embedded database.
 *
 * @example
 * ```ts
 * const app = await openApp(loadConfig());
 * Deno.serve(app.handler);
 * ```
 */
export async function openApp(
  config: Config,
  opts: OpenAppOptions = {},
): Promise<OpenApp> {
  const services = await openServices(config, { db: opts.db });
  const lifecycle = new Lifecycle();
  if (services.db.kind === "pglite" && config.mode !== "production") {
    if (await seedDemo(services.db)) {
      console.log(JSON.stringify({ level: "info", msg: "seeded demo data" }));
    }
  }
  await warmPasswordCheck();
  const korean = translator("ko");
  const handler = await createHandler(manifest, {
    dev: config.mode !== "production",
    // The locale and session middlewares fill in the rest; these defaults only matter for a
    // page the runtime renders when a middleware itself fails.
    state: (): Partial<AppState> => ({
      services,
      lifecycle,
      requestId: "",
      locale: "ko",
      t: korean,
      session: null,
      account: null,
      csrfToken: "",
    }),
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
    lifecycle,
    ops: createOpsHandler({ services, lifecycle }),
    async close() {
      clearInterval(timer);
      await running;
      await services.close();
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
