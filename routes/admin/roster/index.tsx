import type { Handlers, PageProps } from "$fresh/server.ts";
import { ErrorSummary, FileField, Form } from "@/components/form/mod.ts";
import { PageTitle } from "@/components/PageTitle.tsx";
import {
  emailDomainOf,
  planDigest,
  planRoster,
  readRoster,
  ROSTER_COLUMNS,
  ROSTER_FIELD_LABELS,
  type RosterField,
  type RosterPlan,
  savePreview,
} from "@/domain/roster.ts";
import type { MessageKey, Translate } from "@/i18n/mod.ts";
import {
  bodyProblem,
  type FieldErrors,
  FORM_ERROR,
  translateErrors,
} from "@/utils/form.ts";
import type { SignedInState } from "@/utils/state.ts";

interface Data {
  /** A preview to show, with the id the apply form sends back. */
  preview?: { id: string; fileName: string; plan: RosterPlan };
  /** The confirmation after applying. */
  applied?: { created: number; updated: number };
  /** A message from the apply step (expired, stale). */
  notice?: MessageKey;
  errors?: FieldErrors;
}

const count = (v: string | null) =>
  v && /^[0-9]{1,6}$/.test(v) ? Number(v) : null;

/** The HR roster import: upload a CSV, see the preview, then apply it (`apply.ts`). */
export const handler: Handlers<Data, SignedInState> = {
  GET(req, ctx) {
    const params = new URL(req.url).searchParams;
    const created = count(params.get("created"));
    const updated = count(params.get("updated"));
    const notice = params.get("notice") === "stale"
      ? "roster.stale"
      : params.get("notice") === "expired"
      ? "roster.expired"
      : undefined;
    return ctx.render({
      applied: created !== null && updated !== null
        ? { created, updated }
        : undefined,
      notice,
    });
  },
  async POST(_req, ctx) {
    const { services: svc, account } = ctx.state;
    const body = ctx.state.form;
    const problem = body && bodyProblem(body, { fileField: "file" });
    if (!body || problem) {
      const errors = problem?.errors ??
        { [FORM_ERROR]: { key: "form.error.malformed" as const } };
      return ctx.render({ errors }, { status: problem?.status ?? 400 });
    }
    if (!body.file) {
      return ctx.render({ errors: { file: { key: "form.error.required" } } }, {
        status: 400,
      });
    }
    const read = readRoster(body.file.bytes);
    if (!read.ok) {
      return ctx.render({ errors: { file: read.problem } }, { status: 400 });
    }
    const plan = await planRoster(svc.db, read.rows, {
      emailDomain: emailDomainOf(account.email),
    });
    const fileName = body.file.filename.slice(0, 200) || "roster.csv";
    const id = await savePreview(svc.cache, {
      adminId: account.id,
      fileName,
      rows: read.rows,
      digest: await planDigest(plan),
    });
    return ctx.render({ preview: { id, fileName, plan } });
  },
};

const COLUMN_HELP: Record<RosterField, MessageKey> = {
  login: "roster.col.login",
  name: "roster.col.name",
  employeeNo: "roster.col.employeeNo",
  department: "roster.col.department",
  joinDate: "roster.col.joinDate",
  spouse: "roster.col.spouse",
  email: "roster.col.email",
};

function Columns(props: { t: Translate; domain: string }) {
  const { t } = props;
  return (
    <>
      <h2>{t("roster.columns")}</h2>
      <p>{t("roster.columnsIntro")}</p>
      <div class="scroll-x">
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t("roster.col.header")}</th>
              <th scope="col">{t("roster.col.meaning")}</th>
            </tr>
          </thead>
          <tbody>
            {ROSTER_COLUMNS.map((c) => (
              <tr key={c.field}>
                <td>
                  <code>{c.header}</code> / {c.headerKo}
                </td>
                <td>{t(COLUMN_HELP[c.field], { domain: props.domain })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>{t("roster.rules")}</p>
      <p>
        <a href="/admin/roster/sample" download="roster-sample.csv">
          {t("roster.sample")}
        </a>
      </p>
    </>
  );
}

function Preview(
  props: {
    t: Translate;
    csrfToken: string;
    preview: NonNullable<Data["preview"]>;
  },
) {
  const { t, preview: { plan } } = props;
  const changes = plan.created.length + plan.updated.length +
    plan.linked.length;
  const spouseText = (s: string | null) => s ?? t("roster.noSpouse");
  return (
    <>
      <p class="notice" role="status">
        {t("roster.summary", {
          new: plan.created.length,
          changed: plan.updated.length,
          same: plan.unchanged,
          bad: plan.bad.length,
        })}
      </p>
      {plan.bad.length > 0 && (
        <section aria-labelledby="bad-rows">
          <h2 id="bad-rows">{t("roster.bad", { count: plan.bad.length })}</h2>
          <p>{t("roster.badNote")}</p>
          <ul class="bad-rows">
            {plan.bad.map((b) => (
              <li key={b.row} id={`row-${b.row}`}>
                <strong>{t("roster.row", { row: b.row })}</strong>{" "}
                {[b.values.employeeNo, b.values.login, b.values.name]
                  .filter(Boolean).join(" · ")}
                <ul>
                  {b.reasons.map((r, i) => (
                    <li key={i} class="error">
                      {t(r.key, translateParams(t, r.params))}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </section>
      )}
      {plan.created.length > 0 && (
        <section aria-labelledby="new-rows">
          <h2 id="new-rows">
            {t("roster.new", { count: plan.created.length })}
          </h2>
          <div class="scroll-x">
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">#</th>
                  {([
                    "employeeNo",
                    "login",
                    "name",
                    "department",
                    "joinDate",
                    "spouse",
                  ] as const).map((f) => (
                    <th scope="col" key={f}>{t(ROSTER_FIELD_LABELS[f])}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {plan.created.map(({ row, after }) => (
                  <tr key={row}>
                    <td>{row}</td>
                    <td>{after.employeeNo}</td>
                    <td>{after.login}</td>
                    <td>{after.name}</td>
                    <td>{after.department}</td>
                    <td>{after.joinDate}</td>
                    <td>{after.spouse ?? ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      {plan.updated.length > 0 && (
        <section aria-labelledby="changed-rows">
          <h2 id="changed-rows">
            {t("roster.changed", { count: plan.updated.length })}
          </h2>
          <ul>
            {plan.updated.map((u) => (
              <li key={u.row}>
                <strong>{t("roster.row", { row: u.row })}</strong>{" "}
                {u.after.employeeNo} · {u.after.name}
                <ul>
                  {u.fields.map((f) => (
                    <li key={f}>
                      {t(ROSTER_FIELD_LABELS[f === "name" ? "name" : f])}:{" "}
                      <del>
                        {f === "spouse"
                          ? spouseText(u.before.spouse)
                          : u.before[f]}
                      </del>{" "}
                      →{" "}
                      <ins>
                        {f === "spouse"
                          ? spouseText(u.after.spouse)
                          : u.after[f]}
                      </ins>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </section>
      )}
      {plan.linked.length > 0 && (
        <section aria-labelledby="linked-rows">
          <h2 id="linked-rows">
            {t("roster.linked", { count: plan.linked.length })}
          </h2>
          <ul>
            {plan.linked.map((l) => (
              <li key={l.id}>
                {l.before.employeeNo} · {l.before.name}:{" "}
                <del>{spouseText(l.before.spouse)}</del> →{" "}
                <ins>{spouseText(l.after.spouse)}</ins>
              </li>
            ))}
          </ul>
        </section>
      )}
      {changes > 0
        ? (
          <Form
            csrfToken={props.csrfToken}
            action="/admin/roster/apply"
            idempotencyKey
          >
            <input type="hidden" name="preview" value={props.preview.id} />
            <p>{t("roster.applyNote")}</p>
            <button type="submit">
              {t("roster.apply", { count: changes })}
            </button>
          </Form>
        )
        : <p>{t("roster.nothing")}</p>}
      <p>
        <a href="/admin/roster">{t("roster.cancel")}</a>
      </p>
    </>
  );
}

/** Field names inside reasons are message keys: translate them. */
function translateParams(
  t: Translate,
  params: Record<string, string | number> | undefined,
): Record<string, string | number> | undefined {
  if (!params?.field) return params;
  return { ...params, field: t(params.field as MessageKey) };
}

export default function RosterPage(
  { data, state }: PageProps<Data, SignedInState>,
) {
  const { t, csrfToken } = state;
  const errors = translateErrors(data.errors ?? {}, t);
  if (data.preview) {
    const title = t("roster.previewTitle", { file: data.preview.fileName });
    return (
      <>
        <PageTitle title={title} t={t} />
        <h1>{title}</h1>
        <Preview t={t} csrfToken={csrfToken} preview={data.preview} />
      </>
    );
  }
  return (
    <>
      <PageTitle title={t("roster.title")} t={t} />
      <h1>{t("roster.title")}</h1>
      {data.applied && (
        <p class="notice" role="status">
          {t("roster.applied", data.applied)}
        </p>
      )}
      {data.notice && <p class="notice" role="alert">{t(data.notice)}</p>}
      <p>{t("roster.intro")}</p>
      <Form csrfToken={csrfToken} action="/admin/roster" multipart>
        <ErrorSummary
          t={t}
          errors={errors}
          labels={{ file: t("roster.file") }}
          order={["file"]}
        />
        <FileField
          name="file"
          t={t}
          label={t("roster.file")}
          hint={t("roster.fileHint")}
          error={errors.file}
          accept=".csv,text/csv"
          required
        />
        <button type="submit">{t("roster.upload")}</button>
      </Form>
      <Columns t={t} domain={emailDomainOf(state.account.email)} />
    </>
  );
}
