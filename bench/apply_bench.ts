/**
 * 1,000 employees submit their application at once (issue 10, must show 4): one app process
 * (`main.ts`) on a fresh PostgreSQL database and Redis, 1,000 accounts inserted directly, each
 * with one child of the demo round's age-1 classes, the resident register already in place (the
 * only document a parent alone with no factor needs, `requiredDocuments`) and a session made in
 * the database (no password hashing in the setup or the measurement). Every parent then POSTs
 * the application form once, all at the same moment. It prints the wall time, the p50 and p99
 * latency, the failures, and the applications in the database, which must be exactly 1,000.
 *
 *   deno task bench:apply
 *
 * Env: EMPLOYEES (1000), DATABASE_URL (postgres://postgres@127.0.0.1:5432/postgres),
 * REDIS_URL (redis://127.0.0.1:6379).
 *
 * @module
 */
import { requiredDocuments } from "@/domain/applications.ts";
import { seedDemo } from "@/domain/demo.ts";
import { openPostgresDb } from "@/services/db_postgres.ts";
import { migrate } from "@/services/migrate.ts";
import { createSession } from "@/services/sessions.ts";
import { createTestDatabase, uniqueId } from "@/services/testing/mod.ts";

const env = (name: string, fallback: string) => Deno.env.get(name) || fallback;
const EMPLOYEES = Number(env("EMPLOYEES", "1000"));
const DATABASE_URL = env(
  "DATABASE_URL",
  "postgres://postgres@127.0.0.1:5432/postgres",
);
const REDIS_URL = env("REDIS_URL", "redis://127.0.0.1:6379");
const ROOT = new URL("..", import.meta.url).pathname;

const log = (msg: string) =>
  console.error(`${new Date().toISOString().slice(11, 23)} ${msg}`);

/** A free local TCP port. */
export function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

/** Starts `main.ts` on `port` and waits until it is ready; its output is kept for errors. */
export async function startApp(
  port: number,
  env: Record<string, string>,
): Promise<{ child: Deno.ChildProcess; output: () => string }> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts"],
    cwd: ROOT,
    env: { ...env, PORT: String(port), METRICS_PORT: String(freePort()) },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let output = "";
  const pump = async (stream: ReadableStream<Uint8Array>) => {
    const decoder = new TextDecoder();
    for await (const chunk of stream) {
      output = (output + decoder.decode(chunk, { stream: true })).slice(
        -20_000,
      );
    }
  };
  pump(child.stdout);
  pump(child.stderr);
  let exited = false;
  child.status.then(() => exited = true);
  const deadline = Date.now() + 90_000;
  while (true) {
    if (exited) throw new Error(`the app exited:\n${output}`);
    if (Date.now() > deadline) throw new Error(`the app is not ready`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz/ready`);
      await res.body?.cancel();
      if (res.status === 200) break;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, output: () => output };
}

/** Starts `main.ts` in test mode on a free port with this database, Redis and data folder. */
export async function startBenchApp(options: {
  databaseUrl: string;
  redisUrl: string;
  keyPrefix: string;
  dataDir: string;
}): Promise<{ app: Awaited<ReturnType<typeof startApp>>; base: string }> {
  const port = freePort();
  const app = await startApp(port, {
    KIC_MODE: "test",
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl,
    REDIS_KEY_PREFIX: options.keyPrefix,
    KIC_DATA_DIR: options.dataDir,
    NO_COLOR: "1",
  });
  return { app, base: `http://127.0.0.1:${port}` };
}

/** Stops an app started by {@link startApp} and waits for it to exit. */
export async function stopApp(
  app: { child: Deno.ChildProcess } | undefined,
): Promise<void> {
  if (!app) return;
  try {
    app.child.kill("SIGTERM");
  } catch { /* already gone */ }
  await app.child.status;
}

/** The `p` quantile of ascending `sorted` (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

interface Parent {
  cookie: string;
  csrf: string;
  childId: number;
}

async function main() {
  const work = await Deno.makeTempDir({ prefix: "kic-apply-bench-" });
  const database = await createTestDatabase(DATABASE_URL);
  const db = await openPostgresDb(database.url, { max: 8 });
  let app: Awaited<ReturnType<typeof startApp>> | undefined;
  try {
    await migrate(db);
    await seedDemo(db, new Date(), 1000);
    const [round] = await db.sql<{ id: number }>`
      select id from rounds where status = 'open' order by id limit 1`;
    const roundId = Number(round.id);
    // The age-1 classes of the demo round; a child born last year (in Korea) fits them.
    const year = Number(
      new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 4),
    );
    const [recruitment] = await db.sql<{ id: number }>`
      select id from recruitments where round_id = ${roundId} and class_age = 1
      order by id limit 1`;
    if (!recruitment) throw new Error("the demo round has no age-1 class");

    log(`inserting ${EMPLOYEES} employees, children and documents ...`);
    // Parents alone (no HR spouse link) with one child and no factor: the resident register
    // is the only document they need.
    const kinds = requiredDocuments({
      singleParent: false,
      disability: false,
      dualIncome: false,
      siblingEnrolled: false,
      childrenCount: 1,
    }, { couple: false });
    const rows = await db.sql<{ id: number; child_id: number }>`
      with a as (
        insert into accounts (login, email, name_ko, employee_no, department, join_date)
        select 'bench.' || i, 'bench.' || i || '@kic.example', '벤치' || i, 'B' || lpad(i::text, 6, '0'),
          '벤치팀', date '2020-03-02'
        from generate_series(1, ${EMPLOYEES}) i
        returning id
      ), c as (
        insert into children (account_id, name, birth_date, token)
        select id, '아이' || id, ${`${
      year - 1
    }-03-01`}::date, md5(random()::text || id)
        from a
        returning id, account_id
      )
      select account_id as id, id as child_id from c order by account_id`;
    for (const kind of kinds) {
      await db.sql`
        insert into documents (round_id, family_key, uploaded_by, kind, storage_key,
          content_type, size_bytes, sha256, filename)
        select ${roundId}, a.id, a.id, ${kind}, 'documents/bench/' || a.id || '/' || ${kind},
          'application/pdf', 1024, 'bench', ${kind} || '.pdf'
        from accounts a where a.login like 'bench.%'`;
    }
    log(`making ${EMPLOYEES} sessions in the database ...`);
    const parents: Parent[] = [];
    for (let i = 0; i < rows.length; i += 50) {
      parents.push(
        ...await Promise.all(
          rows.slice(i, i + 50).map(async (r) => {
            const { cookieValue, session } = await createSession(
              db,
              Number(r.id),
              "kic-bench",
            );
            return {
              cookie: `kic_session=${cookieValue}`,
              csrf: session.csrfToken,
              childId: Number(r.child_id),
            };
          }),
        ),
      );
    }

    log("starting the app ...");
    let base: string;
    ({ app, base } = await startBenchApp({
      databaseUrl: database.url,
      redisUrl: REDIS_URL,
      keyPrefix: `kic-bench:${uniqueId()}:`,
      dataDir: `${work}/data`,
    }));
    const path = `/rounds/${roundId}/apply`;
    // Warm up: the first render compiles; a GET of the form does not write anything.
    for (let i = 0; i < 5; i++) {
      const res = await fetch(base + path, {
        headers: { cookie: parents[0].cookie },
      });
      await res.body?.cancel();
      if (res.status !== 200) throw new Error(`warm-up answered ${res.status}`);
    }

    log(`${EMPLOYEES} submissions at once ...`);
    const submit = async (p: Parent) => {
      const started = performance.now();
      const body = new URLSearchParams({
        _csrf: p.csrf,
        version: "0",
        [`choice-${p.childId}-1`]: String(recruitment.id),
        childrenCount: "1",
        intent: "submit",
      }).toString();
      try {
        const res = await fetch(base + path, {
          method: "POST",
          headers: {
            cookie: p.cookie,
            "content-type": "application/x-www-form-urlencoded",
            origin: base,
          },
          body,
          redirect: "manual",
        });
        const text = res.status === 303 ? "" : await res.text();
        if (res.status === 303) await res.body?.cancel();
        return {
          ok: res.status === 303 &&
            /done=/.test(res.headers.get("location") ?? ""),
          status: res.status,
          text,
          ms: performance.now() - started,
        };
      } catch (error) {
        return {
          ok: false,
          status: 0,
          text: String(error),
          ms: performance.now() - started,
        };
      }
    };
    const t0 = performance.now();
    const outcomes = await Promise.all(parents.map(submit));
    const wall = performance.now() - t0;

    const [counts] = await db.sql<
      {
        applications: number;
        submitted: number;
        families: number;
        children: number;
      }
    >`
      select count(*)::int as applications,
        count(*) filter (where status = 'submitted')::int as submitted,
        count(distinct family_key)::int as families,
        (select count(*)::int from application_children ac
          join applications x on x.id = ac.application_id
          where x.round_id = ${roundId}) as children
      from applications where round_id = ${roundId}`;
    const ms = outcomes.map((o) => o.ms).sort((a, b) => a - b);
    const failures = outcomes.filter((o) => !o.ok);
    const byStatus = new Map<number, number>();
    for (const f of failures) {
      byStatus.set(f.status, (byStatus.get(f.status) ?? 0) + 1);
    }
    console.log(`employees        ${EMPLOYEES} (one app process, PostgreSQL)`);
    console.log(`time             ${(wall / 1000).toFixed(2)} s`);
    console.log(
      `throughput       ${(EMPLOYEES / (wall / 1000)).toFixed(0)} /s`,
    );
    console.log(`p50              ${percentile(ms, 0.5).toFixed(0)} ms`);
    console.log(`p99              ${percentile(ms, 0.99).toFixed(0)} ms`);
    console.log(`max              ${ms.at(-1)?.toFixed(0)} ms`);
    console.log(
      `applications     ${counts.applications} (submitted ${counts.submitted}, families ${counts.families}, children ${counts.children})`,
    );
    console.log(
      `failures         ${failures.length}${
        failures.length
          ? ` (${
            [...byStatus].map(([s, n]) => `${s || "network"}: ${n}`).join(", ")
          })`
          : ""
      }`,
    );
    if (failures.length) {
      console.error(
        `first failure: ${failures[0].status} ${
          failures[0].text.slice(0, 300)
        }`,
      );
    }
    const good = counts.applications === EMPLOYEES &&
      counts.families === EMPLOYEES && counts.children === EMPLOYEES &&
      failures.length === 0;
    console.log(good ? "ok: none lost, none duplicated" : "FAILED");
    if (!good) Deno.exitCode = 1;
  } finally {
    await stopApp(app);
    await db.close().catch(() => {});
    await database.drop().catch(() => {});
    await Deno.remove(work, { recursive: true }).catch(() => {});
  }
}

if (import.meta.main) await main();
