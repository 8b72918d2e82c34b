import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { parseBeaconValue } from "@/lottery/beacon.ts";
import type { BeaconKind } from "@/lottery/types.ts";
import { describedBy, fieldIds } from "@/components/form/ids.ts";

/** Texts the draw form shows (islands cannot receive the translate function). */
export interface DrawPanelLabels {
  /** The radio group's legend. */
  source: string;
  /** The options' labels, by beacon. */
  primary: string;
  /** See `primary`. */
  fallback: string;
  /** The value field. */
  value: string;
  /** The repeated value field. */
  valueAgain: string;
  /** "Format: {example}" per beacon. */
  hintPrimary: string;
  /** See `hintPrimary`. */
  hintFallback: string;
  /** The format message per beacon (shown live). */
  formatPrimary: string;
  /** See `formatPrimary`. */
  formatFallback: string;
  /** Shown live when the two values match. */
  match: string;
  /** Shown live when they differ. */
  differ: string;
  /** The button. */
  submit: string;
}

/** Props of {@link DrawPanel}. */
export interface DrawPanelProps {
  /** Where the form posts. */
  action: string;
  /** The session's CSRF token. */
  csrf: string;
  /** The kinds of the two announced beacons. */
  kinds: { primary: BeaconKind; fallback: BeaconKind };
  /** True when a second admin enters the value (one field), else it is entered twice. */
  secondAdmin: boolean;
  /** The values typed so far (after a refused POST). */
  values: { source?: string; beaconValue?: string; beaconValueAgain?: string };
  /** Messages per field from the server (already translated). */
  errors: Record<string, string>;
  /** The texts. */
  labels: DrawPanelLabels;
}

/**
 * The admin's draw form: which beacon, its value (twice, or once when a second admin confirms
 * it), checked live against the beacon kind's format. A plain POST form: it works the same
 * without JavaScript, and the server checks everything again.
 */
export function DrawPanel(props: DrawPanelProps): JSX.Element {
  const { labels, errors } = props;
  const [source, setSource] = useState(props.values.source ?? "primary");
  const [value, setValue] = useState(props.values.beaconValue ?? "");
  const [again, setAgain] = useState(props.values.beaconValueAgain ?? "");
  const fallback = source === "fallback";
  const kind = fallback ? props.kinds.fallback : props.kinds.primary;
  const trimmed = value.trim();
  const formatProblem = trimmed !== "" && !parseBeaconValue(kind, trimmed).ok;
  const liveError = errors.beaconValue ??
    (formatProblem
      ? (fallback ? labels.formatFallback : labels.formatPrimary)
      : undefined);
  const valueIds = fieldIds("beaconValue");
  const againIds = fieldIds("beaconValueAgain");
  const sourceIds = fieldIds("source");
  const hint = fallback ? labels.hintFallback : labels.hintPrimary;
  const both = again.trim() !== "" && trimmed !== "";
  return (
    <form method="post" action={props.action} class="form draw-form">
      <input type="hidden" name="_csrf" value={props.csrf} />
      <fieldset
        class={`field field-group${errors.source ? " field-invalid" : ""}`}
      >
        <legend>{labels.source}</legend>
        {errors.source && (
          <p class="field-error" id={sourceIds.errorId}>{errors.source}</p>
        )}
        {(["primary", "fallback"] as const).map((s, i) => {
          const id = i === 0 ? sourceIds.id : `${sourceIds.id}-${i}`;
          return (
            <span class="check" key={s}>
              <input
                id={id}
                type="radio"
                name="source"
                value={s}
                checked={source === s}
                onChange={() => setSource(s)}
              />
              <label for={id}>{labels[s]}</label>
            </span>
          );
        })}
      </fieldset>
      <div class={`field${liveError ? " field-invalid" : ""}`}>
        <label for={valueIds.id}>{labels.value}</label>
        <p class="hint" id={valueIds.hintId}>{hint}</p>
        {liveError && (
          <p class="field-error" id={valueIds.errorId}>{liveError}</p>
        )}
        <input
          id={valueIds.id}
          name="beaconValue"
          value={value}
          required
          maxLength={400}
          autocomplete="off"
          spellcheck={false}
          onInput={(e) => setValue((e.currentTarget as HTMLInputElement).value)}
          {...describedBy(valueIds, { hint, error: liveError })}
        />
      </div>
      {!props.secondAdmin && (
        <div class={`field${errors.beaconValueAgain ? " field-invalid" : ""}`}>
          <label for={againIds.id}>{labels.valueAgain}</label>
          {errors.beaconValueAgain && (
            <p class="field-error" id={againIds.errorId}>
              {errors.beaconValueAgain}
            </p>
          )}
          <input
            id={againIds.id}
            name="beaconValueAgain"
            value={again}
            required
            maxLength={400}
            autocomplete="off"
            spellcheck={false}
            onInput={(e) =>
              setAgain((e.currentTarget as HTMLInputElement).value)}
            {...describedBy(againIds, { error: errors.beaconValueAgain })}
          />
          {both && (
            <p class="hint" role="status">
              {again.trim() === trimmed ? labels.match : labels.differ}
            </p>
          )}
        </div>
      )}
      <button type="submit">{labels.submit}</button>
    </form>
  );
}
