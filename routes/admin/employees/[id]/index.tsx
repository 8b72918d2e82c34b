import type { Handlers, PageProps } from "$fresh/server.ts";
import { DoneNotice, EMPLOYEE_DONE } from "@/components/DoneNotice.tsx";
import {
  EmployeeForm,
  parseEmployeeForm,
  problemState,
} from "@/components/EmployeeForm.tsx";
import type { ComponentChildren } from "preact";
import { Checkbox, ErrorSummary, Form } from "@/components/form/mod.ts";
import { PageTitle } from "@/components/PageTitle.tsx";
import {
  deactivateEmployee,
  type Employee,
  employeeById,
  type EmployeeInput,
  type EmployeeProblem,
  reactivateEmployee,
  setEmployeeRole,
  updateEmployee,
} from "@/domain/employees.ts";
import { NotFoundError } from "@/utils/errors.ts";
import {
  type FieldErrors,
  FORM_ERROR,
  type FormState,
  translateErrors,
} from "@/utils/form.ts";
import { formatDateTime } from "@/utils/format.ts";
import { parseId, redirect } from "@/utils/http.ts";
import type { AppState, SignedInState } from "@/utils/state.ts";

interface Data {
  employee: Employee;
  /** The edit form as typed, when it came back. */
  state?: FormState<EmployeeInput>;
  /** A refused account action (role, status), shown above the account section. */
  accessError?: FieldErrors<{ confirm: boolean }>;
}

const ACTIONS = ["deactivate", "reactivate", "grant", "revoke"] as const;
type Action = typeof ACTIONS[number];

function employeeValues(e: Employee): FormState<EmployeeInput>["values"] {
  return {
    nameKo: e.nameKo,
    login: e.login,
    email: e.email,
    employeeNo: e.employeeNo,
    department: e.department,
    joinDate: e.joinDate,
    spouseEmployeeNo: e.spouseEmployeeNo ?? "",
  };
}

async function load(
  ctx: { params: Record<string, string>; state: AppState },
): Promise<Employee> {
  const id = parseId(ctx.params.id);
  const employee = id ? await employeeById(ctx.state.services.db, id) : null;
  if (!employee) throw new NotFoundError();
  return employee;
}

function problemErrors(problem: EmployeeProblem) {
  return problemState({}, problem).errors;
}

/** One employee: their details to edit, and their account status and role. */
export const handler: Handlers<Data, SignedInState> = {
  async GET(_req, ctx) {
    return ctx.render({ employee: await load(ctx) });
  },
  async POST(_req, ctx) {
    const employee = await load(ctx);
    const body = ctx.state.form;
    const { db } = ctx.state.services;
    const actorId = ctx.state.account.id;
    const base = `/admin/employees/${employee.id}`;
    if (!body || body.malformed) {
      const errors = { [FORM_ERROR]: { key: "form.error.malformed" as const } };
      return ctx.render({ employee, accessError: errors }, { status: 400 });
    }
    const intent = body.fields.get("intent")?.[0] ?? "";
    if (intent === "edit") {
      const parsed = parseEmployeeForm(body.fields);
      if (!parsed.ok) {
        return ctx.render({ employee, state: parsed.state }, { status: 400 });
      }
      const result = await updateEmployee(db, {
        actorId,
        id: employee.id,
        input: parsed.input,
        now: ctx.state.clock.now(),
      });
      if (!result) throw new NotFoundError();
      if (!result.ok) {
        const values = Object.fromEntries(
          [...body.fields].map(([k, v]) => [k, v[0]]),
        );
        return ctx.render(
          { employee, state: problemState(values, result.problem) },
          { status: 409 },
        );
      }
      return redirect(`${base}?done=edited`);
    }
    if (!(ACTIONS as readonly string[]).includes(intent)) {
      const errors = { [FORM_ERROR]: { key: "form.error.invalid" as const } };
      return ctx.render({ employee, accessError: errors }, { status: 400 });
    }
    const action = intent as Action;
    if (action === "deactivate" && !body.fields.get("confirm")?.[0]) {
      const errors = { confirm: { key: "people.error.confirm" as const } };
      return ctx.render({ employee, accessError: errors }, { status: 400 });
    }
    const result = action === "deactivate"
      ? await deactivateEmployee(db, {
        actorId,
        id: employee.id,
        now: ctx.state.clock.now(),
      })
      : action === "reactivate"
      ? await reactivateEmployee(db, { actorId, id: employee.id })
      : await setEmployeeRole(db, {
        actorId,
        id: employee.id,
        role: action === "grant" ? "admin" : "employee",
      });
    if (!result) throw new NotFoundError();
    if (!result.ok) {
      const fresh = await load(ctx);
      return ctx.render(
        { employee: fresh, accessError: problemErrors(result.problem) },
        { status: 409 },
      );
    }
    const done = ({
      deactivate: "deactivated",
      reactivate: "reactivated",
      grant: "granted",
      revoke: "revoked",
    } as const)[action];
    const { passed = 0, withdrawn = 0 } = result as {
      passed?: number;
      withdrawn?: number;
    };
    const moved = passed || withdrawn
      ? `&passed=${passed}&withdrawn=${withdrawn}`
      : "";
    return redirect(`${base}?done=${done}${moved}`);
  },
};

function count(url: URL, name: string): number {
  const n = Number(url.searchParams.get(name));
  return Number.isInteger(n) && n >= 0 && n < 10_000 ? n : 0;
}

export default function EmployeePage(
  { data, state, url }: PageProps<Data, AppState>,
) {
  const { t, locale } = state;
  const e = data.employee;
  const self = state.account?.id === e.id;
  const passed = count(url, "passed");
  const withdrawn = count(url, "withdrawn");
  const messages = passed || withdrawn
    ? { ...EMPLOYEE_DONE, deactivated: "people.done.deactivatedApps" as const }
    : EMPLOYEE_DONE;
  const title = t("people.edit.title", { name: e.nameKo });
  const accessErrors = translateErrors(data.accessError ?? {}, t);
  const actionForm = (
    intent: Action,
    label: string,
    options: { secondary?: boolean; children?: ComponentChildren } = {},
  ) => (
    <Form
      csrfToken={state.csrfToken}
      action={url.pathname}
      class={options.children ? "form" : "inline"}
    >
      <input type="hidden" name="intent" value={intent} />
      {options.children}
      <button type="submit" class={options.secondary ? "secondary" : undefined}>
        {label}
      </button>
    </Form>
  );
  return (
    <>
      <PageTitle title={title} t={t} />
      <p>
        <a href="/admin/employees">{t("people.edit.back")}</a>
      </p>
      <h1>{title}</h1>
      <DoneNotice
        t={t}
        url={url}
        messages={messages}
        params={{ passed, withdrawn }}
      />
      <section class="card" aria-labelledby="access-heading">
        <h2 id="access-heading">{t("people.access.heading")}</h2>
        <ErrorSummary
          t={t}
          errors={accessErrors}
          labels={{ confirm: t("people.access.deactivate") }}
        />
        <p>
          {e.role === "admin"
            ? t("people.access.isAdmin")
            : t("people.access.isEmployee")}
        </p>
        {self ? <p class="notice">{t("people.access.self")}</p> : (
          <>
            {e.disabledAt
              ? (
                <>
                  <p>
                    {t("people.access.reactivateIntro", {
                      date: formatDateTime(e.disabledAt, locale),
                    })}
                  </p>
                  {actionForm("reactivate", t("people.access.reactivate"))}
                </>
              )
              : (
                <>
                  <div class="row">
                    {e.role === "admin"
                      ? actionForm("revoke", t("people.access.revoke"), {
                        secondary: true,
                      })
                      : actionForm("grant", t("people.access.grant"), {
                        secondary: true,
                      })}
                  </div>
                  <p>{t("people.access.deactivateIntro")}</p>
                  {actionForm("deactivate", t("people.access.deactivate"), {
                    children: (
                      <Checkbox
                        name="confirm"
                        value="yes"
                        label={t("people.access.confirm", { name: e.nameKo })}
                        error={accessErrors.confirm}
                      />
                    ),
                  })}
                </>
              )}
          </>
        )}
      </section>
      <p>
        <a href={`/admin/audit?objectType=account&objectId=${e.id}`}>
          {t("people.edit.auditLink")}
        </a>
      </p>
      <h2>{t("people.edit.heading")}</h2>
      <EmployeeForm
        t={t}
        csrfToken={state.csrfToken}
        state={data.state ?? { values: employeeValues(e), errors: {} }}
        submit={t("people.edit.submit")}
        action={url.pathname}
      />
    </>
  );
}
