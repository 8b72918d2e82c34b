import type { JSX } from "preact";
import {
  Checkbox,
  ChoiceGroup,
  ErrorSummary,
  Field,
  Form,
  Select,
} from "@/components/form/mod.ts";
import {
  AMOUNT_FACTORS,
  type ClassOption,
  TIER_ROWS,
  tierField,
} from "@/domain/recruitment_setup.ts";
import type { MessageKey, Translate } from "@/i18n/mod.ts";
import { TIER_FACTORS } from "@/lottery/weights_and_tiers.ts";
import type { FormState } from "@/utils/form.ts";
import { setupFields, translateSetupErrors, valueOf } from "./messages.ts";
import { classBirthYear } from "@/domain/children.ts";

/** Props of {@link RecruitmentForm}. */
export interface RecruitmentFormProps {
  /** Translates labels and messages. */
  t: Translate;
  /** The session's CSRF token. */
  csrfToken: string;
  /** Where to post. */
  action: string;
  /** The values typed (or stored) and a message per bad field. */
  state: FormState;
  /** The classes to choose from when adding (none when editing). */
  classes?: ClassOption[];
  /** The round's enrolment year, to show each class's birth year. */
  enrolmentYear: number;
}

/**
 * The recruitment form: the class (when adding), seats, the base and each factor (on or off
 * with its amount), the caps, and the priority tiers as rows of factor checkboxes. Works
 * without JavaScript; every bad field shows its message beside it and in the summary.
 */
export function RecruitmentForm(props: RecruitmentFormProps): JSX.Element {
  const { t, state } = props;
  const errors = translateSetupErrors(state.errors, t);
  const values = state.values as Record<string, string | string[]>;
  const factorLabel = (f: string) => t(`roundForm.factor.${f}` as MessageKey);
  const labels: Record<string, string> = {
    class: t("roundForm.class"),
    seats: t("roundForm.seats"),
    base: t("roundForm.base"),
    serviceMaxYears: t("roundForm.serviceMaxYears"),
    childMaxExtra: t("roundForm.childMaxExtra"),
  };
  for (const f of AMOUNT_FACTORS) labels[f] = factorLabel(f);
  for (let n = 1; n <= TIER_ROWS; n++) {
    labels[tierField(n)] = t("roundForm.tier", { n });
  }
  const order = [
    "class",
    "seats",
    "base",
    ...AMOUNT_FACTORS,
    "serviceMaxYears",
    "childMaxExtra",
    ...Array.from({ length: TIER_ROWS }, (_, i) => tierField(i + 1)),
  ];
  const field = setupFields(labels, values, errors);
  return (
    <Form csrfToken={props.csrfToken} action={props.action} idempotencyKey>
      <ErrorSummary t={t} errors={errors} labels={labels} order={order} />
      {props.classes && (
        <Select
          {...field("class")}
          placeholder={t("roundForm.classChoose")}
          required
          options={props.classes.map((c) => ({
            value: `${c.kindergartenId}:${c.classAge}`,
            label: `${c.kindergarten} · ${
              t("setup.ageBorn", {
                age: c.classAge,
                year: classBirthYear(props.enrolmentYear, c.classAge),
              })
            }`,
          }))}
        />
      )}
      <Field {...field("seats")} inputMode="numeric" required maxLength={7} />
      <fieldset class="group">
        <legend>{t("roundForm.factors")}</legend>
        <p class="hint">{t("roundForm.factorsHint")}</p>
        <Field
          {...field("base")}
          inputMode="decimal"
          required
          maxLength={8}
        />
        {AMOUNT_FACTORS.map((f) => (
          <div class="factor" key={f}>
            <Checkbox
              name={`${f}On`}
              label={`${factorLabel(f)}: ${t("roundForm.on")}`}
              checked={valueOf(values, `${f}On`) !== ""}
            />
            <Field
              {...field(f)}
              label={`${factorLabel(f)}: ${t("roundForm.amount")}`}
              inputMode="decimal"
              maxLength={8}
            />
          </div>
        ))}
        <Field
          {...field("serviceMaxYears")}
          inputMode="numeric"
          required
          maxLength={3}
        />
        <Field
          {...field("childMaxExtra")}
          inputMode="numeric"
          required
          maxLength={3}
        />
      </fieldset>
      <fieldset class="group">
        <legend>{t("roundForm.tiers")}</legend>
        <p class="hint">{t("roundForm.tiersHint")}</p>
        {Array.from({ length: TIER_ROWS }, (_, i) => {
          const name = tierField(i + 1);
          const chosen = values[name];
          return (
            <ChoiceGroup
              key={name}
              name={name}
              legend={labels[name]}
              type="checkbox"
              value={Array.isArray(chosen) ? chosen : chosen ? [chosen] : []}
              error={errors[name]}
              options={TIER_FACTORS.map((f) => ({
                value: f,
                label: factorLabel(f),
              }))}
            />
          );
        })}
      </fieldset>
      <button type="submit">{t("setup.save")}</button>
    </Form>
  );
}
