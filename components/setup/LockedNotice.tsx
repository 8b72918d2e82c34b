import type { JSX } from "preact";
import type { Locale, Translate } from "@/i18n/mod.ts";
import { formatDateTime } from "@/utils/format.ts";

/** Why a setup form is not shown: the round's settings locked when its applications opened. */
export function LockedNotice(
  props: { t: Translate; locale: Locale; at: Date },
): JSX.Element {
  return (
    <p class="notice error" role="alert">
      {props.t("setup.locked", { at: formatDateTime(props.at, props.locale) })}
    </p>
  );
}
