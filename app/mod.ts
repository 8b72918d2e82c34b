/**
 * The composition root: opens the services (migrating the database), seeds demo data on an
 * empty embedded database, builds the request handler that hands the services, the clock and
 * the round event hub to every request through `ctx.state`, and starts the job runner
 * (`app/jobs.ts`). main.ts serves it; tests call
 * {@link openApp} in-process. Nothing below `app/` imports it.
 *
 * @module
 */
import { createHandler } from "$fresh/server.ts";
import manifest from "@/fresh.gen.ts";
import { seedDemo } from "@/domain/demo.ts";
import { seedDrawnDemoRound } from "@/domain/demo_drawn.ts";
import { translator } from "@/i18n/mod.ts";
import type { Config } from "@/services/config.ts";
import type { Db } from "@/services/db.ts";
import { ODDS_CHANNEL, oddsDrainer } from "@/domain/odds.ts";
import { openRoundEventHub } from "@/domain/round_events.ts";
import { openClock } from "@/services/clock.ts";
import { startJobRunner } from "@/services/jobs.ts";
import { warmPasswordCheck } from "@/services/password.ts";
import { openServices, type Services } from "@/services/services.ts";
import { Lifecycle } from "@/utils/lifecycle.ts";
import type { AppState } from "@/utils/state.ts";
import { jobs } from "./jobs.ts";
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
  /** Runs the due jobs now (tests); returns the names of those that ran. */
  runJobs(): Promise<string[]>;
  /** Stops the jobs and closes every service. */
  close(): Promise<void>;
}

/** Options for {@link openApp}. */
export interface OpenAppOptions {
  /** Run the registered jobs on a timer (default true; tests run them by hand). */
  jobs?: boolean;
  /** Use this already opened database (tests). */
  db?: Db;
}

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
      await seedDrawnDemoRound(services);
      console.log(JSON.stringify({ level: "info", msg: "seeded demo data" }));
    }
  }
  await warmPasswordCheck();
  const clock = await openClock(services);
  const events = await openRoundEventHub({
    db: services.db,
    cache: services.cache,
  });
  // Draining ends every open event stream, so the server can finish its requests.
  lifecycle.signal.addEventListener("abort", () => void events.close());
  const runner = startJobRunner({
    db: services.db,
    clock,
    jobs,
    services,
    tickMs: (opts.jobs ?? true) ? undefined : 0,
  });
  // A page that queues an odds computation kicks every pod; the claims pick one per round.
  // Without timed jobs (tests) the computation runs only when the test drives it.
  const odds = oddsDrainer({ db: services.db, cache: services.cache, clock });
  const stopKicks = (opts.jobs ?? true)
    ? await services.cache.subscribe(ODDS_CHANNEL, () => void odds.kick())
    : async () => {};
  const korean = translator("ko");
  const handler = await createHandler(manifest, {
    dev: config.mode !== "production",
    // The locale and session middlewares fill in the rest; these defaults only matter for a
    // page the runtime renders when a middleware itself fails.
    state: (): Partial<AppState> => ({
      services,
      lifecycle,
      clock,
      events,
      requestId: "",
      locale: "ko",
      t: korean,
      session: null,
      account: null,
      csrfToken: "",
    }),
  });
  return {
    handler,
    services,
    lifecycle,
    ops: createOpsHandler({ services, lifecycle }),
    runJobs: () => runner.runDue(),
    async close() {
      await stopKicks();
      await runner.close();
      await odds.close();
      await events.close();
      await clock.close();
      await services.close();
    },
  };
}
