/**
 * Shared form components, server-rendered and working without JavaScript: a field with its
 * label, hint and error; a text area, a select, a checkbox, a group of radios or checkboxes; a
 * file field that shows what is
 * already uploaded; an error summary at the top; and the form itself with its CSRF and
 * idempotency fields.
 *
 * @module
 */
import type { Translate } from "@/i18n/mod.ts";
import type { FormState } from "@/utils/form.ts";

export { Checkbox, type CheckboxProps } from "./Checkbox.tsx";
export { ChoiceGroup, type ChoiceGroupProps } from "./ChoiceGroup.tsx";
export { ErrorSummary, type ErrorSummaryProps } from "./ErrorSummary.tsx";
export { Field, type FieldProps } from "./Field.tsx";
export type { FieldText } from "./FieldShell.tsx";
export {
  type CurrentFile,
  FileField,
  type FileFieldProps,
} from "./FileField.tsx";
export { Form, type FormProps } from "./Form.tsx";
export { CSRF_FIELD, IDEMPOTENCY_FIELD } from "@/utils/form.ts";
export { fieldId, type FieldIds, fieldIds } from "./ids.ts";
export { Select, type SelectOption, type SelectProps } from "./Select.tsx";
export { TextArea, type TextAreaProps } from "./TextArea.tsx";

/** The props {@link bindFields} gives a field: its name, the value typed and its message. */
export interface BoundField {
  /** The field name. */
  name: string;
  /** The first value typed (or "" ). */
  value: string;
  /** The translated message, if the field is bad. */
  error?: string;
}

/**
 * Binds a form state to field props: `const f = bindFields(state, t)`, then
 * `<Field {...f("name")} label={t("child.name")} />` keeps the value and shows the message.
 * Use `state.values[name]` directly for array fields.
 */
export function bindFields<T>(
  state: FormState<T> | undefined,
  t: Translate,
): (name: keyof T & string) => BoundField {
  return (name) => {
    const raw = state?.values[name];
    const error = state?.errors[name];
    return {
      name,
      value: Array.isArray(raw) ? raw[0] ?? "" : raw ?? "",
      ...(error ? { error: t(error.key, error.params) } : {}),
    };
  };
}
