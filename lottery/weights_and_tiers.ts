/**
 * Weights and priority tiers of one recruitment (README section 9, product rules "Weight").
 * All amounts are integer hundredths.
 *
 * @module
 */
import type { Choice } from "./types.ts";
import { isIntIn, MAX_TIER, MAX_WEIGHT } from "./limits.ts";

/** The yes/no factors a tier condition may require. */
export type TierFactor =
  | "singleParent"
  | "disability"
  | "employeeCouple"
  | "dualIncome"
  | "siblingEnrolled"
  | "multiChild";

/** All tier factors. */
export const TIER_FACTORS: readonly TierFactor[] = [
  "singleParent",
  "disability",
  "employeeCouple",
  "dualIncome",
  "siblingEnrolled",
  "multiChild",
];

/** A recruitment's weight settings and tiers. `null` switches a factor off. */
export interface Settings {
  /** Integer hundredths ≥ 1. */
  base: number;
  /** Hundredths per whole year of service (integer ≥ 0), or null (off). */
  servicePerYear: number | null;
  /** Most years of service counted (integer ≥ 0). */
  serviceMaxYears: number;
  /** Hundredths for a single parent (integer ≥ 0), or null (off). */
  singleParent: number | null;
  /** Hundredths per child under 13 beyond the first (integer ≥ 0), or null (off). */
  childPerExtra: number | null;
  /** Most extra children counted (integer ≥ 0). */
  childMaxExtra: number;
  /** Hundredths for a disability (integer ≥ 0), or null (off). */
  disability: number | null;
  /** Hundredths when both parents are employees (HR spouse link; integer ≥ 0), or null (off). */
  employeeCouple: number | null;
  /** Hundredths for a dual-income family (integer ≥ 0), or null (off). */
  dualIncome: number | null;
  /** Hundredths when a sibling attends this kindergarten (integer ≥ 0), or null (off). */
  siblingEnrolled: number | null;
  /** Ordered tier conditions (tier 1 first); each a non-empty set of factors that must all hold. */
  tiers: TierFactor[][];
}

/** The facts about one child that the settings weigh. Booleans mean accepted evidence. */
export interface Facts {
  /** Whole years of service of the applying employee. */
  serviceYears: number;
  /** Whole years of service of the spouse when the spouse is an employee too. */
  spouseServiceYears?: number;
  /** Single parent (accepted document). */
  singleParent: boolean;
  /** Children in the family under 13 at the application deadline (including this one). */
  childrenUnder13: number;
  /** Disability (accepted document). */
  disability: boolean;
  /** The HR spouse link. */
  employeeCouple: boolean;
  /** An accepted employment document for the other parent. */
  dualIncome: boolean;
  /** For this recruitment's kindergarten. */
  siblingEnrolled: boolean;
}

/** One term of a weight. */
export interface Addend {
  /** `base` or the setting that adds the amount, e.g. `servicePerYear`. */
  factor: string;
  /** Integer hundredths. */
  amount: number;
  /** How the amount was reached, e.g. "7 years × 10". */
  detail: string;
}

/** The defaults of the reference system. */
export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  base: 100,
  servicePerYear: 10,
  serviceMaxYears: 20,
  singleParent: 50,
  childPerExtra: 20,
  childMaxExtra: 3,
  disability: 50,
  employeeCouple: 30,
  dualIncome: 30,
  siblingEnrolled: 20,
  tiers: [],
});

const NULLABLE_AMOUNTS = [
  "servicePerYear",
  "singleParent",
  "childPerExtra",
  "disability",
  "employeeCouple",
  "dualIncome",
  "siblingEnrolled",
] as const;
const CAPS = ["serviceMaxYears", "childMaxExtra"] as const;
const KNOWN_KEYS = new Set<string>([
  "base",
  "tiers",
  ...NULLABLE_AMOUNTS,
  ...CAPS,
]);

function isInt(n: unknown, min: number, max = MAX_WEIGHT): boolean {
  return isIntIn(n, min, max);
}

/** Most years of service or extra children a cap may count. */
export const MAX_CAP = 100;

/**
 * Problems with `settings`, one message per problem naming the setting; empty when valid.
 * Amounts and caps must be integers ≥ 0 (amounts may be null), the base an integer ≥ 1, each
 * tier a non-empty set of known factors.
 */
export function validateSettings(settings: Settings): string[] {
  const errors: string[] = [];
  if (settings === null || typeof settings !== "object") {
    return ["settings: expected an object"];
  }
  const s = settings as unknown as Record<string, unknown>;
  for (const key of Object.keys(s)) {
    if (!KNOWN_KEYS.has(key)) errors.push(`${key}: unknown setting`);
  }
  if (!isInt(s.base, 1)) {
    errors.push(
      `base: must be an integer from 1 to ${MAX_WEIGHT} (hundredths), got ${s.base}`,
    );
  }
  for (const key of NULLABLE_AMOUNTS) {
    if (s[key] !== null && !isInt(s[key], 0)) {
      errors.push(
        `${key}: must be an integer from 0 to ${MAX_WEIGHT} (hundredths) or null, got ${
          s[key]
        }`,
      );
    }
  }
  for (const key of CAPS) {
    if (!isInt(s[key], 0, MAX_CAP)) {
      errors.push(
        `${key}: must be an integer from 0 to ${MAX_CAP}, got ${s[key]}`,
      );
    }
  }
  if (errors.length === 0) {
    const most = largestWeight(settings);
    if (most > MAX_WEIGHT) {
      errors.push(
        `settings: the largest possible weight is ${most}, above the limit ${MAX_WEIGHT}`,
      );
    }
  }
  if (!Array.isArray(s.tiers)) {
    errors.push("tiers: must be a list of conditions");
    return errors;
  }
  if (s.tiers.length > MAX_TIER - 1) {
    errors.push(
      `tiers: at most ${MAX_TIER - 1} conditions, got ${s.tiers.length}`,
    );
  }
  for (const [i, cond] of (s.tiers as unknown[]).entries()) {
    if (!Array.isArray(cond) || cond.length === 0) {
      errors.push(
        `tiers[${i}]: a condition must be a non-empty list of factors`,
      );
      continue;
    }
    for (const f of cond) {
      if (!TIER_FACTORS.includes(f as TierFactor)) {
        errors.push(`tiers[${i}]: unknown factor ${JSON.stringify(f)}`);
      }
    }
    if (new Set(cond).size !== cond.length) {
      errors.push(`tiers[${i}]: a factor is listed twice`);
    }
  }
  return errors;
}

/** An upper bound of every weight `settings` can give: the base plus every amount at its cap. */
function largestWeight(s: Settings): number {
  return s.base + (s.servicePerYear ?? 0) * s.serviceMaxYears +
    (s.singleParent ?? 0) + (s.childPerExtra ?? 0) * s.childMaxExtra +
    (s.disability ?? 0) + (s.employeeCouple ?? 0) + (s.dualIncome ?? 0) +
    (s.siblingEnrolled ?? 0);
}

function assertValid(settings: Settings): void {
  const errors = validateSettings(settings);
  if (errors.length > 0) {
    throw new Error(`invalid settings: ${errors.join("; ")}`);
  }
}

function assertFacts(facts: Facts): void {
  if (!isInt(facts.serviceYears, 0)) {
    throw new Error("facts.serviceYears: integer ≥ 0 expected");
  }
  if (
    facts.spouseServiceYears !== undefined &&
    !isInt(facts.spouseServiceYears, 0)
  ) {
    throw new Error("facts.spouseServiceYears: integer ≥ 0 expected");
  }
  if (!isInt(facts.childrenUnder13, 0)) {
    throw new Error("facts.childrenUnder13: integer ≥ 0 expected");
  }
}

/**
 * The weight of a child for one recruitment, with its addends (base first, then each factor that
 * adds a positive amount). Service: `servicePerYear × min(years, serviceMaxYears)`, the larger of
 * the couple's years. Children: `childPerExtra × min(max(children − 1, 0), childMaxExtra)`.
 * Dual income: an accepted document or the HR spouse link; when `employeeCouple` is on and the
 * family is an HR couple, only the couple amount is added. Throws on invalid settings or facts.
 */
export function weightOf(
  settings: Settings,
  facts: Facts,
): { weight: number; addends: Addend[] } {
  assertValid(settings);
  assertFacts(facts);
  const s = settings;
  const addends: Addend[] = [{
    factor: "base",
    amount: s.base,
    detail: `${s.base}`,
  }];
  const add = (factor: string, amount: number, detail: string) => {
    if (amount > 0) addends.push({ factor, amount, detail });
  };
  if (s.servicePerYear !== null) {
    const years = Math.max(facts.serviceYears, facts.spouseServiceYears ?? 0);
    const counted = Math.min(years, s.serviceMaxYears);
    add(
      "servicePerYear",
      s.servicePerYear * counted,
      `${counted} years × ${s.servicePerYear}`,
    );
  }
  if (s.singleParent !== null && facts.singleParent) {
    add("singleParent", s.singleParent, "document");
  }
  if (s.childPerExtra !== null) {
    const extra = Math.min(
      Math.max(facts.childrenUnder13 - 1, 0),
      s.childMaxExtra,
    );
    add(
      "childPerExtra",
      s.childPerExtra * extra,
      `${extra} extra children × ${s.childPerExtra}`,
    );
  }
  if (s.disability !== null && facts.disability) {
    add("disability", s.disability, "document");
  }
  const coupleOn = s.employeeCouple !== null;
  if (coupleOn && facts.employeeCouple) {
    add("employeeCouple", s.employeeCouple!, "HR spouse link");
  }
  if (s.dualIncome !== null && !(coupleOn && facts.employeeCouple)) {
    if (facts.employeeCouple) add("dualIncome", s.dualIncome, "HR spouse link");
    else if (facts.dualIncome) add("dualIncome", s.dualIncome, "document");
  }
  if (s.siblingEnrolled !== null && facts.siblingEnrolled) {
    add("siblingEnrolled", s.siblingEnrolled, "this kindergarten");
  }
  let weight = 0;
  for (const a of addends) weight += a.amount;
  return { weight, addends };
}

/** Whether a yes/no tier factor holds (dual income includes the HR spouse link). */
export function factorHolds(factor: TierFactor, facts: Facts): boolean {
  switch (factor) {
    case "singleParent":
      return facts.singleParent;
    case "disability":
      return facts.disability;
    case "employeeCouple":
      return facts.employeeCouple;
    case "dualIncome":
      return facts.dualIncome || facts.employeeCouple;
    case "siblingEnrolled":
      return facts.siblingEnrolled;
    case "multiChild":
      return facts.childrenUnder13 >= 2;
  }
}

/**
 * The tier of a child for one recruitment: the first (best) tier whose condition holds wholly,
 * or `tiers.length + 1` when none does. Throws on invalid settings.
 */
export function tierOf(settings: Settings, facts: Facts): number {
  assertValid(settings);
  assertFacts(facts);
  for (const [i, cond] of settings.tiers.entries()) {
    if (cond.every((f) => factorHolds(f, facts))) return i + 1;
  }
  return settings.tiers.length + 1;
}

/** The choice a child makes of recruitment `recruitment` under its settings. */
export function choiceOf(
  recruitment: string,
  settings: Settings,
  facts: Facts,
): Choice {
  return {
    recruitment,
    weight: weightOf(settings, facts).weight,
    tier: tierOf(settings, facts),
  };
}

/**
 * A unit's weight and tier for one recruitment from its members': the largest weight and the best
 * (lowest) tier. Throws on an empty list.
 */
export function unitChoice(
  memberChoices: readonly { weight: number; tier: number }[],
): {
  weight: number;
  tier: number;
} {
  if (memberChoices.length === 0) {
    throw new Error("a unit needs at least one member");
  }
  let weight = memberChoices[0].weight, tier = memberChoices[0].tier;
  for (const c of memberChoices) {
    if (c.weight > weight) weight = c.weight;
    if (c.tier < tier) tier = c.tier;
  }
  return { weight, tier };
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseDate(s: string, what: string): [number, number, number] {
  const m = DATE.exec(s);
  if (!m) {
    throw new Error(`${what}: expected YYYY-MM-DD, got ${JSON.stringify(s)}`);
  }
  const y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days =
    [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
  if (mo < 1 || mo > 12 || d < 1 || d > days) {
    throw new Error(`${what}: no such date ${s}`);
  }
  return [y, mo, d];
}

/**
 * Whole years from `joinDate` to `deadline` (both `YYYY-MM-DD`): a year counts once its
 * anniversary has been reached (a 29 February join date reaches it on 1 March in other years).
 * 0 when the deadline is before the join date.
 */
export function yearsOfService(joinDate: string, deadline: string): number {
  const [jy, jm, jd] = parseDate(joinDate, "joinDate");
  const [dy, dm, dd] = parseDate(deadline, "deadline");
  let years = dy - jy;
  if (dm < jm || (dm === jm && dd < jd)) years--;
  return Math.max(years, 0);
}
