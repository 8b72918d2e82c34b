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
  endEnrolment,
  type EnrolmentRecord,
  kindergartenEnrolments,
  parseEnrolmentForm,
  removeEnrolment,
} from "@/domain/enrolments.ts";
import { type Kindergarten, kindergartenById } from "@/domain/kindergartens.ts";
import type { MessageKey } from "@/i18n/mod.ts";
import { NotFoundError } from "@/utils/errors.ts";
import { FORM_ERROR, type FormState } from "@/utils/form.ts";
import { assertAdmin } from "@/utils/guards.ts";
import { parseId, redirect } from "@/utils/http.ts";
import type { AppState } from "@/utils/state.ts";

interface Data {
  kg: Kindergarten;
  records: EnrolmentRecord[];
  /** The add form, typed values and messages. */
  state?: FormState;
  /** A refused end or removal: the record, the typed date and the message. */
  rowError?: { childId: number; until: string; key: MessageKey };
}

const FIELDS = [
  "employeeNo",
  "childName",
  "birthDate",
  "since",
  "until",
] as const;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

async function load(ctx: { params: Record<string, string>; state: AppState }) {
  const id = parseId(ctx.params.id);
  const db = ctx.state.services.db;
  const kg = id ? await kindergartenById(db, id) : null;
  if (!kg) throw new NotFoundError();
  return { kg, records: await kindergartenEnrolments(db, kg.id) };
}

const isRealDate = (v: string) =>
  DATE.test(v) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);

/**
 * A kindergarten's enrolment records (for the sibling factor): listed, added by hand, ended or
 * removed one by one (`op` = `end` / `remove` with the record's `child`), or imported as a CSV
 * (`import.tsx`).
 */
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
    const db = ctx.state.services.db;
    const actorId = ctx.state.account.id;
    const op = body.fields.get("op")?.[0];
    if (op === "end" || op === "remove") {
      const childId = parseId(body.fields.get("child")?.[0]);
      const record = records.find((r) => r.childId === childId);
      if (!record) throw new NotFoundError();
      const until = (body.fields.get("until")?.[0] ?? "").trim().slice(0, 10);
      const refuse = (key: MessageKey, status: number) =>
        ctx.render({
          kg,
          records,
          rowError: { childId: record.childId, until, key },
        }, { status });
      if (op === "end" && !isRealDate(until)) {
        return refuse("kg.error.date", 400);
      }
      const outcome = op === "end"
        ? await endEnrolment(db, {
          actorId,
          kindergartenId: kg.id,
          childId: record.childId,
          until,
        })
        : await removeEnrolment(db, {
          actorId,
          kindergartenId: kg.id,
          childId: record.childId,
        });
      if (!outcome.ok) {
        return outcome.reason === "notFound"
          ? refuse("enrolImport.error.notFound", 409)
          : refuse("kg.error.untilBeforeSince", 400);
      }
      return redirect(
        `/admin/kindergartens/${kg.id}/enrolments?done=${
          op === "end" ? "enrolmentEnded" : "enrolmentRemoved"
        }`,
      );
    }
    const parsed = parseEnrolmentForm(body.fields);
    if (!parsed.ok) {
      return ctx.render({ kg, records, state: parsed.state }, { status: 400 });
    }
    const outcome = await addEnrolment(db, {
      actorId,
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
      : outcome.reason === "unknownEmployee"
      ? { employeeNo: { key: "enrolImport.error.unknownEmployee" as const } }
      : { childName: { key: "kg.error.childNotFound" as const } };
    return ctx.render(
      { kg, records, state: { values: parsed.values, errors } },
      { status: 409 },
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
  const base = `/admin/kindergartens/${data.kg.id}/enrolments`;
  return (
    <>
      <PageTitle title={title} t={t} />
      <h1>{title}</h1>
      <Done t={t} url={url} />
      <p>{t("kg.enrolmentsHint")}</p>
      <p>
        <a href={`${base}/import`}>{t("enrolImport.link")}</a>
      </p>
      {data.records.length === 0
        ? <p class="notice">{t("kg.enrolmentsEmpty")}</p>
        : (
          <ul class="enrolment-list">
            {data.records.map((r) => {
              const bad = data.rowError?.childId === r.childId
                ? data.rowError
                : undefined;
              return (
                <li key={r.childId} id={`enrolment-${r.childId}`}>
                  <h2 class="enrolment-name">{r.childName}</h2>
                  <dl class="facts">
                    <dt>{t("kg.birthDate")}</dt>
                    <dd>{r.birthDate}</dd>
                    <dt>{t("enrolImport.parent")}</dt>
                    <dd>{r.parentEmployeeNo}</dd>
                    <dt>{t("kg.since")}</dt>
                    <dd>{r.since}</dd>
                    <dt>{t("kg.until")}</dt>
                    <dd>{r.until ?? "—"}</dd>
                  </dl>
                  <div class="enrolment-actions">
                    <Form csrfToken={state.csrfToken} action={base}>
                      <input type="hidden" name="op" value="end" />
                      <input type="hidden" name="child" value={r.childId} />
                      <Field
                        id={`end-${r.childId}`}
                        name="until"
                        type="date"
                        label={t("enrolImport.endOn", { name: r.childName })}
                        value={bad?.until ?? r.until ?? ""}
                        error={bad ? t(bad.key) : undefined}
                        required
                      />
                      <button type="submit" class="secondary">
                        {t("enrolImport.end")}
                      </button>
                    </Form>
                    <Form csrfToken={state.csrfToken} action={base}>
                      <input type="hidden" name="op" value="remove" />
                      <input type="hidden" name="child" value={r.childId} />
                      <button
                        type="submit"
                        class="secondary"
                        aria-label={t("enrolImport.removeLabel", {
                          name: r.childName,
                        })}
                      >
                        {t("enrolImport.remove")}
                      </button>
                    </Form>
                  </div>
                </li>
              );
            })}
          </ul>
        )}
      <section class="card">
        <h2>{t("kg.addEnrolment")}</h2>
        <Form csrfToken={state.csrfToken} action={base} idempotencyKey>
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
