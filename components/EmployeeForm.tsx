import type { JSX } from "preact";
import { z } from "zod";
import {
  bindFields,
  ErrorSummary,
  Field,
  Form,
} from "@/components/form/mod.ts";
import type { EmployeeInput, EmployeeProblem } from "@/domain/employees.ts";
import type { Translate } from "@/i18n/mod.ts";
import {
  type FieldErrors,
  type FormState,
  parseForm,
  textField,
  translateErrors,
} from "@/utils/form.ts";

/** The fields of the employee form, in page order. */
export const EMPLOYEE_FIELDS = [
  "nameKo",
  "login",
  "email",
  "employeeNo",
  "department",
  "joinDate",
  "spouseEmployeeNo",
] as const;

const LOGIN = /^[a-z0-9._-]{1,64}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const EMPLOYEE_NO = /^[A-Za-z0-9-]{1,32}$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function validDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCMonth() === +m[2] - 1 && +m[1] >= 1950 && +m[1] <= 2100;
}

const Schema = z.object({
  nameKo: textField({ max: 40 }),
  login: textField({ max: 64 }).transform((v) => v.toLowerCase()).refine(
    (v) => LOGIN.test(v),
    { error: "form.error.invalid" },
  ),
  email: textField({ max: 254 }).refine((v) => EMAIL.test(v), {
    error: "form.error.invalid",
  }),
  employeeNo: textField({ max: 32 }).refine((v) => EMPLOYEE_NO.test(v), {
    error: "form.error.invalid",
  }),
  department: textField({ max: 80, optional: true }),
  joinDate: textField({ max: 10 }).refine(validDate, {
    error: "form.error.invalid",
  }),
  spouseEmployeeNo: textField({ max: 32, optional: true }).refine(
    (v) => v === "" || EMPLOYEE_NO.test(v),
    { error: "form.error.invalid" },
  ),
});

/** The more precise message of a field's format problem (zod only says "invalid"). */
const FORMAT_HINT = {
  login: "people.error.loginFormat",
  email: "people.error.emailFormat",
  employeeNo: "people.error.employeeNoFormat",
  joinDate: "people.error.dateFormat",
  spouseEmployeeNo: "people.error.employeeNoFormat",
} as const;

/**
 * Validates the employee form: the input, or the state to show the form again with every value
 * as typed and a message beside each bad field.
 */
export function parseEmployeeForm(
  fields: Map<string, string[]>,
):
  | { ok: true; input: EmployeeInput }
  | { ok: false; state: FormState<EmployeeInput> } {
  const parsed = parseForm(Schema, fields);
  if (parsed.ok) return { ok: true, input: parsed.data };
  const errors: FieldErrors<EmployeeInput> = { ...parsed.state.errors };
  for (const [field, key] of Object.entries(FORMAT_HINT)) {
    const name = field as keyof typeof FORMAT_HINT;
    if (errors[name]?.key === "form.error.invalid") errors[name] = { key };
  }
  return { ok: false, state: { values: parsed.state.values, errors } };
}

/** The form state that shows a refusal of the domain beside its field (or on top). */
export function problemState(
  values: FormState<EmployeeInput>["values"],
  problem: EmployeeProblem,
): FormState<EmployeeInput> {
  const key = ({
    taken: problem.field === "login"
      ? "people.error.loginTaken"
      : "people.error.employeeNoTaken",
    unknown: "people.error.spouseUnknown",
    self: problem.field ? "people.error.spouseSelf" : "people.error.selfAction",
    linkedElsewhere: "people.error.spouseLinked",
    lastAdmin: "people.error.lastAdmin",
    unchanged: "people.error.unchanged",
  } as const)[problem.reason];
  return { values, errors: { [problem.field ?? "_form"]: { key } } };
}

/** The employee form (create and edit), its fields keeping what was typed. */
export function EmployeeForm(
  props: {
    t: Translate;
    csrfToken: string;
    state?: FormState<EmployeeInput>;
    submit: string;
    action?: string;
  },
): JSX.Element {
  const { t, state } = props;
  const f = bindFields(state, t);
  const labels = Object.fromEntries(
    EMPLOYEE_FIELDS.map((name) => [name, t(`people.field.${name}`)]),
  );
  return (
    <Form csrfToken={props.csrfToken} action={props.action} idempotencyKey>
      <ErrorSummary
        t={t}
        errors={translateErrors(state?.errors ?? {}, t)}
        labels={labels}
        order={[...EMPLOYEE_FIELDS]}
      />
      <input type="hidden" name="intent" value="edit" />
      <Field {...f("nameKo")} label={labels.nameKo} required maxLength={40} />
      <Field
        {...f("login")}
        label={labels.login}
        hint={t("people.hint.login")}
        required
        maxLength={64}
        autocomplete="off"
      />
      <Field
        {...f("email")}
        type="email"
        label={labels.email}
        required
        maxLength={254}
        autocomplete="off"
      />
      <Field
        {...f("employeeNo")}
        label={labels.employeeNo}
        required
        maxLength={32}
      />
      <Field
        {...f("department")}
        label={labels.department}
        optionalText={t("form.optional")}
        maxLength={80}
      />
      <Field
        {...f("joinDate")}
        type="date"
        label={labels.joinDate}
        required
      />
      <Field
        {...f("spouseEmployeeNo")}
        label={labels.spouseEmployeeNo}
        hint={t("people.hint.spouse")}
        optionalText={t("form.optional")}
        maxLength={32}
      />
      <button type="submit">{props.submit}</button>
    </Form>
  );
}
