/**
 * Element ids of a form field, shared by the field components and the error summary so that a
 * summary link always lands on its field.
 *
 * @module
 */

/** The ids of one field: the control, its hint and its error. */
export interface FieldIds {
  /** The control's id (the label's `for`, the summary link's target). */
  id: string;
  /** The hint paragraph's id. */
  hintId: string;
  /** The error paragraph's id. */
  errorId: string;
}

/** The id a field named `name` gets unless the page gives it another one. */
export function fieldId(name: string): string {
  return `field-${name.replace(/[^\w-]/g, "_")}`;
}

/** The ids of a field: the given id, or one derived from its name. */
export function fieldIds(name: string, id?: string): FieldIds {
  const base = id ?? fieldId(name);
  return { id: base, hintId: `${base}-hint`, errorId: `${base}-error` };
}

/** The accessibility attributes of a control: its hint and error, and whether it is invalid. */
export function describedBy(
  ids: FieldIds,
  has: { hint?: unknown; error?: unknown },
): { "aria-describedby"?: string; "aria-invalid"?: "true" } {
  const refs = [has.hint ? ids.hintId : "", has.error ? ids.errorId : ""]
    .filter(Boolean).join(" ");
  return {
    ...(refs ? { "aria-describedby": refs } : {}),
    ...(has.error ? { "aria-invalid": "true" as const } : {}),
  };
}
