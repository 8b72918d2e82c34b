/**
 * Runs `main.ts` as a real process on a free port, for tests that need signals or a browser.
 * On the real services (DATABASE_URL set) it gets a fresh database with the demo data, unless
 * `env.DATABASE_URL` names one to share (several processes on one database; the caller owns it).
 *
 * @module
 */
import { seedDemo } from "@/domain/demo.ts";
import { openPostgresDb } from "@/services/db_postgres.ts";
import { migrate } from "@/services/migrate.ts";
import {
  createTestDatabase,
  testDatabaseUrl,
  uniqueId,
} from "@/services/testing/mod.ts";

/** A running app process. */
export interface AppProcess {
  /** The process's own database on the real server (unset on the embedded defaults). */
  databaseUrl?: string;
  url: string;
  child: Deno.ChildProcess;
  /** Everything the process printed so far. */
  output(): string;
  /** Sends SIGTERM and waits for the exit status. */
  stop(): Promise<Deno.CommandStatus>;
}

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

/**
 * Starts the app (from the checkout at `cwd`) with its own data folder (KIC_DATA_DIR) and waits
 * until /healthz/ready answers 200.
 */
export async function startAppProcess(
  env: Record<string, string> = {},
  cwd = new URL("..", import.meta.url).pathname,
): Promise<AppProcess> {
  const port = freePort();
  const metricsPort = freePort();
  const dataDir = await Deno.makeTempDir({ prefix: "kic-proc-" });
  const serverUrl = testDatabaseUrl();
  const shared = env.DATABASE_URL;
  const database = serverUrl && !shared
    ? await createTestDatabase(serverUrl)
    : undefined;
  if (database) {
    const db = await openPostgresDb(database.url, { max: 1 });
    try {
      await migrate(db);
      await seedDemo(db, new Date(), 1000);
    } finally {
      await db.close();
    }
    env = { ...env, DATABASE_URL: database.url };
  }
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts"],
    cwd,
    env: {
      KIC_MODE: "test",
      PORT: String(port),
      METRICS_PORT: String(metricsPort),
      KIC_DATA_DIR: dataDir,
      // Its own Redis keys: rate limits and sessions never leak between tests or runs.
      REDIS_KEY_PREFIX: `kic-test:${uniqueId()}:`,
      NO_COLOR: "1",
      ...env,
    },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let log = "";
  const pump = async (stream: ReadableStream<Uint8Array>) => {
    const decoder = new TextDecoder();
    for await (const chunk of stream) {
      log += decoder.decode(chunk, { stream: true });
    }
  };
  const pumps = Promise.all([pump(child.stdout), pump(child.stderr)]);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  let exited = false;
  const statusPromise = child.status.then((s) => {
    exited = true;
    return s;
  });
  while (true) {
    if (exited) throw new Error(`the app exited before it was ready:\n${log}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`the app was not ready within 90 s:\n${log}`);
    }
    try {
      const res = await fetch(`${url}/healthz/ready`);
      await res.body?.cancel();
      if (res.status === 200) break;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    databaseUrl: shared ?? database?.url,
    child,
    output: () => log,
    async stop() {
      if (!exited) child.kill("SIGTERM");
      const status = await statusPromise;
      await pumps;
      await Deno.remove(dataDir, { recursive: true }).catch(() => {});
      await database?.drop();
      return status;
    },
  };
}
