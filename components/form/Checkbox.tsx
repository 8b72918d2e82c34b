import type { JSX } from "preact";
import { FieldShell, type FieldText } from "./FieldShell.tsx";
import { describedBy, fieldIds } from "./ids.ts";

/** Props of {@link Checkbox}. */
export interface CheckboxProps extends FieldText {
  /** Ticked (as submitted, or as stored). */
  checked?: boolean;
  /** The submitted value (default "1"); an unticked box sends nothing. */
  value?: string;
}

/** A checkbox with its label after it (the whole row is the touch target), hint and error. */
export function Checkbox(props: CheckboxProps): JSX.Element {
  const ids = fieldIds(props.name, props.id);
  return (
    <FieldShell ids={ids} text={props} kind="field-checkbox" labelAfter>
      <input
        id={ids.id}
        name={props.name}
        type="checkbox"
        value={props.value ?? "1"}
        checked={props.checked}
        {...describedBy(ids, props)}
      />
    </FieldShell>
  );
}
