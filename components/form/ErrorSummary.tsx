import type { JSX } from "preact";
import type { Translate } from "@/i18n/mod.ts";
import { FORM_ERROR } from "@/utils/form.ts";
import { fieldIds } from "./ids.ts";

/** Props of {@link ErrorSummary}. */
export interface ErrorSummaryProps {
  /** Translates the heading. */
  t: Translate;
  /** Message per field name (already translated); `_form` holds a message for the whole form. */
  errors: Record<string, string | undefined>;
  /** The label of each field, shown before its message (the field name otherwise). */
  labels?: Record<string, string>;
  /** The order of the fields on the page (the order of `errors` otherwise). */
  order?: string[];
  /** Field ids that differ from the default `field-{name}`. */
  ids?: Record<string, string>;
}

/**
 * The list of problems at the top of a form: `role="alert"` so it is announced, a heading that
 * takes focus on load (`autofocus`, no script), and a link to each bad field. Renders nothing
 * when there is no error.
 */
export function ErrorSummary(props: ErrorSummaryProps): JSX.Element | null {
  const names = Object.keys(props.errors).filter((n) => props.errors[n]);
  if (names.length === 0) return null;
  const order = props.order ?? [];
  const rank = (n: string) => {
    const i = order.indexOf(n);
    return n === FORM_ERROR ? -1 : i < 0 ? order.length : i;
  };
  names.sort((a, b) => rank(a) - rank(b));
  return (
    <div
      class="error-summary"
      role="alert"
      aria-labelledby="error-summary-title"
    >
      <h2 id="error-summary-title" tabindex={-1} autofocus>
        {props.t("form.summary.title")}
      </h2>
      <ul>
        {names.map((name) => {
          const message = props.errors[name];
          if (name === FORM_ERROR) return <li key={name}>{message}</li>;
          const { id } = fieldIds(name, props.ids?.[name]);
          const label = props.labels?.[name];
          return (
            <li key={name}>
              <a href={`#${id}`}>{label ? `${label}: ${message}` : message}</a>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
