import { bindFields, ErrorSummary, Field } from "@/components/form/mod.ts";
import type { Translate } from "@/i18n/mod.ts";
import { type FormState, translateErrors } from "@/utils/form.ts";

/** The values of the child form. */
export interface ChildValues {
  /** The name. */
  name: string;
  /** The birth date. */
  birthDate: string;
}

/**
 * The error summary, then the name and birth-date fields of the add and edit forms, keeping
 * what was typed.
 */
export function ChildFields(
  props: { t: Translate; state?: FormState<ChildValues>; today: string },
) {
  const { t } = props;
  const f = bindFields(props.state, t);
  return (
    <>
      <ErrorSummary
        t={t}
        errors={translateErrors(props.state?.errors ?? {}, t)}
        labels={{
          name: t("children.name"),
          birthDate: t("children.birthDate"),
        }}
        order={["name", "birthDate"]}
      />
      <Field
        {...f("name")}
        label={t("children.name")}
        autocomplete="off"
        required
        maxLength={40}
      />
      <Field
        {...f("birthDate")}
        type="date"
        label={t("children.birthDate")}
        hint={t("children.birthDateHint")}
        required
        min="2000-01-01"
        max={props.today}
      />
    </>
  );
}
