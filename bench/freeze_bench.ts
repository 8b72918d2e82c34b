/**
 * How long the freeze transaction takes for N families of one child each (default 2,000), all
 * accepted, each choosing two classes: `deno run -A bench/freeze_bench.ts 2000` on the embedded
 * defaults, or with `KIC_TEST_REAL=1 DATABASE_URL=… REDIS_URL=…` on PostgreSQL. Prints one JSON
 * line: entrants, milliseconds, mails enqueued, database.
 */
import { seedDemo } from "@/domain/demo.ts";
import { freezeRound } from "@/domain/freeze.ts";
import { openTestServices } from "@/services/testing/mod.ts";

const N = Number(Deno.args[0] ?? 2000);
const services = await openTestServices();
const { db } = services;
await seedDemo(db, new Date(), 1000);
const [r] = await db.sql<{ id: number }>`select id from rounds`;
const roundId = Number(r.id);
await db.sql`
  insert into accounts (login, email, name_ko, employee_no, department, join_date)
  select 'b' || g, 'b' || g || '@kic.example', '벤치' || g, 'B' || g, '인사팀', '2015-03-02'
  from generate_series(1, ${N}) g`;
await db.sql`
  insert into children (account_id, name, birth_date, token)
  select a.id, '아이' || a.id, '2024-05-01', md5(random()::text)
  from accounts a where a.login like 'b%'`;
await db.sql`
  insert into applications (round_id, family_key, filed_by, status, facts)
  select ${roundId}, a.id, a.id, 'accepted', '{}'::jsonb from accounts a where a.login like 'b%'`;
await db.sql`
  insert into application_children (application_id, child_id)
  select ap.id, c.id from applications ap join children c on c.account_id = ap.family_key`;
await db.sql`
  insert into application_choices (application_id, child_id, rank, recruitment_id)
  select ac.application_id, ac.child_id, rk.rank, rk.id
  from application_children ac cross join lateral (
    select id, row_number() over (order by id)::int as rank from recruitments
    where round_id = ${roundId} and class_age = 2 order by id limit 2) rk`;
await db.sql`
  insert into documents (application_id, kind, storage_key, content_type, size_bytes, sha256, status)
  select id, 'resident_register', 'k' || id, 'application/pdf', 10, 'x', 'accepted' from applications`;
const [c] = await db.sql<
  { close: Date }
>`select applications_close_at as close from rounds`;
const [admin] = await db.sql<
  { id: number }
>`select id from accounts where login = 'admin'`;
const t0 = performance.now();
const out = await freezeRound(services, {
  roundId,
  actorId: Number(admin.id),
  now: new Date(c.close.getTime() + 86400000),
});
const ms = performance.now() - t0;
const [m] = await db.sql<{ n: number }>`select count(*)::int as n from outbox`;
console.log(
  JSON.stringify({
    entrants: out.ok ? out.entrants : out,
    freezeMs: Math.round(ms),
    mails: m.n,
    db: Deno.env.get("DATABASE_URL") ? "postgres" : "pglite",
  }),
);
await services.close();
