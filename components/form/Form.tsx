import type { ComponentChildren, JSX } from "preact";
import { CsrfField } from "@/components/CsrfField.tsx";
import { IDEMPOTENCY_FIELD } from "@/utils/form.ts";

/** Props of {@link Form}. */
export interface FormProps {
  /** The session's CSRF token, sent back as the hidden `_csrf` field (always first). */
  csrfToken: string;
  /** Where to post (default: the page's own URL). */
  action?: string;
  /** The form holds a file input: `enctype="multipart/form-data"`. */
  multipart?: boolean;
  /**
   * An idempotency key in the hidden `_idem` field: `true` makes a fresh random one at each
   * render, a string is used as is (e.g. the key of the submission being shown again).
   */
  idempotencyKey?: true | string;
  /** The form's id. */
  id?: string;
  /** The form's classes (default "form"). */
  class?: string;
  /** The fields and buttons. */
  children: ComponentChildren;
}

/**
 * A form that works without JavaScript: `method="post"`, the CSRF field first (so the body
 * reader has it even when a file is over the limit), an optional idempotency key, and
 * multipart encoding when it carries a file.
 */
export function Form(props: FormProps): JSX.Element {
  const key = props.idempotencyKey === true
    ? crypto.randomUUID()
    : props.idempotencyKey;
  return (
    <form
      method="post"
      action={props.action}
      enctype={props.multipart ? "multipart/form-data" : undefined}
      id={props.id}
      class={props.class ?? "form"}
    >
      <CsrfField token={props.csrfToken} />
      {key !== undefined && (
        <input type="hidden" name={IDEMPOTENCY_FIELD} value={key} />
      )}
      {props.children}
    </form>
  );
}
