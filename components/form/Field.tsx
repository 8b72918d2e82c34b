import type { JSX } from "preact";
import { FieldShell, type FieldText } from "./FieldShell.tsx";
import { describedBy, fieldIds } from "./ids.ts";

/** Props of {@link Field}. */
export interface FieldProps extends FieldText {
  /** The value typed so far (never rendered back for passwords). */
  value?: string;
  /** The input type (default text). */
  type?:
    | "text"
    | "email"
    | "tel"
    | "date"
    | "datetime-local"
    | "number"
    | "password"
    | "search"
    | "url";
  /** Adds the `required` attribute. */
  required?: boolean;
  /** The `maxlength` attribute (the server checks it too). */
  maxLength?: number;
  /** The `autocomplete` attribute. */
  autocomplete?: string;
  /** The `inputmode` attribute (e.g. "numeric" for a phone keypad). */
  inputMode?: JSX.HTMLAttributes["inputMode"];
  /** The `min`, `max` and `step` of a date or number input. */
  min?: string;
  /** See `min`. */
  max?: string;
}

/**
 * A one-line input with its label, hint and error, keeping the value typed so far. The error is
 * linked with `aria-describedby` and marks the input `aria-invalid`.
 */
export function Field(props: FieldProps): JSX.Element {
  const ids = fieldIds(props.name, props.id);
  const type = props.type ?? "text";
  return (
    <FieldShell ids={ids} text={props}>
      <input
        id={ids.id}
        name={props.name}
        type={type}
        value={type === "password" ? undefined : props.value ?? ""}
        required={props.required}
        maxLength={props.maxLength}
        autocomplete={props.autocomplete}
        inputMode={props.inputMode}
        min={props.min}
        max={props.max}
        {...describedBy(ids, props)}
      />
    </FieldShell>
  );
}
