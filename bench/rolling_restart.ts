/**
 * Rolling restart through nginx: three app processes behind one nginx upstream, mixed GET and
 * POST load from signed-in virtual users, and the processes restarted one by one while the load
 * runs. Three phases on the same processes and database:
 *
 * - `baseline`: no restart (the reference for the latency and throughput ratios);
 * - `naive`: SIGTERM while nginx still routes to the process (nginx only learns from errors);
 * - `k8s`: as Kubernetes does, the endpoint leaves the upstream at SIGTERM (the nginx config is
 *   rewritten without it and reloaded) and comes back once the new process is ready.
 *
 * Every POST is a form (`/debug/tally`, test mode only) with a fresh `_idem` key that inserts
 * one row per application into `bench_tally`; the client retries once, with the same body, after
 * a network error or a 502 (what a browser or an ingress does at most). Counting rows per key
 * shows forms applied twice or lost.
 *
 *   deno task bench:rolling
 *
 * Env: USERS (30), BASELINE_S (10), DRAIN_DELAY_MS (2000), POST_SHARE (0.3), THINK_MS (20),
 * DATABASE_URL (postgres://postgres@127.0.0.1:5432/postgres), REDIS_URL
 * (redis://127.0.0.1:6379), PHASES (baseline,naive,k8s), NGINX (nginx), NGINX_MAX_FAILS (0),
 * KEEP_WORK=1 (keep the temp folder with nginx's error.log).
 *
 * @module
 */
import { seedDemo } from "@/domain/demo.ts";
import { openPostgresDb } from "@/services/db_postgres.ts";
import type { Db } from "@/services/db.ts";
import { migrate } from "@/services/migrate.ts";
import { createSession } from "@/services/sessions.ts";
import { createTestDatabase, uniqueId } from "@/services/testing/mod.ts";

const env = (name: string, fallback: string) => Deno.env.get(name) || fallback;
const USERS = Number(env("USERS", "30"));
const BASELINE_S = Number(env("BASELINE_S", "10"));
const DRAIN_DELAY_MS = Number(env("DRAIN_DELAY_MS", "2000"));
const POST_SHARE = Number(env("POST_SHARE", "0.3"));
const THINK_MS = Number(env("THINK_MS", "20"));
const DATABASE_URL = env(
  "DATABASE_URL",
  "postgres://postgres@127.0.0.1:5432/postgres",
);
const REDIS_URL = env("REDIS_URL", "redis://127.0.0.1:6379");
const PHASES = env("PHASES", "baseline,naive,k8s").split(",");
const NGINX = env("NGINX", "nginx");
/**
 * nginx's `max_fails` per server. ingress-nginx's default (`upstream-max-fails`) is 0: a server
 * is never taken out for failing, only when its endpoint leaves the Service. Plain nginx's
 * default is 1 (out for 10 s after one error), which in the naive phase takes every server
 * out in turn and answers "no live upstreams".
 */
const MAX_FAILS = Number(env("NGINX_MAX_FAILS", "0"));
const GET_PATHS = ["/", "/rounds/1", "/verify"];
const ROOT = new URL("..", import.meta.url).pathname;

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (msg: string) =>
  console.error(`${new Date().toISOString().slice(11, 23)} ${msg}`);

// --- app processes -------------------------------------------------------------------------

interface Slot {
  port: number;
  metricsPort: number;
  dataDir: string;
  child?: Deno.ChildProcess;
  output: string;
  /** Log lines at level error, over every process this slot ran; the last few kept. */
  errors: number;
  lastErrors: string[];
}

async function waitReady(port: number, child: Deno.ChildProcess, out: Slot) {
  const deadline = Date.now() + 90_000;
  let exited = false;
  child.status.then(() => exited = true);
  while (true) {
    if (exited) throw new Error(`app :${port} exited:\n${out.output}`);
    if (Date.now() > deadline) throw new Error(`app :${port} not ready`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz/ready`);
      await res.body?.cancel();
      if (res.status === 200) return;
    } catch { /* not listening yet */ }
    await sleep(100);
  }
}

async function startSlot(slot: Slot, common: Record<string, string>) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts"],
    cwd: ROOT,
    env: {
      ...common,
      PORT: String(slot.port),
      METRICS_PORT: String(slot.metricsPort),
      KIC_DATA_DIR: slot.dataDir,
    },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  slot.child = child;
  const pump = async (stream: ReadableStream<Uint8Array>) => {
    const decoder = new TextDecoder();
    let partial = "";
    for await (const chunk of stream) {
      const text = decoder.decode(chunk, { stream: true });
      slot.output = (slot.output + text).slice(-20_000);
      const lines = (partial + text).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) {
        if (!line.includes('"level":"error"')) continue;
        slot.errors++;
        slot.lastErrors = [...slot.lastErrors, line.slice(0, 300)].slice(-3);
      }
    }
  };
  pump(child.stdout);
  pump(child.stderr);
  await waitReady(slot.port, child, slot);
}

async function stopSlot(slot: Slot): Promise<Deno.CommandStatus | undefined> {
  const child = slot.child;
  if (!child) return undefined;
  try {
    child.kill("SIGTERM");
  } catch { /* already gone */ }
  const status = await child.status;
  slot.child = undefined;
  return status;
}

// --- nginx ---------------------------------------------------------------------------------

class Nginx {
  readonly port = freePort();
  constructor(readonly dir: string) {}

  get conf() {
    return `${this.dir}/nginx.conf`;
  }

  /** Writes the config with `ports` in the upstream. */
  async write(ports: number[]) {
    const d = this.dir;
    await Deno.writeTextFile(
      this.conf,
      `worker_processes 1;
pid ${d}/nginx.pid;
error_log ${d}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${d}/tmp/body;
  proxy_temp_path ${d}/tmp/proxy;
  fastcgi_temp_path ${d}/tmp/fastcgi;
  uwsgi_temp_path ${d}/tmp/uwsgi;
  scgi_temp_path ${d}/tmp/scgi;
  upstream kic {
${
        ports.map((p) => `    server 127.0.0.1:${p} max_fails=${MAX_FAILS};`)
          .join("\n")
      }
    keepalive 32;
  }
  server {
    listen 127.0.0.1:${this.port};
    location / {
      proxy_pass http://kic;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      # ingress-nginx's defaults: retry on a connect error or timeout, 3 tries; a POST that
      # was already sent is never passed to another server (no non_idempotent).
      proxy_next_upstream error timeout;
      proxy_next_upstream_tries 3;
      proxy_connect_timeout 5s;
      proxy_read_timeout 60s;
    }
  }
}
`,
    );
  }

  async run(...args: string[]) {
    const out = await new Deno.Command(NGINX, {
      args: ["-c", this.conf, "-p", this.dir, ...args],
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (!out.success) {
      throw new Error(
        `nginx ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`,
      );
    }
  }

  async start(ports: number[]) {
    await Deno.mkdir(`${this.dir}/tmp`, { recursive: true });
    // Workers run as nobody when the master is root: let them reach the temp folders.
    await Deno.chmod(this.dir, 0o755);
    await Deno.chmod(`${this.dir}/tmp`, 0o777);
    await this.write(ports);
    await this.run();
    for (let i = 0; i < 50; i++) {
      try {
        (await Deno.connect({ hostname: "127.0.0.1", port: this.port }))
          .close();
        return;
      } catch {
        await sleep(100);
      }
    }
    throw new Error("nginx did not listen");
  }

  /** Rewrites the upstream and reloads (old workers finish their requests). */
  async reload(ports: number[]) {
    await this.write(ports);
    await this.run("-s", "reload");
  }

  async stop() {
    await this.run("-s", "stop").catch(() => {});
  }

  /** The error log's lines after byte `from`, counted by message. */
  async errorsSince(from: number): Promise<{ size: number; counts: string }> {
    const bytes = await Deno.readFile(`${this.dir}/error.log`).catch(() =>
      new Uint8Array()
    );
    const counts = new Map<string, number>();
    for (
      const line of new TextDecoder().decode(bytes.slice(from)).split("\n")
    ) {
      const m = line.match(
        /\[(?:error|warn|crit|alert)\] [0-9#]+: (?:\*\d+ )?([^,]+)/,
      );
      if (m) counts.set(m[1], (counts.get(m[1]) ?? 0) + 1);
    }
    return {
      size: bytes.length,
      counts: [...counts].map(([k, n]) => `${n} × ${k}`).join("; "),
    };
  }
}

// --- load ----------------------------------------------------------------------------------

interface User {
  cookie: string;
  csrf: string;
}

interface Outcome {
  method: "GET" | "POST";
  /** Final status after the retry, or 0 for a network error. */
  status: number;
  /** A 502 or network error on the first try (then retried once). */
  firstFailure: "502" | "network" | null;
  ms: number;
  idem?: string;
  replayed?: boolean;
}

interface Stats {
  outcomes: Outcome[];
  seconds: number;
  /** idem -> final status of the submission */
  forms: Map<string, number>;
}

async function once(
  url: string,
  init: RequestInit,
): Promise<{ status: number; replayed: boolean } | null> {
  try {
    const res = await fetch(url, {
      ...init,
      redirect: "manual",
      signal: AbortSignal.timeout(30_000),
    });
    await res.body?.cancel();
    return {
      status: res.status,
      replayed: res.headers.get("idempotent-replayed") === "true",
    };
  } catch {
    return null;
  }
}

async function request(
  base: string,
  user: User,
  post: boolean,
): Promise<Outcome> {
  const started = performance.now();
  const headers: Record<string, string> = { cookie: user.cookie };
  let url: string;
  let init: RequestInit;
  let idem: string | undefined;
  if (post) {
    idem = crypto.randomUUID();
    url = `${base}/debug/tally`;
    headers["content-type"] = "application/x-www-form-urlencoded";
    // The same body on the retry, as a browser resends it.
    const body = new URLSearchParams({ _csrf: user.csrf, _idem: idem })
      .toString();
    init = { method: "POST", headers, body };
  } else {
    url = base + GET_PATHS[Math.floor(Math.random() * GET_PATHS.length)];
    init = { method: "GET", headers };
  }
  let result = await once(url, init);
  let firstFailure: Outcome["firstFailure"] = null;
  if (result === null || result.status === 502) {
    firstFailure = result === null ? "network" : "502";
    result = await once(url, init);
  }
  return {
    method: post ? "POST" : "GET",
    status: result?.status ?? 0,
    firstFailure,
    ms: performance.now() - started,
    idem,
    replayed: result?.replayed,
  };
}

/** Runs the users until `until` resolves; returns every outcome. */
async function load(
  base: string,
  users: User[],
  until: Promise<unknown>,
): Promise<Stats> {
  let done = false;
  const stop = () => done = true;
  until.then(stop, stop); // the caller awaits `until` and sees its error
  const outcomes: Outcome[] = [];
  const forms = new Map<string, number>();
  const started = performance.now();
  await Promise.all(users.map(async (user) => {
    while (!done) {
      const o = await request(base, user, Math.random() < POST_SHARE);
      outcomes.push(o);
      if (o.idem) forms.set(o.idem, o.status);
      if (THINK_MS > 0) await sleep(Math.random() * THINK_MS * 2);
    }
  }));
  return { outcomes, forms, seconds: (performance.now() - started) / 1000 };
}

// --- report --------------------------------------------------------------------------------

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

interface Summary {
  phase: string;
  seconds: number;
  total: number;
  gets: number;
  posts: number;
  rps: number;
  failed: number;
  firstTry502: number;
  firstTryNetwork: number;
  other4xx: number;
  formsSubmitted: number;
  forms303: number;
  replayed: number;
  rows: number;
  appliedTwice: number;
  lost: number;
  p50: number;
  p99: number;
  exits: string;
}

async function summarize(
  phase: string,
  stats: Stats,
  db: Db,
  exits: string,
): Promise<Summary> {
  const o = stats.outcomes;
  const lat = o.map((x) => x.ms).sort((a, b) => a - b);
  const counts = new Map<string, number>();
  const rows = await db.sql<{ idem: string; n: number }>`
    SELECT idem, count(*)::int AS n FROM bench_tally GROUP BY idem`;
  for (const r of rows) counts.set(r.idem, r.n);
  let rowsMine = 0, twice = 0, lost = 0, ok303 = 0;
  for (const [idem, status] of stats.forms) {
    const n = counts.get(idem) ?? 0;
    rowsMine += n;
    if (n > 1) twice++;
    if (status === 303) {
      ok303++;
      if (n === 0) lost++;
    }
  }
  return {
    phase,
    seconds: stats.seconds,
    total: o.length,
    gets: o.filter((x) => x.method === "GET").length,
    posts: o.filter((x) => x.method === "POST").length,
    rps: o.length / stats.seconds,
    failed: o.filter((x) => x.status === 0 || x.status >= 500).length,
    firstTry502: o.filter((x) => x.firstFailure === "502").length,
    firstTryNetwork: o.filter((x) => x.firstFailure === "network").length,
    other4xx: o.filter((x) => x.status >= 400 && x.status < 500).length,
    formsSubmitted: stats.forms.size,
    forms303: ok303,
    replayed: o.filter((x) => x.replayed).length,
    rows: rowsMine,
    appliedTwice: twice,
    lost,
    p50: percentile(lat, 0.5),
    p99: percentile(lat, 0.99),
    exits,
  };
}

function printTable(rows: Summary[]) {
  const base = rows.find((r) => r.phase === "baseline");
  const lines: [string, (s: Summary) => string][] = [
    ["seconds under load", (s) => s.seconds.toFixed(1)],
    ["requests", (s) => String(s.total)],
    ["  GET", (s) => String(s.gets)],
    ["  POST (forms)", (s) => String(s.posts)],
    ["req/s", (s) => s.rps.toFixed(0)],
    ["failed (>=500/net, after retry)", (s) => String(s.failed)],
    ["502 on first try (retried)", (s) => String(s.firstTry502)],
    ["net error first try (retried)", (s) => String(s.firstTryNetwork)],
    ["4xx", (s) => String(s.other4xx)],
    ["forms submitted", (s) => String(s.formsSubmitted)],
    ["forms answered 303", (s) => String(s.forms303)],
    ["answers replayed (idempotent)", (s) => String(s.replayed)],
    ["tally rows", (s) => String(s.rows)],
    ["forms applied twice", (s) => String(s.appliedTwice)],
    ["forms lost (303, no row)", (s) => String(s.lost)],
    ["p50 ms", (s) => s.p50.toFixed(1)],
    ["p99 ms", (s) => s.p99.toFixed(1)],
    [
      "p50 / baseline",
      (s) => base ? (s.p50 / base.p50).toFixed(2) : "-",
    ],
    [
      "p99 / baseline",
      (s) => base ? (s.p99 / base.p99).toFixed(2) : "-",
    ],
    ["req/s / baseline", (s) => base ? (s.rps / base.rps).toFixed(2) : "-"],
    ["exit codes of stopped pods", (s) => s.exits || "-"],
  ];
  const w = 32;
  console.log(
    "metric".padEnd(w) + rows.map((r) => r.phase.padStart(12)).join(""),
  );
  for (const [name, f] of lines) {
    console.log(name.padEnd(w) + rows.map((r) => f(r).padStart(12)).join(""));
  }
}

// --- main ----------------------------------------------------------------------------------

async function main() {
  const work = await Deno.makeTempDir({ prefix: "kic-rolling-" });
  log(`work dir ${work}`);
  const database = await createTestDatabase(DATABASE_URL);
  const db = await openPostgresDb(database.url, { max: 4 });
  const slots: Slot[] = [];
  const nginx = new Nginx(`${work}/nginx`);
  await Deno.mkdir(nginx.dir, { recursive: true });
  let nginxStarted = false;
  let cleaned = false;
  const cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    await Promise.all(slots.map((s) => stopSlot(s).catch(() => {})));
    if (nginxStarted) await nginx.stop();
    await db.close().catch(() => {});
    await database.drop().catch(() => {});
    if (!Deno.env.get("KEEP_WORK")) {
      await Deno.remove(work, { recursive: true }).catch(() => {});
    }
  };
  // Ctrl-C: nginx runs as a daemon, so stop it (and the apps, the database) before leaving.
  Deno.addSignalListener("SIGINT", () => {
    cleanup().finally(() => Deno.exit(130));
  });
  try {
    await migrate(db);
    await seedDemo(db, new Date(), 1000);
    await db.exec(
      "CREATE TABLE bench_tally (idem text NOT NULL, at timestamptz NOT NULL DEFAULT now())",
    );
    // One session per user, made in the database (no password hashing in the measurement).
    const accounts = await db.sql<{ id: number }>`
      SELECT id FROM accounts WHERE login IN ('kim.hana', 'lee.minho', 'park.sora')`;
    const users: User[] = [];
    for (let i = 0; i < USERS; i++) {
      const { cookieValue, session } = await createSession(
        db,
        accounts[i % accounts.length].id,
        "kic-bench",
      );
      users.push({
        cookie: `kic_session=${cookieValue}`,
        csrf: session.csrfToken,
      });
    }

    const common = {
      KIC_MODE: "test",
      DATABASE_URL: database.url,
      REDIS_URL,
      REDIS_KEY_PREFIX: `kic-bench:${uniqueId()}:`,
      DRAIN_DELAY_MS: String(DRAIN_DELAY_MS),
      NO_COLOR: "1",
    };
    for (let i = 0; i < 3; i++) {
      slots.push({
        port: freePort(),
        metricsPort: freePort(),
        dataDir: await Deno.makeTempDir({ dir: work, prefix: `pod${i}-` }),
        output: "",
        errors: 0,
        lastErrors: [],
      });
    }
    log("starting 3 app processes ...");
    await Promise.all(slots.map((s) => startSlot(s, common)));
    await nginx.start(slots.map((s) => s.port));
    nginxStarted = true;
    const base = `http://127.0.0.1:${nginx.port}`;
    log(`nginx on ${base}, upstream ${slots.map((s) => s.port).join(", ")}`);

    // Warm up each process (first render compiles), and check the routes answer.
    for (let i = 0; i < 6; i++) {
      for (const post of [false, true]) {
        const o = await request(base, users[0], post);
        if (o.status !== (post ? 303 : 200)) {
          throw new Error(`warm-up ${o.method} answered ${o.status}`);
        }
      }
    }
    await db.exec("TRUNCATE bench_tally");

    const summaries: Summary[] = [];
    const nginxErrors: string[] = [];
    const appLogs: string[] = [];
    for (const phase of PHASES) {
      const exits: string[] = [];
      let until: Promise<unknown>;
      if (phase === "baseline") {
        until = sleep(BASELINE_S * 1000);
      } else if (phase === "naive" || phase === "k8s") {
        const k8s = phase === "k8s";
        until = (async () => {
          await sleep(2000);
          for (const slot of slots) {
            const others = slots.filter((s) => s !== slot).map((s) => s.port);
            log(`${phase}: SIGTERM :${slot.port}`);
            // Kubernetes removes the endpoint and sends SIGTERM at the same time.
            const stopped = stopSlot(slot);
            if (k8s) await nginx.reload(others);
            const status = await stopped;
            exits.push(String(status?.code));
            log(`${phase}: :${slot.port} exited ${status?.code}; starting`);
            await startSlot(slot, common);
            if (k8s) await nginx.reload(slots.map((s) => s.port));
            log(`${phase}: :${slot.port} ready`);
          }
          await sleep(2000);
        })();
      } else {
        throw new Error(`unknown phase ${phase}`);
      }
      log(`phase ${phase}: ${USERS} users ...`);
      const errorsFrom = (await nginx.errorsSince(0)).size;
      const appErrorsFrom = slots.reduce((n, s) => n + s.errors, 0);
      const stats = await load(base, users, until);
      await until;
      summaries.push(await summarize(phase, stats, db, exits.join(",")));
      nginxErrors.push(
        `${phase}: ${(await nginx.errorsSince(errorsFrom)).counts || "none"}`,
      );
      const appErrors = slots.reduce((n, s) => n + s.errors, 0) -
        appErrorsFrom;
      appLogs.push(
        `${phase}: ${appErrors}${
          appErrors
            ? ` (last: ${slots.flatMap((s) => s.lastErrors).join(" | ")})`
            : ""
        }`,
      );
    }
    console.log();
    console.log(
      `KIC rolling restart through nginx: 3 processes, ${USERS} users, ` +
        `${
          Math.round(POST_SHARE * 100)
        }% POST forms, DRAIN_DELAY_MS=${DRAIN_DELAY_MS}, ` +
        `one client retry on 502/network error, nginx max_fails=${MAX_FAILS}`,
    );
    printTable(summaries);
    console.log("\nnginx error.log during each phase:");
    for (const line of nginxErrors) console.log(`  ${line}`);
    console.log("app log lines at level error during each phase:");
    for (const line of appLogs) console.log(`  ${line}`);
    const k8s = summaries.find((s) => s.phase === "k8s");
    if (k8s && (k8s.failed > 0 || k8s.appliedTwice > 0 || k8s.lost > 0)) {
      console.log("\nFAIL: the k8s phase had failures or forms applied twice");
      Deno.exitCode = 1;
    }
  } catch (error) {
    // Interrupted: the SIGINT handler is cleaning up and exits when done.
    if (cleaned) return await new Promise<void>(() => {});
    for (const s of slots) {
      if (s.output) console.error(`--- :${s.port}\n${s.output.slice(-3000)}`);
    }
    throw error;
  } finally {
    await cleanup();
  }
}

await main();
