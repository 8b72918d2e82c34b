import type { JSX } from "preact";
import {
  ChoiceGroup,
  ErrorSummary,
  Field,
  Form,
  TextArea,
} from "@/components/form/mod.ts";
import { CLASS_AGES } from "@/domain/kindergartens.ts";
import type { Translate } from "@/i18n/mod.ts";
import type { FormState } from "@/utils/form.ts";
import { setupFields, translateSetupErrors } from "./messages.ts";

const FIELDS = ["name", "address", "phone", "description", "classes"] as const;

/**
 * The kindergarten form: name, address, phone, description and the classes it runs (a
 * checkbox per age). Works without JavaScript and keeps every typed value on a re-render.
 */
export function KindergartenForm(
  props: { t: Translate; csrfToken: string; action: string; state?: FormState },
): JSX.Element {
  const { t, state } = props;
  const errors = translateSetupErrors(state?.errors, t);
  const values = state?.values as Record<string, string | string[]>;
  const labels = Object.fromEntries(FIELDS.map((f) => [f, t(`kg.${f}`)]));
  const field = setupFields(labels, values, errors);
  const classes = values?.classes;
  return (
    <Form csrfToken={props.csrfToken} action={props.action} idempotencyKey>
      <ErrorSummary t={t} errors={errors} labels={labels} order={[...FIELDS]} />
      <Field {...field("name")} required maxLength={100} />
      <Field
        {...field("address")}
        optionalText={t("setup.optional")}
        maxLength={200}
      />
      <Field
        {...field("phone")}
        type="tel"
        inputMode="tel"
        optionalText={t("setup.optional")}
        maxLength={30}
      />
      <TextArea
        {...field("description")}
        optionalText={t("setup.optional")}
        maxLength={2000}
      />
      <ChoiceGroup
        name="classes"
        legend={labels.classes}
        hint={t("kg.classesHint")}
        type="checkbox"
        value={Array.isArray(classes) ? classes : classes ? [classes] : []}
        error={errors.classes}
        options={CLASS_AGES.map((a) => ({
          value: a,
          label: t("setup.age", { age: a }),
        }))}
      />
      <button type="submit">{t("setup.save")}</button>
    </Form>
  );
}
