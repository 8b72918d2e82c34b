import type { JSX } from "preact";
import { FieldShell, type FieldText } from "./FieldShell.tsx";
import { describedBy, fieldIds } from "./ids.ts";

/** One choice of a {@link Select}. */
export interface SelectOption {
  /** The submitted value. */
  value: string;
  /** What the person sees. */
  label: string;
  /** Shown but not selectable. */
  disabled?: boolean;
}

/** Props of {@link Select}. */
export interface SelectProps extends FieldText {
  /** The choices, in order. */
  options: SelectOption[];
  /** The value chosen so far. */
  value?: string;
  /** A first, empty choice such as "선택하세요" (its value is ""). */
  placeholder?: string;
  /** Adds the `required` attribute. */
  required?: boolean;
}

/** A drop-down with its label, hint and error, keeping the choice made so far. */
export function Select(props: SelectProps): JSX.Element {
  const ids = fieldIds(props.name, props.id);
  return (
    <FieldShell ids={ids} text={props}>
      <select
        id={ids.id}
        name={props.name}
        required={props.required}
        {...describedBy(ids, props)}
      >
        {props.placeholder !== undefined && (
          <option value="" selected={!props.value}>{props.placeholder}</option>
        )}
        {props.options.map((o) => (
          <option
            key={o.value}
            value={o.value}
            selected={o.value === props.value}
            disabled={o.disabled}
          >
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}
