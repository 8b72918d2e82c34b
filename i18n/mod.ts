/**
 * Message catalogues and locale negotiation. Korean is the default; the `lang` cookie wins over
 * Accept-Language.
 *
 * @module
 */
import { en } from "./en.ts";
import { ko, type MessageKey } from "./ko.ts";

export type { MessageKey };

/** The supported locales. */
export const LOCALES = ["ko", "en"] as const;
/** A supported locale. */
export type Locale = typeof LOCALES[number];
/** Translates a message id with its parameters. */
export type Translate = (
  key: MessageKey,
  params?: Record<string, string | number>,
) => string;

const catalogues: Record<Locale, Record<MessageKey, string>> = { ko, en };

/** Returns true when `value` names a supported locale. */
export function isLocale(value: unknown): value is Locale {
  return value === "ko" || value === "en";
}

/** Picks the locale from the `lang` cookie, then Accept-Language, then Korean. */
export function negotiateLocale(
  cookieValue: string | undefined,
  acceptLanguage: string | null,
): Locale {
  if (isLocale(cookieValue)) return cookieValue;
  if (acceptLanguage) {
    const ranked = acceptLanguage.split(",").map((part, index) => {
      const [tag, ...rest] = part.trim().split(";");
      const q = rest.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return {
        lang: tag.toLowerCase().split("-")[0],
        q: q ? Number(q.slice(2)) || 0 : 1,
        index,
      };
    }).filter((x) => x.q > 0).sort((a, b) => b.q - a.q || a.index - b.index);
    for (const { lang } of ranked) if (isLocale(lang)) return lang;
  }
  return "ko";
}

/** Returns the translator for a locale. Unknown parameters stay visible as `{name}`. */
export function translator(locale: Locale): Translate {
  const messages = catalogues[locale];
  return (key, params) =>
    messages[key].replace(
      /\{(\w+)\}/g,
      (all, name: string) =>
        params && name in params ? String(params[name]) : all,
    );
}
