/**
 * Recruitments of a round (issue 9): one class of one kindergarten, its seats, the weight
 * factors switched on with their amounts and caps, and its priority tiers. The form is turned
 * into the lottery's own `Settings` and checked by the lottery's `validateSettings`, so the form
 * and the draw can never disagree. Like the round, a recruitment locks when the round's
 * application window opens.
 *
 * @module
 */
import { recordAudit } from "@/domain/audit.ts";
import {
  lockRefusal,
  type RoundSetup,
  roundSetup,
  type SetupRefusal,
} from "@/domain/round_setup.ts";
import { MAX_SEATS } from "@/lottery/limits.ts";
import {
  DEFAULT_SETTINGS,
  MAX_CAP,
  type Settings,
  TIER_FACTORS,
  type TierFactor,
  validateSettings,
} from "@/lottery/weights_and_tiers.ts";
import type { Db } from "@/services/db.ts";
import {
  type FieldError,
  type FieldErrors,
  FORM_ERROR,
  formObject,
  type FormState,
  type FormValues,
  hasControlCharacters,
} from "@/utils/form.ts";
import { assertRoundOpenForEntrants } from "./round_lock.ts";

/** The factors with an amount that may be switched off, in form order. */
export const AMOUNT_FACTORS = [
  "servicePerYear",
  "singleParent",
  "childPerExtra",
  "disability",
  "employeeCouple",
  "dualIncome",
  "siblingEnrolled",
] as const;

/** A factor with an amount. */
export type AmountFactor = typeof AMOUNT_FACTORS[number];

/** How many tier conditions the form offers. */
export const TIER_ROWS = 5;

/** The name of the form field of tier `n` (1-based). */
export function tierField(n: number): string {
  return `tier${n}`;
}

/** What the recruitment form gives. */
export interface RecruitmentInput {
  /** The kindergarten (only when adding). */
  kindergartenId?: number;
  /** The class age, 0 to 7 (only when adding). */
  classAge?: number;
  /** Seats, 0 to the lottery's limit. */
  seats: number;
  /** The lottery settings. */
  settings: Settings;
}

/** The outcome of {@link parseRecruitmentForm}. */
export type RecruitmentFormResult =
  | { ok: true; data: RecruitmentInput; values: FormValues<unknown> }
  | { ok: false; state: FormState };

const AMOUNT = /^\d{1,5}(?:\.\d{1,2})?$/;

/**
 * Points as typed ("0.3", "1.25") in integer hundredths, or null when it is not a number ≥ 0
 * with at most two decimals.
 *
 * @example
 * ```ts
 * import { hundredths } from "@/domain/recruitment_setup.ts";
 * hundredths("0.30"); // 30
 * hundredths("1.005"); // null
 * ```
 */
export function hundredths(text: string): number | null {
  const v = text.trim();
  if (!AMOUNT.test(v)) return null;
  const [whole, frac = ""] = v.split(".");
  return Number(whole) * 100 + Number(frac.padEnd(2, "0"));
}

/**
 * Integer hundredths as points for a form ("0.30").
 *
 * @example
 * ```ts
 * import { points } from "@/domain/recruitment_setup.ts";
 * points(30); // "0.30"
 * ```
 */
export function points(amount: number): string {
  return `${Math.floor(amount / 100)}.${String(amount % 100).padStart(2, "0")}`;
}

function wholeNumber(text: string, max: number): number | null {
  const v = text.trim();
  if (!/^\d{1,7}$/.test(v)) return null;
  const n = Number(v);
  return n <= max ? n : null;
}

/**
 * Checks a recruitment form: the class (when `withClass`), seats, base and each factor (on or
 * off, amount in points with two decimals), the caps, and up to {@link TIER_ROWS} tiers (each
 * a set of factors; empty rows are skipped). The settings then pass the lottery's
 * `validateSettings`; its messages land beside the field they name.
 *
 * @example
 * ```ts
 * import { parseRecruitmentForm } from "@/domain/recruitment_setup.ts";
 * const r = parseRecruitmentForm(new Map([["seats", ["5"]], ["base", ["1.00"]]]), {});
 * // r.ok === false until the caps are given too
 * ```
 */
export function parseRecruitmentForm(
  fields: Map<string, string[]>,
  options: { withClass?: boolean },
): RecruitmentFormResult {
  const tierNames = Array.from(
    { length: TIER_ROWS },
    (_, i) => tierField(i + 1),
  );
  const values = formObject(fields, { arrays: tierNames });
  const errors: Record<string, FieldError> = {};
  const text = (name: string) => {
    const v = values[name];
    return typeof v === "string" ? v : "";
  };
  for (const [name, v] of Object.entries(values)) {
    const all = Array.isArray(v) ? v : [v];
    if (all.some((x) => hasControlCharacters(x))) {
      errors[name] = { key: "form.error.control" };
    }
  }
  let kindergartenId: number | undefined;
  let classAge: number | undefined;
  if (options.withClass && !errors.class) {
    const m = /^([1-9][0-9]{0,15}):([0-7])$/.exec(text("class"));
    if (!m) {
      errors.class = {
        key: text("class") ? "form.error.invalid" : "form.error.required",
      };
    } else {
      kindergartenId = Number(m[1]);
      classAge = Number(m[2]);
    }
  }
  const seats = wholeNumber(text("seats"), MAX_SEATS);
  if (seats === null && !errors.seats) {
    errors.seats = {
      key: "roundForm.error.whole",
      params: { min: 0, max: MAX_SEATS },
    };
  }
  const base = hundredths(text("base"));
  if (!errors.base) {
    if (base === null) errors.base = { key: "roundForm.error.amount" };
    else if (base < 1) errors.base = { key: "roundForm.error.baseMin" };
  }
  const settings: Record<string, unknown> = { base, tiers: [] };
  for (const f of AMOUNT_FACTORS) {
    const on = text(`${f}On`) !== "";
    const amount = hundredths(text(f));
    if (on && amount === null && !errors[f]) {
      errors[f] = { key: "roundForm.error.amount" };
    }
    settings[f] = on ? amount : null;
  }
  for (const cap of ["serviceMaxYears", "childMaxExtra"] as const) {
    const n = wholeNumber(text(cap), MAX_CAP);
    if (n === null && !errors[cap]) {
      errors[cap] = {
        key: "roundForm.error.whole",
        params: { min: 0, max: MAX_CAP },
      };
    }
    settings[cap] = n;
  }
  const tiers: TierFactor[][] = [];
  const tierRows: string[] = [];
  const seen = new Set<string>();
  for (const name of tierNames) {
    const chosen = (values[name] as string[]).filter((f) => f !== "");
    if (chosen.length === 0 || errors[name]) continue;
    if (chosen.some((f) => !TIER_FACTORS.includes(f as TierFactor))) {
      errors[name] = { key: "form.error.invalid" };
      continue;
    }
    const set = [...new Set(chosen)].sort() as TierFactor[];
    if (seen.has(set.join())) {
      errors[name] = { key: "roundForm.error.tierDuplicate" };
      continue;
    }
    seen.add(set.join());
    tiers.push(set);
    tierRows.push(name);
  }
  settings.tiers = tiers;
  if (Object.keys(errors).length === 0) {
    for (const message of validateSettings(settings as unknown as Settings)) {
      const head = message.slice(0, message.indexOf(":"));
      const tier = /^tiers\[(\d+)\]$/.exec(head);
      const field = tier
        ? tierRows[Number(tier[1])] ?? FORM_ERROR
        : head in settings && head !== "tiers"
        ? head
        : FORM_ERROR;
      errors[field] ??= {
        key: "roundForm.error.setting",
        params: { detail: message },
      };
    }
  }
  if (Object.keys(errors).length > 0) {
    return {
      ok: false,
      state: { values, errors: errors as FieldErrors },
    };
  }
  return {
    ok: true,
    values,
    data: {
      kindergartenId,
      classAge,
      seats: seats!,
      settings: settings as unknown as Settings,
    },
  };
}

/**
 * The form values that show stored (or default) settings.
 *
 * @example
 * ```ts
 * import { recruitmentFormValues } from "@/domain/recruitment_setup.ts";
 * import { DEFAULT_SETTINGS } from "@/lottery/weights_and_tiers.ts";
 * recruitmentFormValues({ seats: 5, settings: DEFAULT_SETTINGS }).base; // "1.00"
 * ```
 */
export function recruitmentFormValues(
  r: { seats: number | null; settings: Settings },
): Record<string, string | string[]> {
  const s = r.settings;
  const values: Record<string, string | string[]> = {
    seats: r.seats === null ? "" : String(r.seats),
    base: points(s.base),
    serviceMaxYears: String(s.serviceMaxYears),
    childMaxExtra: String(s.childMaxExtra),
  };
  for (const f of AMOUNT_FACTORS) {
    const amount = s[f];
    values[f] = points(amount ?? DEFAULT_SETTINGS[f] ?? 0);
    if (amount !== null) values[`${f}On`] = "1";
  }
  for (let i = 0; i < TIER_ROWS; i++) {
    values[tierField(i + 1)] = [...(s.tiers[i] ?? [])];
  }
  return values;
}

/** A class a recruitment may be for. */
export interface ClassOption {
  /** The kindergarten. */
  kindergartenId: number;
  /** Its name. */
  kindergarten: string;
  /** The class age. */
  classAge: number;
}

/**
 * Every kindergarten class, by kindergarten name then age.
 *
 * @example
 * ```ts
 * import { classOptions } from "@/domain/recruitment_setup.ts";
 * // const options = await classOptions(db);
 * ```
 */
export async function classOptions(db: Db): Promise<ClassOption[]> {
  const rows = await db.sql<
    { kindergarten_id: number; name: string; class_age: number }
  >`
    select c.kindergarten_id, k.name, c.class_age
    from kindergarten_classes c join kindergartens k on k.id = c.kindergarten_id
    order by k.name, c.class_age`;
  return rows.map((r) => ({
    kindergartenId: Number(r.kindergarten_id),
    kindergarten: r.name,
    classAge: Number(r.class_age),
  }));
}

/** A recruitment as the setup pages show it. */
export interface RecruitmentSetup {
  /** The recruitment id. */
  id: number;
  /** Its round. */
  roundId: number;
  /** The lottery's recruitment id. */
  code: string;
  /** The kindergarten. */
  kindergartenId: number;
  /** Its name. */
  kindergarten: string;
  /** The class age. */
  classAge: number;
  /** Seats. */
  seats: number;
  /** The lottery settings. */
  settings: Settings;
}

interface RecruitmentRow {
  id: number;
  round_id: number;
  code: string;
  kindergarten_id: number;
  kindergarten: string;
  class_age: number;
  seats: number;
  settings: Settings | string;
}

function toRecruitment(r: RecruitmentRow): RecruitmentSetup {
  return {
    id: Number(r.id),
    roundId: Number(r.round_id),
    code: r.code,
    kindergartenId: Number(r.kindergarten_id),
    kindergarten: r.kindergarten,
    classAge: Number(r.class_age),
    seats: Number(r.seats),
    settings: typeof r.settings === "string"
      ? JSON.parse(r.settings)
      : r.settings,
  };
}

/**
 * A round's recruitments, by kindergarten name then age.
 *
 * @example
 * ```ts
 * import { roundRecruitments } from "@/domain/recruitment_setup.ts";
 * // const list = await roundRecruitments(db, roundId);
 * ```
 */
export async function roundRecruitments(
  db: Db,
  roundId: number,
): Promise<RecruitmentSetup[]> {
  const rows = await db.sql<RecruitmentRow>`
    select r.id, r.round_id, r.code, r.kindergarten_id, k.name as kindergarten, r.class_age,
      r.seats, r.settings
    from recruitments r join kindergartens k on k.id = r.kindergarten_id
    where r.round_id = ${roundId} order by k.name, r.class_age, r.id`;
  return rows.map(toRecruitment);
}

/**
 * One recruitment of a round, or null.
 *
 * @example
 * ```ts
 * import { recruitmentSetup } from "@/domain/recruitment_setup.ts";
 * // const r = await recruitmentSetup(db, { roundId, id });
 * ```
 */
export async function recruitmentSetup(
  db: Db,
  key: { roundId: number; id: number },
): Promise<RecruitmentSetup | null> {
  const rows = await db.sql<RecruitmentRow>`
    select r.id, r.round_id, r.code, r.kindergarten_id, k.name as kindergarten, r.class_age,
      r.seats, r.settings
    from recruitments r join kindergartens k on k.id = r.kindergarten_id
    where r.round_id = ${key.roundId} and r.id = ${key.id}`;
  return rows.length ? toRecruitment(rows[0]) : null;
}

/** Why adding a recruitment was refused, beyond the round's own refusals. */
export type RecruitmentRefusal =
  | SetupRefusal
  | { ok: false; reason: "noClass" | "duplicate" };

/**
 * Adds a recruitment (one class of one kindergarten) to a round whose application window has
 * not opened by `now`, audited (`recruitment.create`). Its lottery id is `k<kindergarten>-a<age>`.
 *
 * @example
 * ```ts
 * import { createRecruitment } from "@/domain/recruitment_setup.ts";
 * // await createRecruitment(db, { actorId, roundId, input, now: ctx.state.clock.now() });
 * ```
 */
export async function createRecruitment(
  db: Db,
  options: {
    actorId: number;
    roundId: number;
    input: RecruitmentInput;
    now: Date;
  },
): Promise<{ ok: true; id: number } | RecruitmentRefusal> {
  const { input } = options;
  return await db.transaction(async (tx) => {
    await assertRoundOpenForEntrants(tx, options.roundId);
    const round = await roundSetup(tx, options.roundId, { lock: true });
    if (!round) return { ok: false, reason: "notFound" } as const;
    const refused = lockRefusal(round, options.now);
    if (refused) return refused;
    const kg = input.kindergartenId ?? 0, age = input.classAge ?? -1;
    const classes = await tx.sql`
      select 1 from kindergarten_classes
      where kindergarten_id = ${kg} and class_age = ${age}`;
    if (classes.length === 0) return { ok: false, reason: "noClass" } as const;
    const taken = await tx.sql`
      select 1 from recruitments
      where round_id = ${options.roundId} and kindergarten_id = ${kg} and class_age = ${age}`;
    if (taken.length) return { ok: false, reason: "duplicate" } as const;
    const [row] = await tx.sql<{ id: number }>`
      insert into recruitments (round_id, kindergarten_id, class_age, code, seats, settings)
      values (${options.roundId}, ${kg}, ${age}, ${`k${kg}-a${age}`}, ${input.seats},
        ${JSON.stringify(input.settings)}::jsonb)
      returning id`;
    const id = Number(row.id);
    const after = await recruitmentSetup(tx, { roundId: options.roundId, id });
    await recordAudit(tx, {
      actorId: options.actorId,
      action: "recruitment.create",
      objectType: "recruitment",
      objectId: id,
      before: null,
      after,
    });
    return { ok: true, id } as const;
  });
}

/**
 * A recruitment and its round, the round's row locked for the change; refused when either is
 * missing or the round's settings are locked at `now`.
 */
async function lockedRecruitment(
  tx: Db,
  key: { roundId: number; id: number },
  now: Date,
): Promise<{ ok: true; before: RecruitmentSetup } | SetupRefusal> {
  await assertRoundOpenForEntrants(tx, key.roundId);
  const round = await roundSetup(tx, key.roundId, { lock: true });
  const before = round ? await recruitmentSetup(tx, key) : null;
  if (!round || !before) return { ok: false, reason: "notFound" };
  return lockRefusal(round, now) ?? { ok: true, before };
}

/**
 * A recruitment with its round, for the recruitment pages; null when either is missing or the
 * recruitment belongs to another round.
 *
 * @example
 * ```ts
 * import { recruitmentWithRound } from "@/domain/recruitment_setup.ts";
 * // const found = await recruitmentWithRound(db, { roundId: 1, id: 3 });
 * ```
 */
export async function recruitmentWithRound(
  db: Db,
  key: { roundId: number | null; id: number | null },
): Promise<{ round: RoundSetup; recruitment: RecruitmentSetup } | null> {
  const round = key.roundId ? await roundSetup(db, key.roundId) : null;
  const recruitment = round && key.id
    ? await recruitmentSetup(db, { roundId: round.id, id: key.id })
    : null;
  return round && recruitment ? { round, recruitment } : null;
}

/**
 * Changes a recruitment's seats and settings before the round's application window opens,
 * audited (`recruitment.update`, before and after).
 *
 * @example
 * ```ts
 * import { updateRecruitment } from "@/domain/recruitment_setup.ts";
 * // await updateRecruitment(db, { actorId, roundId, id, input, now: ctx.state.clock.now() });
 * ```
 */
export async function updateRecruitment(
  db: Db,
  options: {
    actorId: number;
    roundId: number;
    id: number;
    input: RecruitmentInput;
    now: Date;
  },
): Promise<{ ok: true } | SetupRefusal> {
  return await db.transaction(async (tx) => {
    const key = { roundId: options.roundId, id: options.id };
    const found = await lockedRecruitment(tx, key, options.now);
    if (!found.ok) return found;
    const { before } = found;
    await tx.sql`
      update recruitments set seats = ${options.input.seats},
        settings = ${JSON.stringify(options.input.settings)}::jsonb
      where id = ${options.id} and round_id = ${options.roundId}`;
    const after = await recruitmentSetup(tx, key);
    await recordAudit(tx, {
      actorId: options.actorId,
      action: "recruitment.update",
      objectType: "recruitment",
      objectId: options.id,
      before,
      after,
    });
    return { ok: true } as const;
  });
}

/**
 * Removes a recruitment before the round's application window opens, audited
 * (`recruitment.delete`, before). Nobody can have applied to it yet.
 *
 * @example
 * ```ts
 * import { deleteRecruitment } from "@/domain/recruitment_setup.ts";
 * // await deleteRecruitment(db, { actorId, roundId, id, now: ctx.state.clock.now() });
 * ```
 */
export async function deleteRecruitment(
  db: Db,
  options: { actorId: number; roundId: number; id: number; now: Date },
): Promise<{ ok: true } | SetupRefusal> {
  return await db.transaction(async (tx) => {
    const key = { roundId: options.roundId, id: options.id };
    const found = await lockedRecruitment(tx, key, options.now);
    if (!found.ok) return found;
    const { before } = found;
    await tx
      .sql`delete from recruitments where id = ${options.id} and round_id = ${options.roundId}`;
    await recordAudit(tx, {
      actorId: options.actorId,
      action: "recruitment.delete",
      objectType: "recruitment",
      objectId: options.id,
      before,
      after: null,
    });
    return { ok: true } as const;
  });
}
