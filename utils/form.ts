/**
 * From a read form body to validated data, and back to a page that shows every typed value with a
 * message beside each bad field.
 *
 * Schemas are plain zod objects built from the field helpers here, whose messages are message
 * keys (`form.error.*`), so one schema serves both languages. Every text field refuses control
 * characters (a NUL would reach PostgreSQL as a 500); multi-line fields allow newlines and tabs.
 *
 * @module
 */
import { z } from "zod";
import type { MessageKey, Translate } from "@/i18n/mod.ts";
import type { FormBody } from "@/utils/multipart.ts";
import type { DocumentProblem } from "@/utils/sniff.ts";
import { MAX_DOCUMENT_BYTES } from "@/utils/sniff.ts";

/** A message for one field: a catalogue key and its parameters. */
export interface FieldError {
  /** The message id, e.g. `form.error.tooLong`. */
  key: MessageKey;
  /** The message's parameters, e.g. `{ max: 64 }`. */
  params?: Record<string, string | number>;
}

/** The form-level error slot, for problems that belong to no single field. */
export const FORM_ERROR = "_form";

/** The raw values of a form as typed: one string per field, or all of them for array fields. */
export type FormValues<T> = { [K in keyof T]?: string | string[] };

/** Messages per field name (and {@link FORM_ERROR}). */
export type FieldErrors<T = Record<string, unknown>> = {
  [K in keyof T | typeof FORM_ERROR]?: FieldError;
};

/** What a page re-renders a form with: the values as typed and a message per bad field. */
export interface FormState<T = Record<string, unknown>> {
  /** Every value as it was typed (never the parsed one, so nothing is lost or reformatted). */
  values: FormValues<T>;
  /** A message per bad field. */
  errors: FieldErrors<T>;
}

/** Options of {@link textField}. */
export interface TextFieldOptions {
  /** The most characters allowed (default 200). */
  max?: number;
  /** The fewest characters allowed after trimming (default 1: required). */
  min?: number;
  /** A `<textarea>`: newlines (CRLF becomes LF) and tabs allowed. */
  multiline?: boolean;
  /** Empty or missing is fine and gives "" (`min` then only applies to a non-empty value). */
  optional?: boolean;
}

/** C0 controls, DEL and C1 controls. */
// deno-lint-ignore no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** The same without tab and newline. */
// deno-lint-ignore no-control-regex -- finding control characters is the point
const CONTROL_MULTILINE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

/**
 * True when `value` holds a control character that a field must refuse: any C0, DEL or C1
 * control, except tab and newline (LF or CRLF) in a multi-line field.
 *
 * @example
 * ```ts
 * import { hasControlCharacters } from "@/utils/form.ts";
 * hasControlCharacters("a\u0000b"); // true
 * hasControlCharacters("line 1\r\nline 2\t!", { multiline: true }); // false
 * ```
 */
export function hasControlCharacters(
  value: string,
  options: { multiline?: boolean } = {},
): boolean {
  return options.multiline
    ? CONTROL_MULTILINE.test(value.replace(/\r\n/g, "\n"))
    : CONTROL.test(value);
}

const requiredString = () =>
  z.string({
    error: (issue) =>
      issue.input === undefined ? "form.error.required" : "form.error.invalid",
  });

/**
 * A zod schema for a text field: trimmed, length-checked, and refusing control characters
 * (`form.error.control`), except newlines and tabs when `multiline`.
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import { textField } from "@/utils/form.ts";
 * const Child = z.object({
 *   name: textField({ max: 40 }),
 *   note: textField({ max: 2000, multiline: true, optional: true }),
 * });
 * Child.safeParse({ name: "김\u0000하나" }).success; // false: control character
 * ```
 */
export function textField(options: TextFieldOptions = {}): z.ZodType<string> {
  const { max = 200, min = 1, multiline = false, optional = false } = options;
  const schema = requiredString()
    .overwrite((v) => multiline ? v.replace(/\r\n/g, "\n") : v)
    .trim()
    .refine((v) => (optional && v === "") || v.length >= Math.max(min, 1), {
      error: min <= 1 ? "form.error.required" : "form.error.tooShort",
      params: min <= 1 ? undefined : { min },
    })
    .refine((v) => !hasControlCharacters(v, { multiline }), {
      error: "form.error.control",
    })
    .refine((v) => v.length <= max, {
      error: "form.error.tooLong",
      params: { max },
    });
  return optional ? schema.default("") : schema;
}

/**
 * A zod schema for a `<select>` or radio group: one of `values`.
 *
 * @example
 * ```ts
 * import { choiceField } from "@/utils/form.ts";
 * const Rank = choiceField(["1", "2", "3"]);
 * Rank.safeParse("4").success; // false
 * ```
 */
export function choiceField<const V extends readonly [string, ...string[]]>(
  values: V,
): z.ZodType<V[number]> {
  return z.enum(values, {
    error: (issue) =>
      issue.input === undefined || issue.input === ""
        ? "form.error.required"
        : "form.error.invalid",
  });
}

/**
 * A zod schema for a checkbox: true when the field was sent at all (an unchecked box sends
 * nothing), false otherwise.
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import { checkboxField } from "@/utils/form.ts";
 * z.object({ single: checkboxField() }).parse({}); // { single: false }
 * ```
 */
export function checkboxField(): z.ZodType<boolean> {
  return z.string().optional().transform((v) => v !== undefined);
}

/**
 * The plain object zod validates: the first value of each field, or every value for the fields
 * named in `arrays` (an absent array field gives `[]`). Hidden fields starting with `_` (`_csrf`,
 * `_idem`) are left out.
 *
 * @example
 * ```ts
 * import { formObject } from "@/utils/form.ts";
 * const fields = new Map([["name", ["김하나", "again"]], ["choice", ["3", "1"]]]);
 * formObject(fields, { arrays: ["choice", "unit"] });
 * // { name: "김하나", choice: ["3", "1"], unit: [] }
 * ```
 */
export function formObject(
  fields: Map<string, string[]>,
  options: { arrays?: readonly string[] } = {},
): Record<string, string | string[]> {
  const arrays = new Set(options.arrays ?? []);
  const out: Record<string, string | string[]> = {};
  for (const name of arrays) out[name] = [...(fields.get(name) ?? [])];
  for (const [name, values] of fields) {
    if (name.startsWith("_") || arrays.has(name) || values.length === 0) {
      continue;
    }
    out[name] = values[0];
  }
  return out;
}

function isFormMessage(message: string): message is MessageKey {
  return message.startsWith("form.error.");
}

/**
 * The first message of each bad field of a zod error (a nested path such as `choice.1` counts
 * for its top-level field `choice`). Messages that are not `form.error.*` keys, such as zod's
 * built-in ones, become `form.error.invalid`.
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import { fieldErrors, textField } from "@/utils/form.ts";
 * const result = z.object({ name: textField({ max: 3 }) }).safeParse({ name: "너무 긴 이름" });
 * if (!result.success) fieldErrors(result.error);
 * // { name: { key: "form.error.tooLong", params: { max: 3 } } }
 * ```
 */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const out: Record<string, FieldError> = {};
  for (const issue of error.issues) {
    const field = issue.path.length ? String(issue.path[0]) : FORM_ERROR;
    if (field in out) continue;
    const key = isFormMessage(issue.message)
      ? issue.message
      : "form.error.invalid";
    const params = issue.code === "custom" ? issue.params : undefined;
    out[field] = params && Object.keys(params).length
      ? { key, params: params as Record<string, string | number> }
      : { key };
  }
  return out;
}

/** The result of {@link parseForm}. */
export type ParsedForm<S extends z.ZodType> =
  | { ok: true; data: z.output<S>; values: FormValues<z.output<S>> }
  | { ok: false; state: FormState<z.output<S>> };

/**
 * Validates a form's fields with a schema: the parsed data, or the state to re-render the form
 * with (every value as typed, a message per bad field).
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import { parseForm, textField } from "@/utils/form.ts";
 * const result = parseForm(z.object({ name: textField() }), new Map([["name", [""]]]));
 * // result.ok === false, result.state.errors.name.key === "form.error.required"
 * ```
 */
export function parseForm<S extends z.ZodType>(
  schema: S,
  fields: Map<string, string[]>,
  options: { arrays?: readonly string[] } = {},
): ParsedForm<S> {
  const values = formObject(fields, options) as FormValues<z.output<S>>;
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data, values };
  return {
    ok: false,
    state: {
      values,
      errors: fieldErrors(result.error) as FieldErrors<z.output<S>>,
    },
  };
}

/**
 * Formats a byte count for people: "512 B", "840 KB", "10 MB" (binary units, at most one decimal).
 *
 * @example
 * ```ts
 * import { formatBytes } from "@/utils/form.ts";
 * formatBytes(10 * 1024 * 1024); // "10 MB"
 * formatBytes(1536); // "1.5 KB"
 * ```
 */
export function formatBytes(bytes: number): string {
  const units = ["B", "KB", "MB", "GB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const rounded = unit === 0 ? value : Math.round(value * 10) / 10;
  return `${rounded} ${units[unit]}`;
}

/**
 * The message for a body the reader flagged, or null when the body is fine: a body over the cap
 * or a second file belong beside the file field, a broken form to {@link FORM_ERROR}.
 *
 * @example
 * ```ts
 * import { bodyError } from "@/utils/form.ts";
 * import { readFormBody } from "@/utils/multipart.ts";
 * const body = await readFormBody(new Request("http://kic.test/", { method: "POST", body: "" }));
 * bodyError(body); // { key: "form.error.malformed" }: text/plain is not a form
 * ```
 */
export function bodyError(
  body: Pick<
    FormBody,
    "tooLarge" | "tooManyFiles" | "malformed" | "fieldLimitHit"
  >,
  limit: number = MAX_DOCUMENT_BYTES,
): FieldError | null {
  if (body.tooLarge) {
    return {
      key: "form.error.fileTooLarge",
      params: { limit: formatBytes(limit) },
    };
  }
  if (body.tooManyFiles) return { key: "form.error.oneFile" };
  if (body.malformed || body.fieldLimitHit) {
    return { key: "form.error.malformed" };
  }
  return null;
}

/** A body the reader flagged: the status to answer with and where each message goes. */
export interface BodyProblem {
  /** 413 for a body over the cap, 400 for a second file or a broken form. */
  status: 400 | 413;
  /** The message beside the file field (over the cap, a second file) or for the whole form. */
  errors: FieldErrors;
}

/**
 * What to answer for a body the reader flagged, or null when it is fine: the page re-renders
 * its form with `errors` and `status` (after checking the CSRF token, which came first).
 *
 * @example
 * ```ts
 * import { bodyProblem } from "@/utils/form.ts";
 * const flags = { tooLarge: true, tooManyFiles: false, malformed: false, fieldLimitHit: false };
 * bodyProblem(flags, { fileField: "document" });
 * // { status: 413, errors: { document: { key: "form.error.fileTooLarge", params: { limit: "10 MB" } } } }
 * ```
 */
export function bodyProblem(
  body: Pick<
    FormBody,
    "tooLarge" | "tooManyFiles" | "malformed" | "fieldLimitHit"
  >,
  options: { fileField?: string; limit?: number } = {},
): BodyProblem | null {
  const error = bodyError(body, options.limit);
  if (!error) return null;
  const besideFile = body.tooLarge || body.tooManyFiles;
  const field = besideFile && options.fileField
    ? options.fileField
    : FORM_ERROR;
  return { status: body.tooLarge ? 413 : 400, errors: { [field]: error } };
}

/** The CSRF token field every form sends first. */
export const CSRF_FIELD = "_csrf";

/**
 * The CSRF token a read form body carries: its one `_csrf` value, or null when it is missing or
 * repeated.
 *
 * @example
 * ```ts
 * import { csrfTokenOf } from "@/utils/form.ts";
 * csrfTokenOf({ fields: new Map([["_csrf", ["abc"]]]) }); // "abc"
 * ```
 */
export function csrfTokenOf(body: Pick<FormBody, "fields">): string | null {
  const values = body.fields.get(CSRF_FIELD);
  return values?.length === 1 && values[0] ? values[0] : null;
}

/** The hidden field that carries a form's idempotency key (written by the `Form` component). */
export const IDEMPOTENCY_FIELD = "_idem";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The idempotency key a form sent in `_idem` (as the `Form` component writes it: a UUID), or
 * null when it is missing, repeated or not a UUID.
 *
 * @example
 * ```ts
 * import { idempotencyKeyOf } from "@/utils/form.ts";
 * idempotencyKeyOf({ fields: new Map([["_idem", ["6f1c2a4e-8d2b-4c59-9a51-0b7c1f3e2d10"]]]) });
 * // "6f1c2a4e-8d2b-4c59-9a51-0b7c1f3e2d10"
 * ```
 */
export function idempotencyKeyOf(
  body: Pick<FormBody, "fields">,
): string | null {
  const values = body.fields.get(IDEMPOTENCY_FIELD);
  return values?.length === 1 && UUID.test(values[0]) ? values[0] : null;
}

/**
 * The message beside a file field for a document that {@link checkDocument} refused.
 *
 * @example
 * ```ts
 * import { documentError } from "@/utils/form.ts";
 * documentError("empty"); // { key: "form.error.fileEmpty" }
 * ```
 */
export function documentError(
  problem: DocumentProblem,
  limit: number = MAX_DOCUMENT_BYTES,
): FieldError {
  switch (problem) {
    case "empty":
      return { key: "form.error.fileEmpty" };
    case "tooLarge":
      return {
        key: "form.error.fileTooLarge",
        params: { limit: formatBytes(limit) },
      };
    case "unsupported":
      return { key: "form.error.fileType" };
    case "truncated":
      return { key: "form.error.fileBroken" };
  }
}

/**
 * Translates every message of a form state, for components that take ready strings.
 *
 * @example
 * ```ts
 * import { translator } from "@/i18n/mod.ts";
 * import { translateErrors } from "@/utils/form.ts";
 * translateErrors({ name: { key: "form.error.required" } }, translator("en"));
 * // { name: "This field is required." }
 * ```
 */
export function translateErrors(
  errors: FieldErrors,
  t: Translate,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, error] of Object.entries(errors)) {
    if (error) out[field] = t(error.key, error.params);
  }
  return out;
}
