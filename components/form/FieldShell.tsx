import type { ComponentChildren } from "preact";
import type { FieldIds } from "./ids.ts";

/** What every field shows around its control. */
export interface FieldText {
  /** The field's name (the form key). */
  name: string;
  /** The visible label. */
  label: string;
  /** A hint under the label, e.g. the expected format. */
  hint?: string;
  /** The message beside the field (already translated); marks the control invalid. */
  error?: string;
  /** Shown after the label of a field that may stay empty, e.g. "(선택)". */
  optionalText?: string;
  /** The control's id (default `field-{name}`). */
  id?: string;
}

/**
 * The frame of a field: label, hint and error above the control (so the message sits beside it
 * on a narrow phone and is read before the control by a screen reader). Internal to the form
 * components.
 */
export function FieldShell(
  props: {
    ids: FieldIds;
    text: FieldText;
    kind?: string;
    labelAfter?: boolean;
    children: ComponentChildren;
  },
) {
  const { ids, text } = props;
  const label = (
    <label for={ids.id}>
      {text.label}
      {text.optionalText && <span class="optional">{text.optionalText}</span>}
    </label>
  );
  const classes = ["field", props.kind, text.error ? "field-invalid" : ""]
    .filter(Boolean).join(" ");
  return (
    <div class={classes}>
      {!props.labelAfter && label}
      {text.hint && <p class="hint" id={ids.hintId}>{text.hint}</p>}
      {text.error && <p class="field-error" id={ids.errorId}>{text.error}</p>}
      {props.labelAfter
        ? (
          <span class="check">
            {props.children}
            {label}
          </span>
        )
        : props.children}
    </div>
  );
}
