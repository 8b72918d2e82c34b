/**
 * The demo's past round, already drawn, so a newcomer sees results and can verify them at once:
 * the demo families' children applied to two classes with fewer seats than children, the round
 * was frozen (pseudonyms, digest, commitment, sealed secret) and drawn with a Lotto 6/45 value
 * through the real draw use case (`runRoundDraw`).
 *
 * @module
 */
import { DEFAULT_SETTINGS } from "@/lottery/weights_and_tiers.ts";
import type { Cache } from "@/services/cache.ts";
import type { Db } from "@/services/db.ts";
import { runRoundDraw } from "./draw.ts";
import { freezeRound } from "./freeze.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The Lotto 6/45 value the demo round was drawn with. */
export const DEMO_BEACON_VALUE = "1190:5,12,23,31,38,42+17";

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
  const [outbox] = await db.sql<{ last: number }>`
    select coalesce(max(id), 0) as last from outbox`;
  const frozen = await freezeRound({ ...services, cache: quietCache }, {
    roundId,
    actorId: Number(admin.id),
    now: at(-3 * DAY),
  });
  if (!frozen.ok) {
    throw new Error(`demo round: the freeze refused (${frozen.reason})`);
  }
  await runRoundDraw({ ...services, cache: quietCache }, {
    roundId,
    actorId: Number(admin.id),
    beaconValue: DEMO_BEACON_VALUE,
    source: "primary",
    now: at(-2 * DAY),
  });
  // The demo's freeze and draw are past: their mails count as delivered then.
  await db.sql`update outbox set sent_at = ${at(-2 * DAY)}
    where id > ${outbox.last} and sent_at is null`;
  return roundId;
}
