/**
 * Translating the setup forms' messages: an ordering message names the other field by its
 * label key, which is translated too.
 *
 * @module
 */
import type { MessageKey, Translate } from "@/i18n/mod.ts";
import type { FieldErrors } from "@/utils/form.ts";

/**
 * Each field's message in the page's language; an `other` parameter that is a label key
 * (`roundForm.*`) becomes that label.
 */
export function translateSetupErrors(
  errors: FieldErrors | undefined,
  t: Translate,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, error] of Object.entries(errors ?? {})) {
    if (!error) continue;
    const params = { ...(error.params ?? {}) };
    const other = params.other;
    if (typeof other === "string" && other.startsWith("roundForm.")) {
      params.other = t(other as MessageKey);
    }
    out[field] = t(error.key, params);
  }
  return out;
}

/** The value typed for `name` (the first one of an array field), or "". */
export function valueOf(
  values: Record<string, string | string[] | undefined> | undefined,
  name: string,
): string {
  const v = values?.[name];
  return Array.isArray(v) ? v[0] ?? "" : v ?? "";
}

/** The props a setup field takes from its form: name, label, value typed and message. */
export interface SetupField {
  /** The field name. */
  name: string;
  /** Its label. */
  label: string;
  /** The value typed (or stored). */
  value: string;
  /** Its message, if bad. */
  error?: string;
}

/** Binds labels, typed values and translated messages to field props by name. */
export function setupFields(
  labels: Record<string, string>,
  values: Record<string, string | string[] | undefined> | undefined,
  errors: Record<string, string>,
): (name: string) => SetupField {
  return (name) => ({
    name,
    label: labels[name],
    value: valueOf(values, name),
    error: errors[name],
  });
}
