import type { JSX } from "preact";
import type { MessageKey, Translate } from "@/i18n/mod.ts";

/** The confirmations of the employee screens, by their `?done=` value. */
export const EMPLOYEE_DONE: Record<string, MessageKey> = {
  created: "people.done.created",
  edited: "people.done.edited",
  deactivated: "people.done.deactivated",
  reactivated: "people.done.reactivated",
  granted: "people.done.granted",
  revoked: "people.done.revoked",
};

/**
 * The confirmation after an action, on the page the action redirected to (`?done=created`):
 * a success notice that screen readers announce. Unknown values show nothing.
 */
export function DoneNotice(
  props: {
    t: Translate;
    url: URL;
    messages: Record<string, MessageKey>;
    params?: Record<string, string | number>;
  },
): JSX.Element | null {
  const done = props.url.searchParams.get("done") ?? "";
  const key = Object.hasOwn(props.messages, done) ? props.messages[done] : null;
  if (!key) return null;
  return (
    <p class="notice success" role="status">{props.t(key, props.params)}</p>
  );
}
