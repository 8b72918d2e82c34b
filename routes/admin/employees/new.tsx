import type { Handlers, PageProps } from "$fresh/server.ts";
import {
  EmployeeForm,
  parseEmployeeForm,
  problemState,
} from "@/components/EmployeeForm.tsx";
import { PageTitle } from "@/components/PageTitle.tsx";
import { createEmployee, type EmployeeInput } from "@/domain/employees.ts";
import { FORM_ERROR, type FormState } from "@/utils/form.ts";
import { redirect } from "@/utils/http.ts";
import type { AppState, SignedInState } from "@/utils/state.ts";

interface Data {
  state?: FormState<EmployeeInput>;
}

/** Adds one employee (the roster import adds many). */
export const handler: Handlers<Data, SignedInState> = {
  GET(_req, ctx) {
    return ctx.render({});
  },
  async POST(_req, ctx) {
    const body = ctx.state.form;
    if (!body || body.malformed) {
      const state = {
        values: {},
        errors: { [FORM_ERROR]: { key: "form.error.malformed" as const } },
      };
      return ctx.render({ state }, { status: 400 });
    }
    const parsed = parseEmployeeForm(body.fields);
    if (!parsed.ok) return ctx.render({ state: parsed.state }, { status: 400 });
    const result = await createEmployee(ctx.state.services.db, {
      actorId: ctx.state.account.id,
      input: parsed.input,
      now: ctx.state.clock.now(),
      origin: ctx.state.services.config.publicOrigin,
    });
    if (!result.ok) {
      const values = Object.fromEntries(
        [...body.fields].map(([k, v]) => [k, v[0]]),
      );
      return ctx.render({ state: problemState(values, result.problem) }, {
        status: 409,
      });
    }
    return redirect(`/admin/employees/${result.id}?done=created`);
  },
};

export default function NewEmployeePage(
  { data, state }: PageProps<Data, AppState>,
) {
  const { t } = state;
  return (
    <>
      <PageTitle title={t("people.new.title")} t={t} />
      <p>
        <a href="/admin/employees">{t("people.edit.back")}</a>
      </p>
      <h1>{t("people.new.title")}</h1>
      <p>{t("people.new.intro")}</p>
      <EmployeeForm
        t={t}
        csrfToken={state.csrfToken}
        state={data.state}
        submit={t("people.new.submit")}
        action="/admin/employees/new"
      />
    </>
  );
}
