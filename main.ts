/**
 * Starts KIC: reads the configuration, opens the services, serves HTTP on PORT, and shuts down
 * gracefully on SIGTERM/SIGINT: readiness fails for DRAIN_DELAY_MS so the load balancer stops
 * sending, then the listener closes, in-flight requests finish, pools close, and the process
 * exits (at most 10 s after the drain).
 *
 * @module
 */
import { HARD_EXIT_MS } from "./app/constants.ts";
import { type Config, loadConfig } from "./services/config.ts";
import { openApp } from "./app/mod.ts";

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  console.error(`KIC cannot start: ${(error as Error).message}`);
  Deno.exit(1);
}
const app = await openApp(config);
const server = Deno.serve({
  port: config.port,
  hostname: "0.0.0.0",
  onListen: ({ port }) =>
    console.log(
      JSON.stringify({
        level: "info",
        msg: "listening",
        url: `http://localhost:${port}/`,
        mode: config.mode,
      }),
    ),
}, app.handler);

// /metrics and the readiness details on their own port (only the monitoring namespace
// reaches it); the public port never serves them.
const opsServer = Deno.serve({
  port: config.metricsPort,
  hostname: "0.0.0.0",
  onListen: () => {},
}, app.ops);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(
    JSON.stringify({
      level: "info",
      msg: "draining",
      signal,
      delayMs: config.drainDelayMs,
    }),
  );
  app.lifecycle.drain();
  await new Promise((resolve) => setTimeout(resolve, config.drainDelayMs));
  // After the drain, in-flight requests and pools get HARD_EXIT_MS at most.
  const hard = setTimeout(() => {
    console.error(
      JSON.stringify({ level: "error", msg: "shutdown timed out" }),
    );
    Deno.exit(1);
  }, HARD_EXIT_MS);
  let code = 0;
  try {
    await Promise.all([server.shutdown(), opsServer.shutdown()]);
    await app.close();
  } catch (error) {
    code = 1;
    console.error(
      JSON.stringify({
        level: "error",
        msg: "shutdown failed",
        error: String(error),
      }),
    );
  } finally {
    clearTimeout(hard);
  }
  console.log(JSON.stringify({ level: "info", msg: "stopped", code }));
  Deno.exit(code);
}
Deno.addSignalListener("SIGTERM", () => shutdown("SIGTERM"));
Deno.addSignalListener("SIGINT", () => shutdown("SIGINT"));
