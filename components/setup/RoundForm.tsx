import type { JSX } from "preact";
import {
  Checkbox,
  ErrorSummary,
  Field,
  Form,
  Select,
} from "@/components/form/mod.ts";
import {
  CALENDAR_FIELDS,
  ROUND_FIELDS,
  roundFieldLabel,
} from "@/domain/round_setup.ts";
import type { Translate } from "@/i18n/mod.ts";
import { BEACON_KINDS } from "@/lottery/beacon.ts";
import type { FormState } from "@/utils/form.ts";
import { setupFields, translateSetupErrors, valueOf } from "./messages.ts";

/** Props of {@link RoundForm}. */
export interface RoundFormProps {
  /** Translates labels and messages. */
  t: Translate;
  /** The session's CSRF token. */
  csrfToken: string;
  /** Where to post. */
  action: string;
  /** The values typed (or stored) and a message per bad field. */
  state?: FormState;
  /** Hidden fields to carry (e.g. the round a copy comes from). */
  hidden?: Record<string, string>;
}

/**
 * The round form: name and enrolment year, the calendar (datetime-local inputs read as
 * Asia/Seoul time), both beacons with their times, and the second-approval switch. Works
 * without JavaScript; every bad field shows its message beside it and in the summary.
 */
export function RoundForm(props: RoundFormProps): JSX.Element {
  const { t, state } = props;
  const errors = translateSetupErrors(state?.errors, t);
  const values = state?.values as Record<string, string | string[]>;
  const labels = Object.fromEntries(
    ROUND_FIELDS.map((f) => [f, t(roundFieldLabel(f))]),
  );
  const field = setupFields(labels, values, errors);
  const kinds = BEACON_KINDS.map((k) => ({
    value: k,
    label: t(`roundForm.kind.${k}`),
  }));
  return (
    <Form csrfToken={props.csrfToken} action={props.action} idempotencyKey>
      <ErrorSummary
        t={t}
        errors={errors}
        labels={labels}
        order={[...ROUND_FIELDS]}
      />
      {Object.entries(props.hidden ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <Field {...field("name")} required maxLength={100} />
      <Field
        {...field("enrolmentYear")}
        hint={t("roundForm.enrolmentYearHint")}
        inputMode="numeric"
        required
        maxLength={4}
      />
      <fieldset class="group">
        <legend>{t("roundForm.calendar")}</legend>
        <p class="hint">{t("roundForm.timeHint")}</p>
        {CALENDAR_FIELDS.map((f) => (
          <Field key={f} {...field(f)} type="datetime-local" required />
        ))}
      </fieldset>
      <fieldset class="group">
        <legend>{t("roundForm.beacons")}</legend>
        <p class="hint">{t("roundForm.beaconsHint")}</p>
        <Select {...field("beaconKind")} options={kinds} required />
        <Field
          {...field("beaconName")}
          hint={t("roundForm.beaconNameHint")}
          required
          maxLength={200}
        />
        <Field
          {...field("beaconScheduledAt")}
          type="datetime-local"
          required
        />
        <Field
          {...field("beaconDeadline")}
          type="datetime-local"
          hint={t("roundForm.beaconDeadlineHint")}
          optionalText={t("setup.optional")}
        />
        <Select {...field("fallbackKind")} options={kinds} required />
        <Field {...field("fallbackName")} required maxLength={200} />
        <Field
          {...field("fallbackScheduledAt")}
          type="datetime-local"
          required
        />
      </fieldset>
      <Checkbox
        name="requiresSecondApproval"
        label={labels.requiresSecondApproval}
        checked={valueOf(values, "requiresSecondApproval") !== ""}
        error={errors.requiresSecondApproval}
      />
      <button type="submit">{t("setup.save")}</button>
    </Form>
  );
}
