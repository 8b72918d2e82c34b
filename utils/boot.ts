/**
 * Opening the whole app: services, migrations, demo data, the request handler and the
 * background jobs. main.ts serves it; tests call {@link openApp} in-process.
 *
 * @module
 */
import { createHandler } from "$fresh/server.ts";
import manifest from "../fresh.gen.ts";
import { seedDemo } from "../domain/demo.ts";
import type { Config } from "../services/config.ts";
import type { Db } from "../services/db.ts";
import { deliverOutbox } from "../services/outbox.ts";
import { openServices, type Services } from "../services/services.ts";
import { setDraining, setServices } from "./app.ts";

/** An opened app: its request handler and its services. */
export interface OpenApp {
  handler: (req: Request, info?: Deno.ServeHandlerInfo) => Promise<Response>;
  services: Services;
  /** Stops the jobs and closes every service. */
  close(): Promise<void>;
}

/** Interval of the outbox sender. Every pod runs it; rows are claimed with SKIP LOCKED. */
const OUTBOX_EVERY_MS = 10_000;

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
  const handler = await createHandler(manifest, {
    dev: config.mode !== "production",
  });
  let timer: ReturnType<typeof setInterval> | undefined;
  if (opts.jobs ?? true) {
    let running = false;
    timer = setInterval(async () => {
      if (running) return;
      running = true;
      try {
        await deliverOutbox(services.db, services.mailer, { batch: 20 });
      } catch (error) {
        console.error(
          JSON.stringify({
            level: "error",
            msg: "outbox",
            error: String(error),
          }),
        );
      } finally {
        running = false;
      }
    }, OUTBOX_EVERY_MS);
  }
  return {
    handler,
    services,
    async close() {
      clearInterval(timer);
      await services.close();
      setServices(null);
    },
  };
}
