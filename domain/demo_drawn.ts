/**
 * The demo's past round, already drawn, so a newcomer sees results and can verify them at once:
 * the demo families' children applied to two classes with fewer seats than children, the round
 * was frozen (pseudonyms, digest, commitment, sealed secret) and drawn with a Lotto 6/45 value
 * through the real draw use case (`runRoundDraw`).
 *
 * It also holds {@link writeFrozenRound}, the demo's stand-in for the freeze (issue 12): it
 * writes exactly the rows the freeze writes (services/migrations/0010_review_freeze.sql) for the
 * round's accepted applications. Tests use it too (tests/frozen_round.ts) until the freeze's
 * own use case replaces it.
 *
 * @module
 */
import {
  byteCompare,
  type Entrant,
  prepareRecord,
  pseudonymOf,
  type RoundRecord,
} from "@/lottery/mod.ts";
import { DEFAULT_SETTINGS } from "@/lottery/weights_and_tiers.ts";
import type { Cache } from "@/services/cache.ts";
import type { Db } from "@/services/db.ts";
import { randomHex } from "@/services/encoding.ts";
import { runRoundDraw } from "./draw.ts";
import { sealDrawSecret } from "./draw_secret.ts";
import { roundPool } from "./pool.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The Lotto 6/45 value the demo round was drawn with. */
export const DEMO_BEACON_VALUE = "1190:5,12,23,31,38,42+17";

/** What {@link writeFrozenRound} wrote. */
export interface FrozenRound {
  /** The secret (sealed in the database until the draw). */
  secret: string;
  /** The public pre-draw record (draws.record). */
  record: RoundRecord;
}

interface BeaconRow {
  name: string;
  beacon_kind: "lotto645" | "drand" | "nist";
  beacon_name: string;
  beacon_scheduled_at: Date;
  beacon_deadline: Date;
  fallback_kind: "lotto645" | "drand" | "nist";
  fallback_name: string;
  fallback_scheduled_at: Date;
}

/**
 * Freezes a round as the freeze does: the pool's accepted entrants, pseudonyms from a new
 * secret, the lottery's `prepareRecord`, the secret sealed under `drawSecretKey`, the draw
 * tables, and `rounds.status = 'frozen'`, in one transaction.
 *
 * @example
 * ```ts
 * const { record } = await writeFrozenRound(db, { roundId, actorId, now, drawSecretKey });
 * ```
 */
export async function writeFrozenRound(
  db: Db,
  options: {
    roundId: number;
    actorId: number;
    now: Date;
    drawSecretKey: string;
  },
): Promise<FrozenRound> {
  const { roundId } = options;
  const pool = await roundPool(db, roundId);
  const inPool = new Set(
    pool.applications.filter((a) => a.state === "in_pool").map((a) => a.id),
  );
  const secret = randomHex(32);
  const entrants = pool.entrants.filter((e) => inPool.has(e.applicationId))
    .map((e) => {
      const pseudonym = pseudonymOf(secret, e.token);
      const members = e.unitId === null
        ? [pseudonym]
        : e.members.map((m) => pseudonymOf(secret, m.token)).sort(byteCompare);
      return { pool: e, pseudonym, members };
    });
  const [round] = await db.sql<BeaconRow>`
    select name, beacon_kind, beacon_name, beacon_scheduled_at, beacon_deadline,
      fallback_kind, fallback_name, fallback_scheduled_at
    from rounds where id = ${roundId}`;
  const record = prepareRecord({
    round: { id: String(roundId), name: round.name },
    recruitments: pool.recruitments.map((r) => ({ id: r.id, seats: r.seats })),
    entrants: entrants.map((e): Entrant => ({
      pseudonym: e.pseudonym,
      members: e.members,
      choices: e.pool.choices.map((c) => ({
        recruitment: c.code,
        weight: c.weight,
        tier: c.tier,
      })),
    })),
    secret,
    beacon: {
      kind: round.beacon_kind,
      name: round.beacon_name,
      scheduledAt: round.beacon_scheduled_at.getTime(),
      deadline: round.beacon_deadline.getTime(),
      fallback: {
        kind: round.fallback_kind,
        name: round.fallback_name,
        scheduledAt: round.fallback_scheduled_at.getTime(),
      },
    },
  });
  const sealed = await sealDrawSecret(options.drawSecretKey, {
    roundId,
    secret,
  });
  await db.transaction(async (tx) => {
    await tx.sql`
      insert into draws (round_id, secret, secret_sealed, commitment, digest, frozen_by,
        frozen_at, record)
      values (${roundId}, null, ${sealed}, ${record.commitment}, ${record.digest},
        ${options.actorId}, ${options.now}, ${JSON.stringify(record)}::jsonb)`;
    for (const r of pool.recruitments) {
      await tx
        .sql`insert into draw_recruitments (round_id, recruitment_id, code, seats)
        values (${roundId}, ${r.recruitmentId}, ${r.id}, ${r.seats})`;
    }
    for (const e of entrants) {
      await tx.sql`
        insert into draw_entrants (round_id, pseudonym, members, application_id, child_id,
          unit_id)
        values (${roundId}, ${e.pseudonym}, ${e.members}, ${e.pool.applicationId},
          ${e.pool.childId}, ${e.pool.unitId})`;
      for (const [position, c] of e.pool.choices.entries()) {
        await tx.sql`
          insert into draw_choices (round_id, pseudonym, position, recruitment_id, weight,
            tier, addends)
          values (${roundId}, ${e.pseudonym}, ${position}, ${c.recruitmentId}, ${c.weight},
            ${c.tier}, ${JSON.stringify(c.addends)}::jsonb)`;
      }
    }
    await tx.sql`update rounds set status = 'frozen' where id = ${roundId}`;
  });
  return { secret, record };
}

/** A cache that only swallows the doorbell (the seed runs before any reader exists). */
const quietCache = { publish: () => Promise.resolve(0) } as unknown as Cache;

/**
 * Adds the drawn past round to freshly seeded demo data (call it right after `seedDemo`
 * returned true). Returns the round's id.
 *
 * @example
 * ```ts
 * if (await seedDemo(db)) await seedDrawnDemoRound({ db, config }, new Date());
 * ```
 */
export async function seedDrawnDemoRound(
  services: { db: Db; config: { drawSecretKey: string; publicOrigin: string } },
  now = new Date(),
): Promise<number> {
  const { db } = services;
  const at = (ms: number) => new Date(now.getTime() + ms);
  const [admin] = await db.sql<{ id: number }>`
    select id from accounts where login = 'admin'`;
  const kids = await db.sql<{ id: number; account_id: number }>`
    select c.id, c.account_id from children c
    join accounts a on a.id = c.account_id
    where a.login in ('kim.hana', 'lee.minho') order by c.id`;
  const kgs = await db.sql<
    { id: number }
  >`select id from kindergartens order by id`;
  const year = now.getUTCFullYear();
  const [round] = await db.sql<{ id: number }>`
    insert into rounds (name, status, applications_open_at, applications_close_at,
      review_until, beacon_scheduled_at, draw_at, beacon_deadline, fallback_scheduled_at,
      first_window_start, first_window_end, second_window_start, second_window_end,
      waitlists_end_at, enrolment_year, beacon_kind, beacon_name, fallback_kind, fallback_name)
    values (${`${year}학년도 수시 모집 (추첨 완료)`}, 'review', ${
    at(-30 * DAY)
  },
      ${at(-10 * DAY)}, ${at(-3 * DAY)}, ${at(-2 * DAY - HOUR)}, ${
    at(-2 * DAY)
  },
      ${at(-DAY)}, ${at(-12 * HOUR)}, ${at(DAY)}, ${at(8 * DAY)}, ${
    at(9 * DAY)
  },
      ${at(16 * DAY)}, ${at(60 * DAY)}, ${year}, 'lotto645',
      ${"동행복권 로또 6/45 제1190회"}, 'drand', ${"drand quicknet round 12000000"})
    returning id`;
  const roundId = Number(round.id);
  const settings = JSON.stringify(DEFAULT_SETTINGS);
  const codes: [number, string][] = [];
  for (const [i, kg] of kgs.slice(0, 2).entries()) {
    const code = `past-k${i + 1}-age1`;
    const [r] = await db.sql<{ id: number }>`
      insert into recruitments (round_id, kindergarten_id, class_age, code, seats, settings)
      values (${roundId}, ${kg.id}, 1, ${code}, 1, ${settings}::jsonb)
      returning id`;
    codes.push([Number(r.id), code]);
  }
  const byFamily = new Map<number, number[]>();
  for (const k of kids) {
    const list = byFamily.get(Number(k.account_id)) ?? [];
    list.push(Number(k.id));
    byFamily.set(Number(k.account_id), list);
  }
  for (const [account, children] of byFamily) {
    const [app] = await db.sql<{ id: number }>`
      insert into applications (round_id, family_key, filed_by, status, facts)
      values (${roundId}, ${account}, ${account}, 'accepted', '{}'::jsonb)
      returning id`;
    for (const child of children) {
      await db.sql`insert into application_children (application_id, child_id)
        values (${app.id}, ${child})`;
      for (const [rank, [recruitmentId]] of codes.entries()) {
        await db.sql`
          insert into application_choices (application_id, child_id, rank, recruitment_id)
          values (${app.id}, ${child}, ${rank + 1}, ${recruitmentId})`;
      }
    }
  }
  await writeFrozenRound(db, {
    roundId,
    actorId: Number(admin.id),
    now: at(-3 * DAY),
    drawSecretKey: services.config.drawSecretKey,
  });
  const [outbox] = await db.sql<{ last: number }>`
    select coalesce(max(id), 0) as last from outbox`;
  await runRoundDraw({ ...services, cache: quietCache }, {
    roundId,
    actorId: Number(admin.id),
    beaconValue: DEMO_BEACON_VALUE,
    source: "primary",
    now: at(-2 * DAY),
  });
  // The demo's draw happened two days ago: its result mails count as delivered then.
  await db.sql`update outbox set sent_at = ${at(-2 * DAY)}
    where id > ${outbox.last} and sent_at is null`;
  return roundId;
}
