import type { Handlers, PageProps } from "$fresh/server.ts";
import { ErrorSummary, Field, Form } from "@/components/form/mod.ts";
import { PageTitle } from "@/components/PageTitle.tsx";
import { Done } from "@/components/setup/Done.tsx";
import {
  setupFields,
  translateSetupErrors,
} from "@/components/setup/messages.ts";
import {
  addEnrolment,
  type EnrolmentRecord,
  type Kindergarten,
  kindergartenById,
  kindergartenEnrolments,
  parseEnrolmentForm,
} from "@/domain/kindergartens.ts";
import { NotFoundError } from "@/utils/errors.ts";
import { FORM_ERROR, type FormState } from "@/utils/form.ts";
import { assertAdmin } from "@/utils/guards.ts";
import { parseId, redirect } from "@/utils/http.ts";
import type { AppState } from "@/utils/state.ts";

interface Data {
  kg: Kindergarten;
  records: EnrolmentRecord[];
  state?: FormState;
}

const FIELDS = [
  "employeeNo",
  "childName",
  "birthDate",
  "since",
  "until",
] as const;

async function load(ctx: { params: Record<string, string>; state: AppState }) {
  const id = parseId(ctx.params.id);
  const db = ctx.state.services.db;
  const kg = id ? await kindergartenById(db, id) : null;
  if (!kg) throw new NotFoundError();
  return { kg, records: await kindergartenEnrolments(db, kg.id) };
}

/** A kindergarten's enrolment records (for the sibling factor), added by hand. */
export const handler: Handlers<Data, AppState> = {
  async GET(_req, ctx) {
    return ctx.render(await load(ctx));
  },
  async POST(_req, ctx) {
    assertAdmin(ctx.state);
    const { kg, records } = await load(ctx);
    const body = ctx.state.form;
    if (!body || body.malformed || body.tooLarge) {
      const errors = { [FORM_ERROR]: { key: "form.error.malformed" as const } };
      return ctx.render({ kg, records, state: { values: {}, errors } }, {
        status: 400,
      });
    }
    const parsed = parseEnrolmentForm(body.fields);
    if (!parsed.ok) {
      return ctx.render({ kg, records, state: parsed.state }, { status: 400 });
    }
    const outcome = await addEnrolment(ctx.state.services.db, {
      actorId: ctx.state.account.id,
      kindergartenId: kg.id,
      input: parsed.data,
    });
    if (outcome.ok) {
      return redirect(
        `/admin/kindergartens/${kg.id}/enrolments?done=enrolmentAdded`,
      );
    }
    if (outcome.reason === "notFound") throw new NotFoundError();
    const errors = outcome.reason === "exists"
      ? { childName: { key: "kg.error.enrolmentExists" as const } }
      : { childName: { key: "kg.error.childNotFound" as const } };
    return ctx.render(
      { kg, records, state: { values: parsed.values, errors } },
      {
        status: 409,
      },
    );
  },
};

export default function EnrolmentsPage(
  { data, state, url }: PageProps<Data, AppState>,
) {
  const { t } = state;
  const title = `${t("kg.enrolments")}: ${data.kg.name}`;
  const errors = translateSetupErrors(data.state?.errors, t);
  const values = data.state?.values as Record<string, string> | undefined;
  const labels = Object.fromEntries(FIELDS.map((f) => [f, t(`kg.${f}`)]));
  const field = setupFields(labels, values, errors);
  return (
    <>
      <PageTitle title={title} t={t} />
      <h1>{title}</h1>
      <Done t={t} url={url} />
      <p>{t("kg.enrolmentsHint")}</p>
      {data.records.length === 0
        ? <p class="notice">{t("kg.enrolmentsEmpty")}</p>
        : (
          <div class="table-scroll">
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">{t("kg.childName")}</th>
                  <th scope="col">{t("kg.birthDate")}</th>
                  <th scope="col">{t("kg.since")}</th>
                  <th scope="col">{t("kg.until")}</th>
                </tr>
              </thead>
              <tbody>
                {data.records.map((r) => (
                  <tr key={r.childId}>
                    <td>{r.childName}</td>
                    <td>{r.birthDate}</td>
                    <td>{r.since}</td>
                    <td>{r.until ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      <section class="card">
        <h2>{t("kg.addEnrolment")}</h2>
        <Form
          csrfToken={state.csrfToken}
          action={`/admin/kindergartens/${data.kg.id}/enrolments`}
          idempotencyKey
        >
          <ErrorSummary
            t={t}
            errors={errors}
            labels={labels}
            order={[...FIELDS]}
          />
          <Field {...field("employeeNo")} required maxLength={32} />
          <Field {...field("childName")} required maxLength={40} />
          <Field {...field("birthDate")} type="date" required />
          <Field {...field("since")} type="date" required />
          <Field
            {...field("until")}
            type="date"
            optionalText={t("setup.optional")}
          />
          <button type="submit">{t("kg.addEnrolment")}</button>
        </Form>
      </section>
      <p>
        <a href={`/admin/kindergartens/${data.kg.id}`}>{data.kg.name}</a>
      </p>
    </>
  );
}
