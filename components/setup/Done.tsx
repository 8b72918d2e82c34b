import type { JSX } from "preact";
import type { MessageKey, Translate } from "@/i18n/mod.ts";

/** The confirmations a setup page may show after a redirect (`?done=…`). */
export const DONE_MESSAGES: Record<string, MessageKey> = {
  roundCreated: "roundForm.createdNext",
  roundSaved: "setup.saved",
  roundPublished: "roundForm.published",
  recruitmentAdded: "roundForm.recruitmentAdded",
  recruitmentSaved: "roundForm.recruitmentSaved",
  recruitmentDeleted: "roundForm.recruitmentDeleted",
  kgCreated: "kg.created",
  kgSaved: "kg.saved",
  photoAdded: "kg.photoAdded",
  photoDeleted: "kg.photoDeleted",
  enrolmentAdded: "kg.enrolmentAdded",
  enrolmentEnded: "enrolImport.ended",
  enrolmentRemoved: "enrolImport.removed",
  kgDeleted: "kgDelete.done",
};

/** The confirmation of the last action, from the page URL's `done` parameter (else nothing). */
export function Done(props: { t: Translate; url: URL }): JSX.Element | null {
  const key = DONE_MESSAGES[props.url.searchParams.get("done") ?? ""];
  if (!key) return null;
  return (
    <p class="notice success" role="status">
      {props.t(key)}
    </p>
  );
}
