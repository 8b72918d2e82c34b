import type { JSX } from "preact";
import { describedBy, fieldIds } from "./ids.ts";
import type { SelectOption } from "./Select.tsx";

/** Props of {@link ChoiceGroup}. */
export interface ChoiceGroupProps {
  /** The field name every option shares. */
  name: string;
  /** The question, shown as the fieldset's legend. */
  legend: string;
  /** `radio`: one answer; `checkbox`: any number (read them with `arrays` in `parseForm`). */
  type: "radio" | "checkbox";
  /** The options, in order. */
  options: SelectOption[];
  /** The chosen value(s) so far. */
  value?: string | string[];
  /** A hint under the legend. */
  hint?: string;
  /** The message beside the group (already translated). */
  error?: string;
  /** Shown after the legend of a question that may stay unanswered, e.g. "(선택)". */
  optionalText?: string;
  /** The id of the first option (default `field-{name}`, where the error summary links). */
  id?: string;
}

/**
 * A group of radio buttons or checkboxes in a fieldset, with its legend, hint and error. The
 * first option carries the field's id, so an error summary link lands on it; each option after
 * it gets `{id}-{n}`. Every row is a full-width touch target.
 */
export function ChoiceGroup(props: ChoiceGroupProps): JSX.Element {
  const ids = fieldIds(props.name, props.id);
  const chosen = new Set(
    Array.isArray(props.value)
      ? props.value
      : props.value === undefined
      ? []
      : [props.value],
  );
  const aria = describedBy(ids, props);
  return (
    <fieldset
      class={`field field-group${props.error ? " field-invalid" : ""}`}
      aria-describedby={aria["aria-describedby"]}
    >
      <legend>
        {props.legend}
        {props.optionalText && (
          <span class="optional">{props.optionalText}</span>
        )}
      </legend>
      {props.hint && <p class="hint" id={ids.hintId}>{props.hint}</p>}
      {props.error && <p class="field-error" id={ids.errorId}>{props.error}</p>}
      {props.options.map((o, i) => {
        const id = i === 0 ? ids.id : `${ids.id}-${i}`;
        return (
          <span class="check" key={o.value}>
            <input
              id={id}
              name={props.name}
              type={props.type}
              value={o.value}
              checked={chosen.has(o.value)}
              disabled={o.disabled}
              aria-invalid={aria["aria-invalid"]}
            />
            <label for={id}>{o.label}</label>
          </span>
        );
      })}
    </fieldset>
  );
}
