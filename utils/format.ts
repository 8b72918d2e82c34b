/**
 * Formatting in the company's time zone (Asia/Seoul) and the user's language.
 *
 * @module
 */
import type { Locale } from "@/i18n/mod.ts";

const formatters = new Map<Locale, Intl.DateTimeFormat>();

/**
 * Formats a date-time in Asia/Seoul, e.g. "2027. 3. 2. 오전 9:00" or "Mar 2, 2027, 9:00 AM".
 *
 * @example
 * ```ts
 * formatDateTime(new Date("2027-03-02T00:00:00Z"), "ko"); // "2027. 3. 2. 오전 9:00"
 * ```
 */
export function formatDateTime(date: Date, locale: Locale): string {
  let f = formatters.get(locale);
  if (!f) {
    f = new Intl.DateTimeFormat(locale === "ko" ? "ko-KR" : "en-US", {
      timeZone: "Asia/Seoul",
      dateStyle: "medium",
      timeStyle: "short",
    });
    formatters.set(locale, f);
  }
  return f.format(date);
}

/**
 * Integer hundredths (weights, factor amounts) as a decimal with two places.
 *
 * @example
 * ```ts
 * formatWeight(130); // "1.30"
 * ```
 */
export function formatWeight(hundredths: number): string {
  return (hundredths / 100).toFixed(2);
}
