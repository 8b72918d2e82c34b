/**
 * Setting up a round (issue 9): its enrolment year, its calendar (Asia/Seoul wall-clock times,
 * strictly ordered), its primary and fallback beacons with their times, and whether the draw
 * needs a second admin. The form is checked here so every page and test agrees; the use cases
 * own the transaction and write one audit row per object. Settings lock when the application
 * window opens (by the clock): a later edit is refused with the time it locked.
 *
 * @module
 */
import { z } from "zod";
import { recordAudit } from "@/domain/audit.ts";
import type { MessageKey } from "@/i18n/mod.ts";
import { BEACON_KINDS } from "@/lottery/beacon.ts";
import { type Announcement, MAX_BEACON_NAME } from "@/lottery/digest.ts";
import type { BeaconKind } from "@/lottery/types.ts";
import type { Db } from "@/services/db.ts";
import {
  checkboxField,
  choiceField,
  type FieldError,
  type FieldErrors,
  type FormState,
  type FormValues,
  parseForm,
  textField,
} from "@/utils/form.ts";
import {
  parseSeoulLocal,
  seoulYear,
  toSeoulLocal,
} from "@/utils/seoul_time.ts";

/** The calendar fields of a round, in the order they must fall. */
export const CALENDAR_FIELDS = [
  "applicationsOpenAt",
  "applicationsCloseAt",
  "reviewUntil",
  "drawAt",
  "firstWindowStart",
  "firstWindowEnd",
  "secondWindowStart",
  "secondWindowEnd",
  "waitlistsEndAt",
] as const;

/** The beacon time fields of a round. */
export const BEACON_TIME_FIELDS = [
  "beaconScheduledAt",
  "beaconDeadline",
  "fallbackScheduledAt",
] as const;

/** A date-time field of the round form. */
export type RoundTimeField =
  | typeof CALENDAR_FIELDS[number]
  | typeof BEACON_TIME_FIELDS[number];

/** Every field of the round form, in page order. */
export const ROUND_FIELDS = [
  "name",
  "enrolmentYear",
  ...CALENDAR_FIELDS,
  "beaconKind",
  "beaconName",
  "beaconScheduledAt",
  "beaconDeadline",
  "fallbackKind",
  "fallbackName",
  "fallbackScheduledAt",
  "requiresSecondApproval",
] as const;

/** A round's settings as the admin sets them. */
export interface RoundSettings {
  /** Shown to families, e.g. "2027학년도 정기 모집". */
  name: string;
  /** The school year the seats are for; fixes every child's age class. */
  enrolmentYear: number;
  /** Families may apply from here (settings lock at this moment). */
  applicationsOpenAt: Date;
  /** The application deadline. */
  applicationsCloseAt: Date;
  /** Review and correction end; the freeze follows. */
  reviewUntil: Date;
  /** The announced draw time. */
  drawAt: Date;
  /** 1st registration window start. */
  firstWindowStart: Date;
  /** 1st registration window end. */
  firstWindowEnd: Date;
  /** 2nd registration window start. */
  secondWindowStart: Date;
  /** 2nd registration window end. */
  secondWindowEnd: Date;
  /** The waitlists stay open until this time, when the round closes. */
  waitlistsEndAt: Date;
  /** The primary beacon's kind. */
  beaconKind: BeaconKind;
  /** The primary beacon's event, e.g. "동행복권 로또 6/45 제1203회". */
  beaconName: string;
  /** When the primary event is scheduled: after the review, before the draw. */
  beaconScheduledAt: Date;
  /** After this, with no value entered, the fallback may be used. */
  beaconDeadline: Date;
  /** The fallback beacon's kind. */
  fallbackKind: BeaconKind;
  /** The fallback beacon's event. */
  fallbackName: string;
  /** When the fallback event is scheduled: after the primary's deadline. */
  fallbackScheduledAt: Date;
  /** The draw needs a second admin's approval. */
  requiresSecondApproval: boolean;
}

/** A stored round with its settings. */
export interface RoundSetup extends RoundSettings {
  /** The round id. */
  id: number;
  /** The round's status. */
  status: string;
}

/** The default time from the primary beacon's scheduled time to its deadline: 24 hours. */
export const DEFAULT_BEACON_GRACE_MS = 24 * 60 * 60 * 1000;

/** The longest round name. */
export const MAX_ROUND_NAME = 100;

const RoundText = z.object({
  name: textField({ max: MAX_ROUND_NAME }),
  enrolmentYear: textField({ max: 4 }),
  beaconKind: choiceField(BEACON_KINDS as [BeaconKind, ...BeaconKind[]]),
  beaconName: textField({ max: MAX_BEACON_NAME }),
  fallbackKind: choiceField(BEACON_KINDS as [BeaconKind, ...BeaconKind[]]),
  fallbackName: textField({ max: MAX_BEACON_NAME }),
  requiresSecondApproval: checkboxField(),
  ...Object.fromEntries(
    [...CALENDAR_FIELDS, ...BEACON_TIME_FIELDS].map((f) => [
      f,
      textField({ max: 25, optional: f === "beaconDeadline" }),
    ]),
  ),
});

/** The outcome of {@link parseRoundForm}. */
export type RoundFormResult =
  | { ok: true; data: RoundSettings; values: FormValues<RoundSettings> }
  | { ok: false; state: FormState<RoundSettings> };

/** One ordering rule: `field` must come after (or not before) `other`. */
interface OrderRule {
  field: RoundTimeField;
  other: RoundTimeField;
  /** `after`: strictly later; `notBefore`: the same time or later; `before`: strictly earlier. */
  relation: "after" | "notBefore" | "before";
}

/**
 * The calendar rules, each checked with the message beside its `field`. The primary beacon is
 * scheduled after the review and before the draw; its deadline is not before it and before the
 * fallback's scheduled time; the fallback is scheduled before the 1st registration window so a
 * late draw still precedes registration.
 */
export const ORDER_RULES: readonly OrderRule[] = [
  {
    field: "applicationsCloseAt",
    other: "applicationsOpenAt",
    relation: "after",
  },
  { field: "reviewUntil", other: "applicationsCloseAt", relation: "after" },
  { field: "drawAt", other: "reviewUntil", relation: "after" },
  { field: "firstWindowStart", other: "drawAt", relation: "after" },
  { field: "firstWindowEnd", other: "firstWindowStart", relation: "after" },
  {
    field: "secondWindowStart",
    other: "firstWindowEnd",
    relation: "notBefore",
  },
  { field: "secondWindowEnd", other: "secondWindowStart", relation: "after" },
  { field: "waitlistsEndAt", other: "secondWindowEnd", relation: "after" },
  { field: "beaconScheduledAt", other: "reviewUntil", relation: "after" },
  { field: "beaconScheduledAt", other: "drawAt", relation: "before" },
  {
    field: "beaconDeadline",
    other: "beaconScheduledAt",
    relation: "notBefore",
  },
  {
    field: "beaconDeadline",
    other: "fallbackScheduledAt",
    relation: "before",
  },
  {
    field: "fallbackScheduledAt",
    other: "beaconScheduledAt",
    relation: "after",
  },
  {
    field: "fallbackScheduledAt",
    other: "firstWindowStart",
    relation: "before",
  },
];

const RELATION_KEYS: Record<OrderRule["relation"], MessageKey> = {
  after: "roundForm.error.after",
  notBefore: "roundForm.error.notBefore",
  before: "roundForm.error.before",
};

/** The label key of each round field (also the `other` parameter of ordering messages). */
export function roundFieldLabel(field: string): MessageKey {
  return `roundForm.${field}` as MessageKey;
}

/**
 * Checks a round form: text fields, each date-time (Asia/Seoul), the order of the calendar and
 * the beacons, the application start and the beacon in the future, and the enrolment year (the
 * draw's year or the next). Every bad field gets its own message; the ordering messages carry
 * the other field's label key as `other` (translate it before showing).
 *
 * @example
 * ```ts
 * import { parseRoundForm } from "@/domain/round_setup.ts";
 * const result = parseRoundForm(new Map([["name", ["2027 정기"]]]), new Date());
 * // result.ok === false: the dates are missing, each with its message
 * ```
 */
export function parseRoundForm(
  fields: Map<string, string[]>,
  now: Date,
): RoundFormResult {
  const parsed = parseForm(RoundText, fields);
  const values =
    (parsed.ok ? parsed.values : parsed.state.values) as FormValues<
      RoundSettings
    >;
  const errors: Record<string, FieldError> = parsed.ok
    ? {}
    : { ...(parsed.state.errors as Record<string, FieldError>) };
  const times: Partial<Record<RoundTimeField, Date>> = {};
  for (const f of [...CALENDAR_FIELDS, ...BEACON_TIME_FIELDS]) {
    if (errors[f]) continue;
    const raw = typeof values[f] === "string" ? values[f] as string : "";
    if (f === "beaconDeadline" && raw.trim() === "") continue;
    const at = parseSeoulLocal(raw);
    if (at) times[f] = at;
    else errors[f] = { key: "roundForm.error.dateTime" };
  }
  if (
    !errors.beaconDeadline && !times.beaconDeadline && times.beaconScheduledAt
  ) {
    times.beaconDeadline = new Date(
      times.beaconScheduledAt.getTime() + DEFAULT_BEACON_GRACE_MS,
    );
  }
  if (times.applicationsOpenAt && times.applicationsOpenAt <= now) {
    errors.applicationsOpenAt = { key: "roundForm.error.past" };
  }
  if (times.beaconScheduledAt && times.beaconScheduledAt <= now) {
    errors.beaconScheduledAt = { key: "roundForm.error.beaconPast" };
  }
  for (const rule of ORDER_RULES) {
    const a = times[rule.field], b = times[rule.other];
    if (!a || !b || errors[rule.field]) continue;
    const ok = rule.relation === "after"
      ? a > b
      : rule.relation === "notBefore"
      ? a >= b
      : a < b;
    if (!ok) {
      errors[rule.field] = {
        key: RELATION_KEYS[rule.relation],
        params: { other: roundFieldLabel(rule.other) },
      };
    }
  }
  let enrolmentYear = NaN;
  if (!errors.enrolmentYear) {
    const raw = String(values.enrolmentYear ?? "").trim();
    enrolmentYear = /^\d{4}$/.test(raw) ? Number(raw) : NaN;
    const drawYear = times.drawAt ? seoulYear(times.drawAt) : null;
    if (Number.isNaN(enrolmentYear) || enrolmentYear < 2000) {
      errors.enrolmentYear = { key: "roundForm.error.year" };
    } else if (
      drawYear !== null &&
      (enrolmentYear < drawYear || enrolmentYear > drawYear + 1)
    ) {
      errors.enrolmentYear = {
        key: "roundForm.error.yearRange",
        params: { min: drawYear, max: drawYear + 1 },
      };
    }
  }
  if (!parsed.ok || Object.keys(errors).length > 0) {
    return {
      ok: false,
      state: { values, errors: errors as FieldErrors<RoundSettings> },
    };
  }
  const d = parsed.data as Record<string, unknown>;
  return {
    ok: true,
    values,
    data: {
      name: d.name as string,
      enrolmentYear,
      beaconKind: d.beaconKind as BeaconKind,
      beaconName: d.beaconName as string,
      fallbackKind: d.fallbackKind as BeaconKind,
      fallbackName: d.fallbackName as string,
      requiresSecondApproval: d.requiresSecondApproval as boolean,
      ...(times as Record<RoundTimeField, Date>),
    },
  };
}

/**
 * The form values that show stored settings (date-times in Asia/Seoul), for an edit or a copy.
 *
 * @example
 * ```ts
 * import { roundFormValues } from "@/domain/round_setup.ts";
 * // roundFormValues(setup).applicationsOpenAt === "2027-03-02T09:00"
 * ```
 */
export function roundFormValues(
  s: RoundSettings,
): FormValues<RoundSettings> {
  const values: Record<string, string> = {
    name: s.name,
    enrolmentYear: String(s.enrolmentYear),
    beaconKind: s.beaconKind,
    beaconName: s.beaconName,
    fallbackKind: s.fallbackKind,
    fallbackName: s.fallbackName,
  };
  if (s.requiresSecondApproval) values.requiresSecondApproval = "1";
  for (const f of [...CALENDAR_FIELDS, ...BEACON_TIME_FIELDS]) {
    values[f] = toSeoulLocal(s[f]);
  }
  return values as FormValues<RoundSettings>;
}

/**
 * The settings of a copy: the same rules one year later (every time + 1 year in Asia/Seoul,
 * the enrolment year + 1), the name marked as a copy by the caller.
 *
 * @example
 * ```ts
 * import { shiftedOneYear } from "@/domain/round_setup.ts";
 * // shiftedOneYear(setup).enrolmentYear === setup.enrolmentYear + 1
 * ```
 */
export function shiftedOneYear(s: RoundSettings): RoundSettings {
  const out = { ...s, enrolmentYear: s.enrolmentYear + 1 };
  for (const f of [...CALENDAR_FIELDS, ...BEACON_TIME_FIELDS]) {
    const local = toSeoulLocal(s[f]);
    const next = `${Number(local.slice(0, 4)) + 1}${local.slice(4)}`;
    out[f] = parseSeoulLocal(next) ??
      parseSeoulLocal(next.replace("-02-29", "-02-28"))!;
  }
  return out;
}

interface RoundRow {
  id: number;
  name: string;
  status: string;
  enrolment_year: number;
  applications_open_at: Date;
  applications_close_at: Date;
  review_until: Date;
  draw_at: Date;
  first_window_start: Date;
  first_window_end: Date;
  second_window_start: Date;
  second_window_end: Date;
  waitlists_end_at: Date;
  beacon_kind: BeaconKind;
  beacon_name: string;
  beacon_scheduled_at: Date;
  beacon_deadline: Date;
  fallback_kind: BeaconKind;
  fallback_name: string;
  fallback_scheduled_at: Date;
  requires_second_approval: boolean;
}

function toSetup(r: RoundRow): RoundSetup {
  return {
    id: Number(r.id),
    name: r.name,
    status: r.status,
    enrolmentYear: Number(r.enrolment_year),
    applicationsOpenAt: new Date(r.applications_open_at),
    applicationsCloseAt: new Date(r.applications_close_at),
    reviewUntil: new Date(r.review_until),
    drawAt: new Date(r.draw_at),
    firstWindowStart: new Date(r.first_window_start),
    firstWindowEnd: new Date(r.first_window_end),
    secondWindowStart: new Date(r.second_window_start),
    secondWindowEnd: new Date(r.second_window_end),
    waitlistsEndAt: new Date(r.waitlists_end_at),
    beaconKind: r.beacon_kind,
    beaconName: r.beacon_name,
    beaconScheduledAt: new Date(r.beacon_scheduled_at),
    beaconDeadline: new Date(r.beacon_deadline),
    fallbackKind: r.fallback_kind,
    fallbackName: r.fallback_name,
    fallbackScheduledAt: new Date(r.fallback_scheduled_at),
    requiresSecondApproval: Boolean(r.requires_second_approval),
  };
}

/**
 * One round's settings, or null.
 *
 * @example
 * ```ts
 * import { roundSetup } from "@/domain/round_setup.ts";
 * // const round = await roundSetup(db, 1, { lock: false });
 * ```
 */
export async function roundSetup(
  db: Db,
  id: number,
  options: { lock?: boolean } = {},
): Promise<RoundSetup | null> {
  const rows = options.lock
    ? await db.sql<RoundRow>`
      select id, name, status, enrolment_year, applications_open_at,
        applications_close_at, review_until, draw_at, first_window_start, first_window_end,
        second_window_start, second_window_end, waitlists_end_at, beacon_kind, beacon_name,
        beacon_scheduled_at, beacon_deadline, fallback_kind, fallback_name,
        fallback_scheduled_at, requires_second_approval
      from rounds where id = ${id} for update`
    : await db.sql<RoundRow>`
      select id, name, status, enrolment_year, applications_open_at,
        applications_close_at, review_until, draw_at, first_window_start, first_window_end,
        second_window_start, second_window_end, waitlists_end_at, beacon_kind, beacon_name,
        beacon_scheduled_at, beacon_deadline, fallback_kind, fallback_name,
        fallback_scheduled_at, requires_second_approval
      from rounds where id = ${id}`;
  return rows.length ? toSetup(rows[0]) : null;
}

/** A line of the admin's list of rounds. */
export interface RoundListItem {
  /** The round id. */
  id: number;
  /** Its name. */
  name: string;
  /** Its status. */
  status: string;
  /** Its enrolment year. */
  enrolmentYear: number;
  /** When applications open (and settings lock). */
  applicationsOpenAt: Date;
  /** The draw time. */
  drawAt: Date;
  /** How many recruitments it has. */
  recruitments: number;
}

/**
 * Every round whose name contains `q` (any case), newest opening first, with its recruitment
 * count; `page` of `pageSize`.
 *
 * @example
 * ```ts
 * import { listRounds } from "@/domain/round_setup.ts";
 * // const { items, total } = await listRounds(db, { page: 1 });
 * ```
 */
export async function listRounds(
  db: Db,
  options: { page?: number; pageSize?: number; q?: string } = {},
): Promise<{ items: RoundListItem[]; total: number }> {
  const size = options.pageSize ?? 20;
  const offset = Math.max(0, (options.page ?? 1) - 1) * size;
  const like = `%${(options.q ?? "").replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await db.sql<{
    id: number;
    name: string;
    status: string;
    enrolment_year: number;
    applications_open_at: Date;
    draw_at: Date;
    n: number;
  }>`
    select r.id, r.name, r.status, r.enrolment_year, r.applications_open_at, r.draw_at,
      (select count(*)::int from recruitments c where c.round_id = r.id) as n
    from rounds r where r.name ilike ${like}
    order by r.applications_open_at desc, r.id desc
    limit ${size} offset ${offset}`;
  const [{ total }] = await db.sql<{ total: number }>`
    select count(*)::int as total from rounds where name ilike ${like}`;
  return {
    total: Number(total),
    items: rows.map((r) => ({
      id: Number(r.id),
      name: r.name,
      status: r.status,
      enrolmentYear: Number(r.enrolment_year),
      applicationsOpenAt: new Date(r.applications_open_at),
      drawAt: new Date(r.draw_at),
      recruitments: Number(r.n),
    })),
  };
}

/**
 * True when the round's settings are locked: its application window has opened by `now`.
 *
 * @example
 * ```ts
 * import { isLocked } from "@/domain/round_setup.ts";
 * isLocked({ applicationsOpenAt: new Date("2027-01-01") }, new Date("2027-02-01")); // true
 * ```
 */
export function isLocked(
  round: Pick<RoundSettings, "applicationsOpenAt">,
  now: Date,
): boolean {
  return now.getTime() >= round.applicationsOpenAt.getTime();
}

/** Why a change to a round was refused. */
export type SetupRefusal =
  | { ok: false; reason: "notFound" }
  | { ok: false; reason: "locked"; lockedAt: Date };

/**
 * The refusal for a round whose settings are locked at `now`, or null when it is still open
 * to changes.
 *
 * @example
 * ```ts
 * import { lockRefusal } from "@/domain/round_setup.ts";
 * // const refused = lockRefusal(round, now); if (refused) return refused;
 * ```
 */
export function lockRefusal(
  round: Pick<RoundSettings, "applicationsOpenAt">,
  now: Date,
): SetupRefusal | null {
  return isLocked(round, now)
    ? { ok: false, reason: "locked", lockedAt: round.applicationsOpenAt }
    : null;
}

function auditView(s: RoundSetup): Record<string, unknown> {
  return { ...s };
}

/**
 * Creates a draft round, audited (`round.create`). With `copyFrom`, the earlier round's
 * recruitments (class, seats, settings) are copied too, each audited (`recruitment.create`).
 *
 * @example
 * ```ts
 * import { createRound } from "@/domain/round_setup.ts";
 * // const id = await createRound(db, { actorId: admin.id, settings, copyFrom: 3 });
 * ```
 */
export async function createRound(
  db: Db,
  options: {
    actorId: number;
    settings: RoundSettings;
    copyFrom?: number | null;
  },
): Promise<number> {
  const s = options.settings;
  return await db.transaction(async (tx) => {
    const [row] = await tx.sql<{ id: number }>`
      insert into rounds (name, status, enrolment_year, applications_open_at,
        applications_close_at, review_until, draw_at, first_window_start, first_window_end,
        second_window_start, second_window_end, waitlists_end_at, beacon_kind, beacon_name,
        beacon_scheduled_at, beacon_deadline, fallback_kind, fallback_name,
        fallback_scheduled_at, requires_second_approval)
      values (${s.name}, 'draft', ${s.enrolmentYear}, ${s.applicationsOpenAt},
        ${s.applicationsCloseAt}, ${s.reviewUntil}, ${s.drawAt}, ${s.firstWindowStart},
        ${s.firstWindowEnd}, ${s.secondWindowStart}, ${s.secondWindowEnd},
        ${s.waitlistsEndAt}, ${s.beaconKind}, ${s.beaconName}, ${s.beaconScheduledAt},
        ${s.beaconDeadline}, ${s.fallbackKind}, ${s.fallbackName},
        ${s.fallbackScheduledAt}, ${s.requiresSecondApproval})
      returning id`;
    const id = Number(row.id);
    const after = await roundSetup(tx, id);
    await recordAudit(tx, {
      actorId: options.actorId,
      action: "round.create",
      objectType: "round",
      objectId: id,
      before: null,
      after: after && auditView(after),
    });
    if (options.copyFrom) {
      const copied = await tx.sql<Record<string, unknown>>`
        insert into recruitments (round_id, kindergarten_id, class_age, code, seats, settings)
        select ${id}, kindergarten_id, class_age, code, seats, settings
        from recruitments where round_id = ${options.copyFrom}
        order by id
        returning id, round_id, kindergarten_id, class_age, code, seats, settings`;
      for (const r of copied) {
        await recordAudit(tx, {
          actorId: options.actorId,
          action: "recruitment.create",
          objectType: "recruitment",
          objectId: Number(r.id),
          before: null,
          after: { ...r, copiedFromRound: options.copyFrom },
        });
      }
    }
    return id;
  });
}

/**
 * Changes a round's settings before its application window opens, audited (`round.update`,
 * before and after). Refused once the window has opened at `now` (the clock's time).
 *
 * @example
 * ```ts
 * import { updateRound } from "@/domain/round_setup.ts";
 * // const outcome = await updateRound(db, { actorId, id, settings, now: ctx.state.clock.now() });
 * // if (!outcome.ok && outcome.reason === "locked") …
 * ```
 */
export async function updateRound(
  db: Db,
  options: { actorId: number; id: number; settings: RoundSettings; now: Date },
): Promise<{ ok: true } | SetupRefusal> {
  const s = options.settings;
  return await db.transaction(async (tx) => {
    const before = await roundSetup(tx, options.id, { lock: true });
    if (!before) return { ok: false, reason: "notFound" } as const;
    const refused = lockRefusal(before, options.now);
    if (refused) return refused;
    await tx.sql`
      update rounds set name = ${s.name}, enrolment_year = ${s.enrolmentYear},
        applications_open_at = ${s.applicationsOpenAt},
        applications_close_at = ${s.applicationsCloseAt}, review_until = ${s.reviewUntil},
        draw_at = ${s.drawAt}, first_window_start = ${s.firstWindowStart},
        first_window_end = ${s.firstWindowEnd}, second_window_start = ${s.secondWindowStart},
        second_window_end = ${s.secondWindowEnd}, waitlists_end_at = ${s.waitlistsEndAt},
        beacon_kind = ${s.beaconKind}, beacon_name = ${s.beaconName},
        beacon_scheduled_at = ${s.beaconScheduledAt}, beacon_deadline = ${s.beaconDeadline},
        fallback_kind = ${s.fallbackKind}, fallback_name = ${s.fallbackName},
        fallback_scheduled_at = ${s.fallbackScheduledAt},
        requires_second_approval = ${s.requiresSecondApproval}
      where id = ${options.id}`;
    const after = await roundSetup(tx, options.id);
    await recordAudit(tx, {
      actorId: options.actorId,
      action: "round.update",
      objectType: "round",
      objectId: options.id,
      before: auditView(before),
      after: after && auditView(after),
    });
    return { ok: true } as const;
  });
}

/**
 * Publishes a draft round so employees see it (status `draft` → `open`), audited
 * (`round.publish`). Refused when it is not a draft.
 *
 * @example
 * ```ts
 * import { publishRound } from "@/domain/round_setup.ts";
 * // await publishRound(db, { actorId, id });
 * ```
 */
export async function publishRound(
  db: Db,
  options: { actorId: number; id: number },
): Promise<{ ok: true } | { ok: false; reason: "notFound" | "notDraft" }> {
  return await db.transaction(async (tx) => {
    const before = await roundSetup(tx, options.id, { lock: true });
    if (!before) return { ok: false, reason: "notFound" } as const;
    if (before.status !== "draft") {
      return { ok: false, reason: "notDraft" } as const;
    }
    await tx.sql`update rounds set status = 'open' where id = ${options.id}`;
    await recordAudit(tx, {
      actorId: options.actorId,
      action: "round.publish",
      objectType: "round",
      objectId: options.id,
      before: { status: before.status },
      after: { status: "open" },
    });
    return { ok: true } as const;
  });
}

/**
 * The round and beacon announcement the freeze binds into the `kic-entries/2` digest (lottery
 * README section 3.2): the round id, the primary beacon with its scheduled time and deadline,
 * and the fallback with its scheduled time, all in epoch milliseconds.
 *
 * @example
 * ```ts
 * import { roundAnnouncement } from "@/domain/round_setup.ts";
 * import { validateAnnouncement } from "@/lottery/digest.ts";
 * // validateAnnouncement(roundAnnouncement(round)); // the setup rules imply its checks
 * ```
 */
export function roundAnnouncement(
  round: Pick<
    RoundSetup,
    | "id"
    | "beaconKind"
    | "beaconName"
    | "beaconScheduledAt"
    | "beaconDeadline"
    | "fallbackKind"
    | "fallbackName"
    | "fallbackScheduledAt"
  >,
): Announcement {
  return {
    round: { id: String(round.id) },
    beacon: {
      kind: round.beaconKind,
      name: round.beaconName,
      scheduledAt: round.beaconScheduledAt.getTime(),
      deadline: round.beaconDeadline.getTime(),
      fallback: {
        kind: round.fallbackKind,
        name: round.fallbackName,
        scheduledAt: round.fallbackScheduledAt.getTime(),
      },
    },
  };
}
