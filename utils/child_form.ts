/**
 * The child form's schema, shared by the add and edit pages.
 *
 * @module
 */
import { z } from "zod";
import {
  FORM_ERROR,
  type FormState,
  parseForm,
  textField,
} from "@/utils/form.ts";
import type { FormBody } from "@/utils/multipart.ts";

/**
 * A zod schema for a birth date: a real calendar day (`YYYY-MM-DD`, as a date input sends it)
 * between 2000-01-01 and `today`.
 *
 * @example
 * ```ts
 * birthDateField("2026-11-30").safeParse("2024-02-30").success; // false
 * ```
 */
export function birthDateField(today: string): z.ZodType<string> {
  return textField({ max: 10 }).refine(
    (v) => {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
      const d = new Date(`${v}T00:00:00Z`);
      return !isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v &&
        v >= "2000-01-01" && v <= today;
    },
    { error: "children.error.birthDate" },
  );
}

/**
 * The child form: a name (at most 40 characters) and a birth date.
 *
 * @example
 * ```ts
 * childSchema("2026-11-30").safeParse({ name: "김서윤", birthDate: "2024-05-14" }).success; // true
 * ```
 */
export function childSchema(today: string) {
  return z.object({
    name: textField({ max: 40 }),
    birthDate: birthDateField(today),
  });
}

/**
 * The calendar day in Asia/Seoul at `now`, as `YYYY-MM-DD`.
 *
 * @example
 * ```ts
 * seoulDay(new Date("2026-11-30T20:00:00Z")); // "2026-12-01"
 * ```
 */
export function seoulDay(now: Date): string {
  return new Date(now.getTime() + 9 * 3600_000).toISOString().slice(0, 10);
}

/**
 * Gives a bad birth date its own message (the schema's refinement falls back to "invalid").
 *
 * @example
 * ```ts
 * withBirthDateMessage({ values: {}, errors: { birthDate: { key: "form.error.invalid" } } });
 * // errors.birthDate.key === "children.error.birthDate"
 * ```
 */
export function withBirthDateMessage<T>(state: FormState<T>): FormState<T> {
  const errors = state.errors as Record<string, { key: string } | undefined>;
  const e = errors.birthDate;
  if (e?.key === "form.error.invalid") {
    return {
      ...state,
      errors: {
        ...state.errors,
        birthDate: { key: "children.error.birthDate" },
      },
    };
  }
  return state;
}

/** The outcome of {@link readChildForm}. */
export type ChildFormResult =
  | { ok: true; data: { name: string; birthDate: string } }
  | {
    ok: false;
    state: FormState<{ name: string; birthDate: string }>;
    status: 400;
  };

/**
 * Reads the child form from the body the CSRF middleware read: the parsed child, or the state
 * to re-render with (values as typed, a message beside each bad field, or one for the form).
 *
 * @example
 * ```ts
 * const result = readChildForm(ctx.state.form, seoulDay(clock.now()));
 * if (!result.ok) return ctx.render({ state: result.state }, { status: result.status });
 * ```
 */
export function readChildForm(
  form: FormBody | undefined,
  today: string,
): ChildFormResult {
  if (!form || form.malformed || form.tooLarge) {
    return {
      ok: false,
      state: {
        values: {},
        errors: { [FORM_ERROR]: { key: "form.error.malformed" } },
      },
      status: 400,
    };
  }
  const parsed = parseForm(childSchema(today), form.fields);
  if (parsed.ok) return { ok: true, data: parsed.data };
  return { ok: false, state: withBirthDateMessage(parsed.state), status: 400 };
}
