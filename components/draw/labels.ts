/**
 * Shared labels of the draw's pages.
 *
 * @module
 */
import type { Translate } from "@/i18n/mod.ts";

/** "햇살 어린이집 · 만 1세반": a class's kindergarten and age. */
export function classLabel(
  t: Translate,
  c: { kindergarten: string; classAge: number },
): string {
  return `${c.kindergarten} · ${t("round.classAge", { age: c.classAge })}`;
}
