import type { JSX } from "preact";
import { FieldShell, type FieldText } from "./FieldShell.tsx";
import { describedBy, fieldIds } from "./ids.ts";

/** Props of {@link TextArea}. */
export interface TextAreaProps extends FieldText {
  /** The text typed so far. */
  value?: string;
  /** Visible lines (default 4). */
  rows?: number;
  /** Adds the `required` attribute. */
  required?: boolean;
  /** The `maxlength` attribute (the server checks it too). */
  maxLength?: number;
}

/** A multi-line text field with its label, hint and error, keeping the text typed so far. */
export function TextArea(props: TextAreaProps): JSX.Element {
  const ids = fieldIds(props.name, props.id);
  return (
    <FieldShell ids={ids} text={props}>
      <textarea
        id={ids.id}
        name={props.name}
        rows={props.rows ?? 4}
        required={props.required}
        maxLength={props.maxLength}
        {...describedBy(ids, props)}
      >
        {props.value ?? ""}
      </textarea>
    </FieldShell>
  );
}
