/**
 * TEST HELPER, not product code: a round with accepted applications, frozen the way the freeze
 * (issue 12) freezes one, so the draw can be tested before the freeze's use case exists. It
 * writes exactly the freeze's contract (services/migrations/0010_review_freeze.sql): the `draws`
 * row (secret sealed, the lottery's `prepareRecord` output in `record`), `draw_recruitments`,
 * `draw_entrants`, `draw_choices`, `rounds.status = 'frozen'`, and `kept_withdrawals` for
 * withdrawals after the freeze. Once the freeze is merged, tests should freeze through it.
 *
 * @module
 */
import { unsealDrawSecret } from "@/domain/draw_secret.ts";
import { freezeRound, type FreezeServices } from "@/domain/freeze.ts";
import type { RoundRecord } from "@/lottery/mod.ts";
import type { Db } from "@/services/db.ts";
import { randomHex } from "@/services/encoding.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** One family the fixture made (or found in the demo data). */
export interface FixtureFamily {
  /** The parent's account id (the family key). */
  accountId: number;
  /** The parent's login (password `kic-demo-1234`). */
  login: string;
  /** The application. */
  applicationId: number;
  /** Its children in the round. */
  children: { childId: number; name: string; token: string }[];
}

/** What {@link acceptedRound} made. */
export interface AcceptedRound {
  /** The demo's open round, now due for its draw. */
  roundId: number;
  /** Every family with an accepted application, the demo's kim.hana first. */
  families: FixtureFamily[];
}

/**
 * Turns the demo's open round into one whose review is over and whose primary beacon was due an
 * hour before `now` (deadline a day after `now`, fallback 36 h after, 1st window from 2 days),
 * with accepted applications: kim.hana's child and `extra` new families (one child each),
 * every child listing `k1-age1` then `k2-age1`; `seats` overrides the recruitments' seats.
 */
export async function acceptedRound(
  db: Db,
  options: { now: Date; extra?: number; seats?: Record<string, number> },
): Promise<AcceptedRound> {
  const at = (ms: number) => new Date(options.now.getTime() + ms);
  const [round] = await db.sql<{ id: number }>`
    select id from rounds where status = 'open' order by id limit 1`;
  const roundId = Number(round.id);
  await db.sql`update rounds set status = 'review',
      applications_open_at = ${at(-30 * DAY)}, applications_close_at = ${
    at(-20 * DAY)
  },
      review_until = ${at(-10 * DAY)}, beacon_scheduled_at = ${at(-HOUR)},
      draw_at = ${at(-HOUR / 2)}, beacon_deadline = ${at(DAY)},
      fallback_scheduled_at = ${at(36 * HOUR)},
      first_window_start = ${at(2 * DAY)}, first_window_end = ${at(9 * DAY)},
      second_window_start = ${at(10 * DAY)}, second_window_end = ${
    at(17 * DAY)
  },
      waitlists_end_at = ${at(60 * DAY)}
    where id = ${roundId}`;
  for (const [code, seats] of Object.entries(options.seats ?? {})) {
    await db.sql`update recruitments set seats = ${seats}
      where round_id = ${roundId} and code = ${code}`;
  }
  const [kim] = await db.sql<{ id: number; password_hash: string }>`
    select id, password_hash from accounts where login = 'kim.hana'`;
  const [kid] = await db.sql<{ id: number; name: string; token: string }>`
    select id, name, token from children where account_id = ${kim.id} order by id limit 1`;
  const families: FixtureFamily[] = [];
  const add = async (
    accountId: number,
    login: string,
    child: { id: number; name: string; token: string },
  ) => {
    const [app] = await db.sql<{ id: number }>`
      insert into applications (round_id, family_key, filed_by, status, facts)
      values (${roundId}, ${accountId}, ${accountId}, 'accepted', '{}'::jsonb)
      returning id`;
    await db.sql`insert into application_children (application_id, child_id)
      values (${app.id}, ${child.id})`;
    await db.sql`
      insert into application_choices (application_id, child_id, rank, recruitment_id)
      select ${app.id}, ${child.id}, x.rank, r.id
      from (values (1, 'k1-age1'), (2, 'k2-age1')) as x(rank, code)
      join recruitments r on r.round_id = ${roundId} and r.code = x.code`;
    await db.sql`
      insert into documents (application_id, kind, storage_key, content_type, size_bytes,
        sha256, status)
      values (${app.id}, 'resident_register', ${`test/${
      randomHex(8)
    }`}, 'application/pdf', 10, 'x', 'accepted')`;
    families.push({
      accountId,
      login,
      applicationId: Number(app.id),
      children: [{
        childId: Number(child.id),
        name: child.name,
        token: child.token,
      }],
    });
  };
  await add(Number(kim.id), "kim.hana", kid);
  for (let i = 0; i < (options.extra ?? 0); i++) {
    const login = `draw.parent${i}`;
    const [account] = await db.sql<{ id: number }>`
      insert into accounts (login, email, name_ko, employee_no, department, join_date,
        password_hash)
      values (${login}, ${`${login}@kic.example`}, ${`부모${i}`}, ${`D${
      String(i).padStart(5, "0")
    }`},
        '연구팀', ${`20${10 + (i % 10)}-03-02`}, ${kim.password_hash})
      returning id`;
    const [child] = await db.sql<{ id: number; name: string; token: string }>`
      insert into children (account_id, name, birth_date, token)
      values (${account.id}, ${`아이${i}`}, ${`${
      options.now.getUTCFullYear() - 1
    }-01-01`}, ${randomHex(16)})
      returning id, name, token`;
    await add(Number(account.id), login, child);
  }
  return { roundId, families };
}

/** What {@link freezeForTest} wrote: the secret (unsealed) and the public pre-draw record. */
export interface FrozenForTest {
  /** The secret, unsealed with the config's key. */
  secret: string;
  /** The public pre-draw record (draws.record). */
  record: RoundRecord;
}

/**
 * Freezes the round through the freeze's use case (domain/freeze.ts `freezeRound`), then reads
 * back the record and the secret (unsealed under the config's key) for the test to check.
 * `now` is the test's "now" of {@link acceptedRound}; the freeze happens two days before it,
 * after the review and more than an hour before the beacon, as the freeze requires.
 */
export async function freezeForTest(
  services: FreezeServices,
  options: { roundId: number; actorId: number; now: Date },
): Promise<FrozenForTest> {
  const out = await freezeRound(services, {
    ...options,
    now: new Date(options.now.getTime() - 2 * DAY),
  });
  if (!out.ok) {
    throw new Error(
      `the freeze refused: ${
        out.reason === "blocked"
          ? out.blockers.map((b) => b.kind).join(", ")
          : out.reason
      }`,
    );
  }
  const [row] = await services.db.sql<
    { record: RoundRecord; secret_sealed: string }
  >`select record, secret_sealed from draws where round_id = ${options.roundId}`;
  const secret = await unsealDrawSecret(services.config.drawSecretKey, {
    roundId: options.roundId,
    sealed: row.secret_sealed,
  });
  return { secret, record: row.record };
}

/** Keeps a withdrawal made after the freeze, as the freeze's withdrawal use case does. */
export async function keepWithdrawalForTest(
  db: Db,
  options: { roundId: number; pseudonym: string; by: number },
): Promise<void> {
  await db.sql`insert into kept_withdrawals (round_id, pseudonym, requested_by)
    values (${options.roundId}, ${options.pseudonym}, ${options.by})`;
}

/** What {@link frozenTestRound} made. */
export interface FrozenTestRound extends AcceptedRound {
  /** What the freeze wrote. */
  frozen: FrozenForTest;
  /** The demo admin's id. */
  adminId: number;
}

/**
 * {@link acceptedRound} then {@link freezeForTest} on a test app's services; `before` runs
 * between them (e.g. to leave an application out of the pool).
 */
export async function frozenTestRound(
  services: FreezeServices,
  options: {
    now: Date;
    extra: number;
    seats?: Record<string, number>;
    before?: (round: AcceptedRound) => Promise<void>;
  },
): Promise<FrozenTestRound> {
  const round = await acceptedRound(services.db, options);
  await options.before?.(round);
  const [admin] = await services.db.sql<{ id: number }>`
    select id from accounts where login = 'admin'`;
  const frozen = await freezeForTest(services, {
    roundId: round.roundId,
    actorId: Number(admin.id),
    now: options.now,
  });
  return { ...round, frozen, adminId: Number(admin.id) };
}
