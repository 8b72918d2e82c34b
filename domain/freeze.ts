/**
 * The freeze (issue 12): the round's entry list made final, public and checkable before the
 * draw (rules.md "Round calendar", "Verifiable randomness"; lottery README sections 2, 3, 7).
 *
 * - {@link freezeBlockers}: every reason the freeze is refused now (window still open, pending
 *   applications, unresolved duplicated children, beacon past or less than an hour away, already
 *   frozen).
 * - {@link excludeApplication}: the admin takes a pending application out of the round with a
 *   reason (audited; both parents mailed, each in their language).
 * - {@link freezeRound}: in ONE transaction that first locks the round row and refuses when a
 *   `draws` row exists (there is no re-freeze): a fresh secret, sealed under `DRAW_SECRET_KEY`;
 *   the pseudonyms; the record of `prepareRecord` (digest, commitment, beacon); the frozen
 *   entrants with their weights, tiers and choices; the round's status; the audit row; the
 *   round event; and the mail to every family of the round.
 * - {@link keepWithdrawal}: a withdrawal after the freeze, kept aside for the draw.
 * - {@link reportFreezeError}: a family's report of an error in the frozen list.
 *
 * Only applications in the pool (`in_pool`) become entrants. Families outside the pool (their
 * resident-register copy was rejected) and excluded families are mailed why they are not in it.
 *
 * @module
 */
import type { Locale, MessageKey, Translate } from "@/i18n/mod.ts";
import { translator } from "@/i18n/mod.ts";
import {
  BEACON_EXAMPLES,
  type BeaconKind,
  type Entrant,
  prepareRecord,
  pseudonymOf,
  type RoundRecord,
} from "@/lottery/mod.ts";
import type { Cache } from "@/services/cache.ts";
import type { Db } from "@/services/db.ts";
import { randomHex } from "@/services/encoding.ts";
import { enqueueMail } from "@/services/outbox.ts";
import { NotFoundError } from "@/utils/errors.ts";
import { formatDateTime } from "@/utils/format.ts";
import { type DuplicateChild, duplicateChildren } from "./applications.ts";
import { type HrFlag, openHrFlags } from "./hr_flags.ts";
import { recordAudit } from "./audit.ts";
import { sealDrawSecret } from "./draw_secret.ts";
import { familyOf } from "./family.ts";
import {
  type PoolEntrant,
  type PoolState,
  type RoundPool,
  roundPool,
} from "./pool.ts";
import { assertRoundOpenForEntrants } from "./round_lock.ts";
import { appendRoundEvent, ringRoundDoorbell } from "./round_events.ts";
import {
  roundAnnouncement,
  type RoundSetup,
  roundSetup,
} from "./round_setup.ts";

/** The freeze is refused when the beacon's event is less than this far away (ms). */
export const BEACON_MARGIN_MS = 60 * 60 * 1000;

/** An application as the freeze page lists it. */
export interface FreezeApplication {
  /** The application id (links to /admin/review/{id}). */
  id: number;
  /** The family's key account's Korean name. */
  family: string;
  /** The children applying, by name. */
  children: string[];
  /** Why (an outside application: the reject reason of its resident-register copy). */
  reason: string | null;
}

/** One reason the freeze is refused, with what the page shows. */
export type FreezeBlocker =
  | { kind: "notPublished" }
  | { kind: "windowOpen"; closesAt: Date }
  | { kind: "pending"; applications: FreezeApplication[] }
  | { kind: "duplicates"; duplicates: DuplicateChild[] }
  | { kind: "beaconSoon"; scheduledAt: Date }
  | { kind: "hrFlags"; flags: HrFlag[] }
  | { kind: "frozen"; status: string };

async function applicationsOf(
  db: Db,
  ids: number[],
): Promise<Map<number, FreezeApplication>> {
  const rows = await db.sql<
    {
      id: number;
      family: string;
      children: string[] | null;
      reason: string | null;
    }
  >`
    select a.id, f.name_ko as family,
      (select array_agg(c.name order by c.birth_date, c.id) from application_children ac
        join children c on c.id = ac.child_id where ac.application_id = a.id) as children,
      (select d.reject_reason from documents d where d.application_id = a.id
        and d.kind = 'resident_register' and d.status = 'rejected' and d.deleted_at is null
        order by d.id desc limit 1) as reason
    from applications a join accounts f on f.id = a.family_key
    where a.id = any(${ids}::int8[]) order by a.id`;
  return new Map(rows.map((r) => [Number(r.id), {
    id: Number(r.id),
    family: r.family,
    children: r.children ?? [],
    reason: r.reason,
  }]));
}

async function applicationsInState(
  db: Db,
  roundId: number,
  state: PoolState,
): Promise<FreezeApplication[]> {
  const pool = await roundPool(db, roundId);
  const ids = pool.applications.filter((a) => a.state === state).map((a) =>
    a.id
  );
  return [...(await applicationsOf(db, ids)).values()];
}

/**
 * Every reason the freeze of the round is refused at `now` (empty: it may be frozen).
 *
 * @example
 * ```ts
 * const blockers = await freezeBlockers(db, { roundId, now: clock.now() });
 * if (blockers.length === 0) await freezeRound(services, { roundId, actorId, now });
 * ```
 */
export async function freezeBlockers(
  db: Db,
  options: { roundId: number; now: Date },
): Promise<FreezeBlocker[]> {
  const round = await roundSetup(db, options.roundId);
  if (!round) throw new NotFoundError("round");
  return await blockersOf(db, round, options.now);
}

async function blockersOf(
  db: Db,
  round: RoundSetup,
  now: Date,
): Promise<FreezeBlocker[]> {
  const out: FreezeBlocker[] = [];
  const [draw] = await db.sql`select 1 from draws where round_id = ${round.id}`;
  if (draw || !["draft", "open", "review"].includes(round.status)) {
    return [{ kind: "frozen", status: round.status }];
  }
  if (round.status === "draft") out.push({ kind: "notPublished" });
  if (now.getTime() < round.applicationsCloseAt.getTime()) {
    out.push({ kind: "windowOpen", closesAt: round.applicationsCloseAt });
  }
  const pending = await applicationsInState(db, round.id, "pending");
  if (pending.length) out.push({ kind: "pending", applications: pending });
  const duplicates = await duplicateChildren(db, round.id);
  if (duplicates.length) out.push({ kind: "duplicates", duplicates });
  const flags = await openHrFlags(db, round.id);
  if (flags.length) out.push({ kind: "hrFlags", flags });
  if (round.beaconScheduledAt.getTime() - now.getTime() < BEACON_MARGIN_MS) {
    out.push({ kind: "beaconSoon", scheduledAt: round.beaconScheduledAt });
  }
  return out;
}

/**
 * The applications outside the pool (resident-register copy rejected), with the reason, for
 * the freeze page; their families are mailed why at the freeze.
 *
 * @example
 * ```ts
 * const outside = await outsideApplications(db, roundId);
 * ```
 */
export function outsideApplications(
  db: Db,
  roundId: number,
): Promise<FreezeApplication[]> {
  return applicationsInState(db, roundId, "outside");
}

/** What {@link excludeApplication} did. */
export type ExcludeOutcome =
  | { ok: true }
  | { ok: false; reason: "notPending" };

/**
 * Excludes a pending application of the round with a reason, before the freeze: status
 * `excluded`, `excluded_reason`, audited (`application.exclude`), and both parents mailed the
 * reason through the outbox, each in their language. {@link NotFoundError} for an application
 * of another round; refused when it is not pending.
 *
 * @example
 * ```ts
 * await excludeApplication(db, { roundId, applicationId, actorId, reason, now, origin });
 * ```
 */
export async function excludeApplication(
  db: Db,
  options: {
    roundId: number;
    applicationId: number;
    actorId: number;
    reason: string;
    now: Date;
    origin: string;
  },
): Promise<ExcludeOutcome> {
  const { roundId, applicationId, now } = options;
  return await db.transaction(async (tx): Promise<ExcludeOutcome> => {
    await assertRoundOpenForEntrants(tx, roundId);
    const [app] = await tx.sql<
      { id: number; status: string; family_key: number }
    >`
      select id, status, family_key from applications
      where id = ${applicationId} and round_id = ${roundId} for update`;
    if (!app) throw new NotFoundError("application");
    const pool = await roundPool(tx, roundId);
    const state = pool.applications.find((a) => a.id === applicationId)?.state;
    if (state !== "pending") return { ok: false, reason: "notPending" };
    await tx.sql`
      update applications set status = 'excluded', excluded_reason = ${options.reason},
        updated_at = ${now}, version = version + 1
      where id = ${applicationId}`;
    await recordAudit(tx, {
      actorId: options.actorId,
      action: "application.exclude",
      objectType: "application",
      objectId: applicationId,
      before: { status: app.status },
      after: { status: "excluded", reason: options.reason },
    });
    const [round] = await tx.sql<{ name: string }>`
      select name from rounds where id = ${roundId}`;
    const family = await familyOf(tx, Number(app.family_key));
    for (const parent of family.parents) {
      if (!parent.email) continue;
      const t = translator(parent.locale);
      await enqueueMail(tx, {
        to: parent.email,
        subject: t("freeze.excludeMail.subject", { round: round.name }),
        text: [
          t("freeze.excludeMail.body", { round: round.name }),
          "",
          t("freeze.excludeMail.reason", { reason: options.reason }),
          "",
          `${options.origin}/rounds/${roundId}`,
          "",
          t("mail.signature"),
        ].join("\n"),
      });
    }
    return { ok: true };
  });
}

/** What {@link freezeRound} did. */
export type FreezeOutcome =
  | { ok: true; digest: string; commitment: string; entrants: number }
  | { ok: false; reason: "frozen" }
  | { ok: false; reason: "blocked"; blockers: FreezeBlocker[] };

/** What {@link freezeRound} needs of the services. */
export interface FreezeServices {
  /** The database. */
  db: Db;
  /** Rings the round's doorbell after the commit. */
  cache: Cache;
  /** `drawSecretKey` seals the secret; `publicOrigin` makes the mails' links. */
  config: { drawSecretKey: string; publicOrigin: string };
}

interface NamedChild {
  application_id: number;
  child_id: number;
  name: string;
}

/**
 * Freezes the round (see the module documentation for what is written). Concurrent calls
 * freeze once: the second waits on the round's row lock and gets `frozen`.
 *
 * @example
 * ```ts
 * const out = await freezeRound(services, { roundId, actorId: admin.id, now: clock.now() });
 * if (out.ok) console.log(out.digest, out.commitment);
 * ```
 */
export async function freezeRound(
  services: FreezeServices,
  options: { roundId: number; actorId: number; now: Date },
): Promise<FreezeOutcome> {
  const { roundId, now } = options;
  const out = await services.db.transaction(
    async (tx): Promise<FreezeOutcome> => {
      const round = await roundSetup(tx, roundId, { lock: true });
      if (!round) throw new NotFoundError("round");
      const [drawn] = await tx
        .sql`select 1 from draws where round_id = ${roundId}`;
      if (drawn) return { ok: false, reason: "frozen" };
      const blockers = await blockersOf(tx, round, now);
      if (blockers.some((b) => b.kind === "frozen")) {
        return { ok: false, reason: "frozen" };
      }
      if (blockers.length) return { ok: false, reason: "blocked", blockers };

      const pool = await roundPool(tx, roundId);
      const inPool = new Set(
        pool.applications.filter((a) => a.state === "in_pool").map((a) => a.id),
      );
      const entrants = pool.entrants.filter((e) => inPool.has(e.applicationId));
      const secret = randomHex(32);
      const frozen = entrants.map((e) => ({
        entrant: e,
        pseudonym: pseudonymOf(secret, e.token),
        members: e.members.map((m) => pseudonymOf(secret, m.token)),
      }));
      const lotteryEntrants: Entrant[] = frozen.map((f) => ({
        pseudonym: f.pseudonym,
        members: f.members,
        choices: f.entrant.choices.map((c) => ({
          recruitment: c.code,
          weight: c.weight,
          tier: c.tier,
        })),
      }));
      const announced = roundAnnouncement(round);
      const record = prepareRecord({
        round: { id: announced.round.id, name: round.name },
        recruitments: pool.recruitments.map((r) => ({
          id: r.id,
          seats: r.seats,
        })),
        entrants: lotteryEntrants,
        secret,
        beacon: announced.beacon,
      });
      const sealed = await sealDrawSecret(services.config.drawSecretKey, {
        roundId,
        secret,
      });
      await tx.sql`
      insert into draws (round_id, format, secret, secret_sealed, commitment, digest,
        frozen_at, frozen_by, record)
      values (${roundId}, ${record.format}, null, ${sealed}, ${record.commitment},
        ${record.digest}, ${now}, ${options.actorId}, ${
        JSON.stringify(record)
      }::jsonb)`;
      await writeFrozenList(tx, {
        roundId,
        recruitments: pool.recruitments,
        frozen,
      });
      await tx.sql`update rounds set status = 'frozen' where id = ${roundId}`;
      const counts = {
        entrants: frozen.length,
        applications: inPool.size,
        outside: pool.applications.filter((a) => a.state === "outside").length,
        recruitments: pool.recruitments.length,
      };
      await recordAudit(tx, {
        actorId: options.actorId,
        action: "round.freeze",
        objectType: "round",
        objectId: roundId,
        before: { status: round.status },
        after: {
          status: "frozen",
          digest: record.digest,
          commitment: record.commitment,
          ...counts,
        },
      });
      await appendRoundEvent(tx, {
        roundId,
        kind: "frozen",
        payload: { digest: record.digest, commitment: record.commitment },
      });
      const states = new Map(pool.applications.map((a) => [a.id, a.state]));
      await mailFamilies(tx, {
        round,
        record,
        states,
        pseudonyms: frozen.map((f) => ({
          applicationId: f.entrant.applicationId,
          pseudonym: f.pseudonym,
          childIds: f.entrant.members.map((m) => m.childId),
        })),
        origin: services.config.publicOrigin,
      });
      return {
        ok: true,
        digest: record.digest,
        commitment: record.commitment,
        entrants: frozen.length,
      };
    },
  );
  if (out.ok) await ringRoundDoorbell(services.cache, roundId).catch(() => {});
  return out;
}

/** One frozen entrant: the pool's entrant with its pseudonym and its members' pseudonyms. */
interface FrozenEntrant {
  entrant: PoolEntrant;
  pseudonym: string;
  members: string[];
}

/**
 * Writes `draw_recruitments`, `draw_entrants` and `draw_choices` in three statements whatever
 * the size of the round (the rows travel as one JSON value each, unpacked in SQL).
 */
async function writeFrozenList(
  tx: Db,
  options: {
    roundId: number;
    recruitments: RoundPool["recruitments"];
    frozen: FrozenEntrant[];
  },
): Promise<void> {
  const { roundId, frozen } = options;
  const recruitments = JSON.stringify(options.recruitments.map((r) => ({
    recruitment_id: r.recruitmentId,
    code: r.id,
    seats: r.seats,
  })));
  const entrants = JSON.stringify(frozen.map((f) => ({
    pseudonym: f.pseudonym,
    members: f.members,
    application_id: f.entrant.applicationId,
    child_id: f.entrant.childId,
    unit_id: f.entrant.unitId,
  })));
  const choices = JSON.stringify(
    frozen.flatMap((f) =>
      f.entrant.choices.map((c, position) => ({
        pseudonym: f.pseudonym,
        position,
        recruitment_id: c.recruitmentId,
        weight: c.weight,
        tier: c.tier,
        addends: c.addends,
      }))
    ),
  );
  await tx.sql`
    insert into draw_recruitments (round_id, recruitment_id, code, seats)
    select ${roundId}, x.recruitment_id, x.code, x.seats
    from jsonb_to_recordset(${recruitments}::jsonb)
      as x(recruitment_id bigint, code text, seats int)`;
  await tx.sql`
    insert into draw_entrants (round_id, pseudonym, members, application_id, child_id,
      unit_id)
    select ${roundId}, x.pseudonym, x.members, x.application_id, x.child_id, x.unit_id
    from jsonb_to_recordset(${entrants}::jsonb)
      as x(pseudonym text, members text[], application_id bigint, child_id bigint,
        unit_id bigint)`;
  await tx.sql`
    insert into draw_choices (round_id, pseudonym, position, recruitment_id, weight, tier,
      addends)
    select ${roundId}, x.pseudonym, x.position, x.recruitment_id, x.weight, x.tier,
      x.addends
    from jsonb_to_recordset(${choices}::jsonb)
      as x(pseudonym text, position int, recruitment_id bigint, weight int, tier int,
        addends jsonb)`;
}

/** The published facts of a frozen round, as the pages and mails show them. */
export interface FrozenFacts {
  /** The entry digest (64 hex). */
  digest: string;
  /** SHA-256 of the secret (64 hex). */
  commitment: string;
  /** When it was frozen. */
  frozenAt: Date;
  /** The stored public record (pre-draw: entries, digest, commitment, beacon). */
  record: RoundRecord;
}

/**
 * The frozen facts of the round, or null before the freeze.
 *
 * @example
 * ```ts
 * const facts = await frozenFacts(db, roundId);
 * ```
 */
export async function frozenFacts(
  db: Db,
  roundId: number,
): Promise<FrozenFacts | null> {
  const [row] = await db.sql<
    { digest: string; commitment: string; frozen_at: Date; record: RoundRecord }
  >`
    select digest, commitment, frozen_at, record from draws where round_id = ${roundId}`;
  if (!row) return null;
  return {
    digest: row.digest,
    commitment: row.commitment,
    frozenAt: row.frozen_at,
    record: typeof row.record === "string"
      ? JSON.parse(row.record)
      : row.record,
  };
}

/** One of the family's own frozen entrants. */
export interface OwnEntrant {
  /** The pseudonym. */
  pseudonym: string;
  /** The members' pseudonyms. */
  members: string[];
  /** The children's names (one, or a unit's members). */
  names: string[];
  /** The withdrawal is kept for the draw. */
  withdrawn: boolean;
  /** The lottery's recruitment ids of its choices, in ranked order. */
  choices: string[];
}

/**
 * The family's own entrants in the frozen round, looked up by the family's application ids
 * (never another family's).
 *
 * @example
 * ```ts
 * const mine = await ownEntrants(db, { roundId, familyIds: family.memberIds });
 * ```
 */
export async function ownEntrants(
  db: Db,
  options: { roundId: number; familyIds: number[] },
): Promise<OwnEntrant[]> {
  const rows = await db.sql<
    {
      pseudonym: string;
      members: string[];
      names: string[];
      withdrawn: boolean;
      choices: string[];
    }
  >`
    select e.pseudonym, e.members,
      array(select dr.code from draw_choices dc
        join draw_recruitments dr on dr.round_id = dc.round_id
          and dr.recruitment_id = dc.recruitment_id
        where dc.round_id = e.round_id and dc.pseudonym = e.pseudonym
        order by dc.position) as choices,
      array(select c.name from application_children ac join children c on c.id = ac.child_id
        where ac.application_id = e.application_id
          and (ac.child_id = e.child_id or ac.unit_id = e.unit_id)
        order by c.birth_date, c.id) as names,
      exists(select 1 from kept_withdrawals k
        where k.round_id = e.round_id and k.pseudonym = e.pseudonym) as withdrawn
    from draw_entrants e join applications a on a.id = e.application_id
    where e.round_id = ${options.roundId}
      and a.family_key = any(${options.familyIds}::int8[])
    order by e.pseudonym`;
  return rows.map((r) => ({
    pseudonym: r.pseudonym,
    members: r.members,
    names: r.names,
    withdrawn: r.withdrawn,
    choices: r.choices,
  }));
}

/** A beacon event as shown to families: kind, name, times and value format. */
export interface BeaconFact {
  /** The kind. */
  kind: BeaconKind;
  /** Its name. */
  name: string;
  /** When it is scheduled. */
  scheduledAt: Date;
  /** Its value format (a message key) and an example value. */
  format: MessageKey;
  /** An example value. */
  example: string;
}

/**
 * The beacon and its fallback of a record, for pages and mails.
 *
 * @example
 * ```ts
 * const { primary, fallback, deadline } = beaconFacts(record);
 * ```
 */
export function beaconFacts(
  record: Pick<RoundRecord, "beacon">,
): { primary: BeaconFact; fallback: BeaconFact; deadline: Date } {
  const b = record.beacon;
  const fact = (
    e: { kind: BeaconKind; name: string; scheduledAt: number },
  ) => ({
    kind: e.kind,
    name: e.name,
    scheduledAt: new Date(e.scheduledAt),
    format: `freeze.format.${e.kind}` as MessageKey,
    example: BEACON_EXAMPLES[e.kind],
  });
  return {
    primary: fact(b),
    fallback: fact(b.fallback),
    deadline: new Date(b.deadline),
  };
}

/** The lines every freeze mail and the round page share: digest, commitment, beacons. */
export function publishedLines(
  record: RoundRecord,
  options: { t: Translate; locale: Locale },
): string[] {
  const { t, locale } = options;
  const { primary, fallback, deadline } = beaconFacts(record);
  const at = (d: Date) => formatDateTime(d, locale);
  return [
    t("freeze.digest") + ": " + record.digest,
    t("freeze.commitment") + ": " + record.commitment,
    t("freeze.mail.beacon", {
      kind: t(`roundForm.kind.${primary.kind}` as MessageKey),
      name: primary.name,
      at: at(primary.scheduledAt),
      deadline: at(deadline),
    }),
    "  " + t("freeze.valueFormat", {
      format: t(primary.format),
      example: primary.example,
    }),
    t("freeze.mail.fallback", {
      kind: t(`roundForm.kind.${fallback.kind}` as MessageKey),
      name: fallback.name,
      at: at(fallback.scheduledAt),
    }),
    "  " + t("freeze.valueFormat", {
      format: t(fallback.format),
      example: fallback.example,
    }),
  ];
}

async function mailFamilies(
  tx: Db,
  options: {
    round: RoundSetup;
    record: RoundRecord;
    states: Map<number, PoolState>;
    pseudonyms: {
      applicationId: number;
      pseudonym: string;
      childIds: number[];
    }[];
    origin: string;
  },
): Promise<void> {
  const { round, record, origin } = options;
  const apps = await tx.sql<
    {
      id: number;
      family_key: number;
      status: string;
      excluded_reason: string | null;
      reject_reason: string | null;
    }
  >`
    select a.id, a.family_key, a.status, a.excluded_reason,
      (select d.reject_reason from documents d where d.application_id = a.id
        and d.kind = 'resident_register' and d.status = 'rejected' and d.deleted_at is null
        order by d.id desc limit 1) as reject_reason
    from applications a
    where a.round_id = ${round.id}
      and a.status in ('submitted', 'accepted', 'needs_review', 'excluded')
    order by a.id`;
  const kids = await tx.sql<NamedChild>`
    select ac.application_id, ac.child_id, c.name from application_children ac
    join children c on c.id = ac.child_id
    join applications a on a.id = ac.application_id
    where a.round_id = ${round.id}`;
  const nameOf = new Map(kids.map((k) => [Number(k.child_id), k.name]));
  const parentsOf = await familyMailboxes(
    tx,
    apps.map((a) => Number(a.family_key)),
  );
  const ownOf = new Map<number, typeof options.pseudonyms>();
  for (const p of options.pseudonyms) {
    ownOf.set(p.applicationId, [...(ownOf.get(p.applicationId) ?? []), p]);
  }
  for (const app of apps) {
    const id = Number(app.id);
    const own = ownOf.get(id) ?? [];
    for (const parent of parentsOf.get(Number(app.family_key)) ?? []) {
      if (!parent.email) continue;
      const t = translator(parent.locale);
      const lines = [
        t("freeze.mail.intro", { round: round.name }),
        "",
        ...publishedLines(record, { t, locale: parent.locale }),
        "",
      ];
      if (app.status === "excluded") {
        lines.push(
          t("freeze.mail.excluded", { reason: app.excluded_reason ?? "" }),
        );
      } else if (options.states.get(id) === "outside") {
        lines.push(
          t("freeze.mail.outside", { reason: app.reject_reason ?? "" }),
        );
      } else {
        lines.push(t("freeze.mail.entries"));
        for (const p of own) {
          const names = p.childIds.map((c) => nameOf.get(c) ?? "").join(", ");
          lines.push(`  ${names}: ${p.pseudonym}`);
        }
        lines.push("", t("freeze.mail.tokens"));
      }
      lines.push(
        "",
        t("freeze.mail.check", { link: `${origin}/rounds/${round.id}/frozen` }),
        "",
        t("mail.signature"),
      );
      await enqueueMail(tx, {
        to: parent.email,
        subject: t("freeze.mail.subject", { round: round.name }),
        text: lines.join("\n"),
      });
    }
  }
}

/**
 * Where each family's mail goes, in one query: the key account and its HR-linked spouse (the
 * link holding both ways, the spouse active), as {@link familyOf} finds them.
 */
async function familyMailboxes(
  tx: Db,
  keys: number[],
): Promise<Map<number, { email: string; locale: Locale }[]>> {
  const rows = await tx.sql<{ key: number; email: string; locale: Locale }>`
    select me.id as key, me.email, me.locale, 0 as o from accounts me
    where me.id = any(${keys}::int8[])
    union all
    select me.id, s.email, s.locale, 1 from accounts me
    join accounts s on s.employee_no = me.spouse_employee_no
      and s.spouse_employee_no = me.employee_no and s.disabled_at is null and s.id <> me.id
    where me.id = any(${keys}::int8[])
    order by 1, 4`;
  const out = new Map<number, { email: string; locale: Locale }[]>();
  for (const r of rows) {
    const key = Number(r.key);
    out.set(key, [...(out.get(key) ?? []), {
      email: r.email,
      locale: r.locale,
    }]);
  }
  return out;
}

/** What {@link keepWithdrawal} did. */
export type KeepOutcome =
  | { ok: true; kept: number }
  | { ok: false; reason: "notEntrant" | "already" };

/**
 * A withdrawal after the freeze: the family's entrants are kept aside in `kept_withdrawals`
 * (one row per entrant of its application), to be applied as the first registration events at
 * the draw; the frozen list itself does not change.
 *
 * @example
 * ```ts
 * await keepWithdrawal(db, { roundId, familyIds: family.memberIds, accountId, now });
 * ```
 */
export async function keepWithdrawal(
  db: Db,
  options: {
    roundId: number;
    familyIds: number[];
    accountId: number;
    now: Date;
  },
): Promise<KeepOutcome> {
  return await db.transaction(async (tx): Promise<KeepOutcome> => {
    const [round] = await tx.sql<{ status: string }>`
      select status from rounds where id = ${options.roundId} for share`;
    if (round?.status !== "frozen") return { ok: false, reason: "notEntrant" };
    const entrants = await tx.sql<{ pseudonym: string; kept: boolean }>`
      select e.pseudonym, exists(select 1 from kept_withdrawals k
        where k.round_id = e.round_id and k.pseudonym = e.pseudonym) as kept
      from draw_entrants e join applications a on a.id = e.application_id
      where e.round_id = ${options.roundId}
        and a.family_key = any(${options.familyIds}::int8[])
      for update of a`;
    if (entrants.length === 0) return { ok: false, reason: "notEntrant" };
    const fresh = entrants.filter((e) => !e.kept);
    if (fresh.length === 0) return { ok: false, reason: "already" };
    for (const e of fresh) {
      await tx.sql`
        insert into kept_withdrawals (round_id, pseudonym, requested_by, requested_at)
        values (${options.roundId}, ${e.pseudonym}, ${options.accountId}, ${options.now})
        on conflict do nothing`;
    }
    await recordAudit(tx, {
      actorId: options.accountId,
      action: "round.withdrawKept",
      objectType: "round",
      objectId: options.roundId,
      before: null,
      after: { pseudonyms: fresh.map((e) => e.pseudonym) },
    });
    return { ok: true, kept: fresh.length };
  });
}

/** A report of an error in the frozen list. */
export interface FreezeReport {
  /** The report id. */
  id: number;
  /** The reporting parent's name. */
  reporter: string;
  /** The text. */
  body: string;
  /** When it was sent. */
  createdAt: Date;
}

/**
 * Stores a family's report of an error in the frozen list (audited, `freeze.report`). Null when
 * the account's family has no application in the frozen round.
 *
 * @example
 * ```ts
 * await reportFreezeError(db, { roundId, accountId, familyIds: family.memberIds, body });
 * ```
 */
export async function reportFreezeError(
  db: Db,
  options: {
    roundId: number;
    accountId: number;
    familyIds: number[];
    body: string;
    now: Date;
  },
): Promise<{ id: number } | null> {
  return await db.transaction(async (tx) => {
    const [app] = await tx.sql<{ family_key: number }>`
      select a.family_key from applications a join draws d on d.round_id = a.round_id
      where a.round_id = ${options.roundId}
        and a.status not in ('withdrawn', 'draft')
        and a.family_key = any(${options.familyIds}::int8[])
      order by a.id desc limit 1`;
    if (!app) return null;
    const [row] = await tx.sql<{ id: number }>`
      insert into freeze_reports (round_id, family_key, reported_by, body, created_at)
      values (${options.roundId}, ${app.family_key}, ${options.accountId}, ${options.body},
        ${options.now})
      returning id`;
    await recordAudit(tx, {
      actorId: options.accountId,
      action: "freeze.report",
      objectType: "round",
      objectId: options.roundId,
      before: null,
      after: { report: Number(row.id), body: options.body },
    });
    return { id: Number(row.id) };
  });
}

/**
 * The reports of errors in the round's frozen list, newest first, for admins.
 *
 * @example
 * ```ts
 * const reports = await freezeReports(db, roundId);
 * ```
 */
export async function freezeReports(
  db: Db,
  roundId: number,
): Promise<FreezeReport[]> {
  const rows = await db.sql<
    { id: number; reporter: string; body: string; created_at: Date }
  >`
    select r.id, a.name_ko as reporter, r.body, r.created_at from freeze_reports r
    join accounts a on a.id = r.reported_by
    where r.round_id = ${roundId} order by r.created_at desc, r.id desc`;
  return rows.map((r) => ({
    id: Number(r.id),
    reporter: r.reporter,
    body: r.body,
    createdAt: r.created_at,
  }));
}
