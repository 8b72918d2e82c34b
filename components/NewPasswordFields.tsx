import type { Translate } from "@/i18n/mod.ts";
import { Field } from "./form/mod.ts";

/** The labels of {@link NewPasswordFields}, for the error summary. */
export function newPasswordLabels(t: Translate): Record<string, string> {
  return {
    password: t("password.field.new"),
    confirm: t("password.field.confirm"),
  };
}

/**
 * A new password typed twice (`password`, `confirm`), with the rules as a hint and a message
 * beside each field. Password values are never rendered back.
 */
export function NewPasswordFields(
  props: { t: Translate; errors: Record<string, string | undefined> },
) {
  const { t, errors } = props;
  const labels = newPasswordLabels(t);
  return (
    <>
      <Field
        name="password"
        type="password"
        label={labels.password}
        hint={t("password.hint")}
        error={errors.password}
        autocomplete="new-password"
        required
        maxLength={200}
      />
      <Field
        name="confirm"
        type="password"
        label={labels.confirm}
        error={errors.confirm}
        autocomplete="new-password"
        required
        maxLength={200}
      />
    </>
  );
}
