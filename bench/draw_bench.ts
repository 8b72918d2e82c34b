/**
 * Watching the draw at scale (issue 13, must show 5): 3 app processes (`main.ts`) on one fresh
 * PostgreSQL database and Redis, a round frozen with FAMILIES accepted families (the test
 * fixture tests/frozen_round.ts, until the freeze lands), CLIENTS event-stream clients spread
 * over the 3 processes, then one draw through process 1. It prints the p50 and p99 time from
 * the draw request to each client's `drawn` event, and how many clients missed it (goal: p99
 * under 2 s, 0 missing).
 *
 *   deno task bench:draw
 *
 * Env: CLIENTS (1000), FAMILIES (300), WAIT_MS (15000: how long to wait for the stragglers),
 * DATABASE_URL (postgres://postgres@127.0.0.1:5432/postgres), REDIS_URL (redis://127.0.0.1:6379).
 *
 * @module
 */
import {
  csrfOf,
  signInCookie,
  startDrawCluster,
} from "@/tests/draw_cluster.ts";
import { DEMO_ACCOUNTS } from "@/tests/harness.ts";

const env = (name: string, fallback: string) => Deno.env.get(name) || fallback;
const CLIENTS = Number(env("CLIENTS", "1000"));
const FAMILIES = Number(env("FAMILIES", "300"));
const WAIT_MS = Number(env("WAIT_MS", "15000"));
Deno.env.set("KIC_TEST_REAL", "1");
Deno.env.set(
  "DATABASE_URL",
  env("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
);
Deno.env.set("REDIS_URL", env("REDIS_URL", "redis://127.0.0.1:6379"));

const log = (msg: string) =>
  console.error(`${new Date().toISOString().slice(11, 23)} ${msg}`);

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

log(`starting 3 processes, ${FAMILIES} families`);
const cluster = await startDrawCluster({ extra: FAMILIES });
const admin = DEMO_ACCOUNTS[0];
try {
  const { apps, roundId } = cluster;
  const cookies = await Promise.all(
    apps.map((a) =>
      signInCookie(a.url, { login: admin.login, password: admin.password })
    ),
  );
  const received: (number | null)[] = new Array(CLIENTS).fill(null);
  const aborts = new AbortController();
  let open = 0;
  let drawSentAt = 0;
  let ready: () => void;
  const allOpen = new Promise<void>((r) => ready = r);
  const clients = Array.from({ length: CLIENTS }, async (_, i) => {
    const p = i % apps.length;
    try {
      const res = await fetch(`${apps[p].url}/rounds/${roundId}/events`, {
        headers: { cookie: cookies[p] },
        signal: aborts.signal,
      });
      if (res.status !== 200) throw new Error(`status ${res.status}`);
      const reader = res.body!.pipeThrough(new TextDecoderStream())
        .getReader();
      let text = "";
      let counted = false;
      while (true) {
        const { value, done } = await reader.read();
        if (done) break;
        if (!counted) {
          counted = true;
          if (++open === CLIENTS) ready();
        }
        text += value;
        if (text.includes("event: drawn")) {
          received[i] = performance.now() - drawSentAt;
          await reader.cancel();
          break;
        }
      }
    } catch (error) {
      if (!aborts.signal.aborted) log(`client ${i}: ${error}`);
    }
  });
  const opened = await Promise.race([
    allOpen.then(() => true),
    new Promise<boolean>((r) => setTimeout(() => r(false), 60_000)),
  ]);
  log(`${open} of ${CLIENTS} streams open${opened ? "" : " (timed out)"}`);
  const path = `${apps[0].url}/admin/rounds/${roundId}/draw`;
  const csrf = await csrfOf(path, cookies[0]);
  const value = "1203:3,11,19,28,35,44+7";
  drawSentAt = performance.now();
  const res = await fetch(path, {
    method: "POST",
    body: new URLSearchParams({
      _csrf: csrf,
      source: "primary",
      beaconValue: value,
      beaconValueAgain: value,
    }),
    headers: {
      cookie: cookies[0],
      origin: apps[0].url,
      accept: "application/json",
    },
  });
  const answer = await res.json();
  const drawMs = performance.now() - drawSentAt;
  log(
    `draw answered ${res.status} in ${drawMs.toFixed(0)} ms: ${
      JSON.stringify(answer).slice(0, 120)
    }`,
  );
  const deadline = Date.now() + WAIT_MS;
  while (received.some((r) => r === null) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
  }
  aborts.abort();
  await Promise.allSettled(clients);
  const times = received.filter((r): r is number => r !== null).sort((a, b) =>
    a - b
  );
  const missing = CLIENTS - times.length;
  console.log(
    `draw_bench: ${CLIENTS} clients over ${apps.length} processes, ${
      FAMILIES + 1
    } entrants; ` +
      `draw request ${drawMs.toFixed(0)} ms; drawn event p50 ${
        percentile(times, 0.5).toFixed(0)
      } ms, p99 ${percentile(times, 0.99).toFixed(0)} ms, max ${
        (times.at(-1) ?? NaN).toFixed(0)
      } ms; missing ${missing}`,
  );
} finally {
  await cluster.close();
}
