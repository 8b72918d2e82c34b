/**
 * `datetime-local` values read and written as Asia/Seoul wall-clock time. Korea keeps UTC+9 all
 * year (no daylight saving since 1988), so the conversion is a fixed offset.
 *
 * @module
 */

const OFFSET_MS = 9 * 60 * 60 * 1000;
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * The instant a `datetime-local` value (`YYYY-MM-DDTHH:MM`, optional seconds) names in
 * Asia/Seoul, or null when it is not a real date and time.
 *
 * @example
 * ```ts
 * import { parseSeoulLocal } from "@/utils/seoul_time.ts";
 * parseSeoulLocal("2027-03-02T09:00")?.toISOString(); // "2027-03-02T00:00:00.000Z"
 * parseSeoulLocal("2027-02-30T09:00"); // null
 * ```
 */
export function parseSeoulLocal(value: string): Date | null {
  const m = LOCAL.exec(value.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((p) => Number(p ?? 0));
  if (mo < 1 || mo > 12 || h > 23 || mi > 59 || s > 59 || y < 1900) {
    return null;
  }
  const utc = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(utc);
  if (check.getUTCDate() !== d || check.getUTCMonth() !== mo - 1) return null;
  return new Date(utc - OFFSET_MS);
}

/**
 * The `datetime-local` value (`YYYY-MM-DDTHH:MM`) of an instant in Asia/Seoul.
 *
 * @example
 * ```ts
 * import { toSeoulLocal } from "@/utils/seoul_time.ts";
 * toSeoulLocal(new Date("2027-03-02T00:00:00Z")); // "2027-03-02T09:00"
 * ```
 */
export function toSeoulLocal(date: Date): string {
  return new Date(date.getTime() + OFFSET_MS).toISOString().slice(0, 16);
}

/**
 * The calendar year of an instant in Asia/Seoul.
 *
 * @example
 * ```ts
 * import { seoulYear } from "@/utils/seoul_time.ts";
 * seoulYear(new Date("2026-12-31T15:00:00Z")); // 2027
 * ```
 */
export function seoulYear(date: Date): number {
  return new Date(date.getTime() + OFFSET_MS).getUTCFullYear();
}

/**
 * The calendar date (`YYYY-MM-DD`) of an instant in Asia/Seoul.
 *
 * @example
 * ```ts
 * import { seoulDate } from "@/utils/seoul_time.ts";
 * seoulDate(new Date("2026-12-31T15:00:00Z")); // "2027-01-01"
 * ```
 */
export function seoulDate(date: Date): string {
  return toSeoulLocal(date).slice(0, 10);
}
