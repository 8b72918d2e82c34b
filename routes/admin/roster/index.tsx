import type { Handlers, PageProps } from "$fresh/server.ts";
import {
  ApplyPreviewForm,
  CsvUploadForm,
  PreviewSection,
  PreviewSummary,
} from "@/components/CsvImport.tsx";
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
import { importOutcome, uploadedFile } from "@/utils/csv_upload.ts";
import { type FieldErrors, translateErrors } from "@/utils/form.ts";
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

/** The HR roster import: upload a CSV, see the preview, then apply it (`apply.ts`). */
export const handler: Handlers<Data, SignedInState> = {
  GET(req, ctx) {
    const outcome = importOutcome(new URL(req.url));
    return ctx.render({
      applied: outcome.applied,
      notice: outcome.notice && `roster.${outcome.notice}`,
    });
  },
  async POST(_req, ctx) {
    const { services: svc, account } = ctx.state;
    const upload = uploadedFile(ctx.state.form);
    if (!upload.ok) {
      return ctx.render({ errors: upload.errors }, { status: upload.status });
    }
    const read = readRoster(upload.file.bytes);
    if (!read.ok) {
      return ctx.render({ errors: { file: read.problem } }, { status: 400 });
    }
    const plan = await planRoster(svc.db, read.rows, {
      emailDomain: emailDomainOf(account.email),
    });
    const fileName = upload.file.filename.slice(0, 200) || "roster.csv";
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

/** The columns of the new rows in the preview. */
const NEW_COLUMNS = [
  "employeeNo",
  "login",
  "name",
  "department",
  "joinDate",
  "spouse",
] as const;

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
      <PreviewSummary
        t={t}
        messages="roster"
        plan={plan}
        cells={(v) => [v.employeeNo, v.login, v.name]}
        created={{
          headers: NEW_COLUMNS.map((f) => t(ROSTER_FIELD_LABELS[f])),
          rows: plan.created.map(({ row, after }) => [
            row,
            ...NEW_COLUMNS.map((f) => after[f] ?? ""),
          ]),
        }}
      />
      <PreviewSection
        id="changed-rows"
        show={plan.updated.length > 0}
        heading={t("roster.changed", { count: plan.updated.length })}
      >
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
                      {f === "spouse" ? spouseText(u.after.spouse) : u.after[f]}
                    </ins>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      </PreviewSection>
      <PreviewSection
        id="linked-rows"
        show={plan.linked.length > 0}
        heading={t("roster.linked", { count: plan.linked.length })}
      >
        <ul>
          {plan.linked.map((l) => (
            <li key={l.id}>
              {l.before.employeeNo} · {l.before.name}:{" "}
              <del>{spouseText(l.before.spouse)}</del> →{" "}
              <ins>{spouseText(l.after.spouse)}</ins>
            </li>
          ))}
        </ul>
      </PreviewSection>
      <ApplyPreviewForm
        csrfToken={props.csrfToken}
        action="/admin/roster/apply"
        previewId={props.preview.id}
        changes={changes}
        submit={t("roster.apply", { count: changes })}
        note={t("roster.applyNote")}
        nothing={t("roster.nothing")}
      />
      <p>
        <a href="/admin/roster">{t("roster.cancel")}</a>
      </p>
    </>
  );
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
      <CsvUploadForm
        t={t}
        csrfToken={csrfToken}
        action="/admin/roster"
        label={t("roster.file")}
        hint={t("roster.fileHint")}
        submit={t("roster.upload")}
        errors={errors}
      />
      <Columns t={t} domain={emailDomainOf(state.account.email)} />
    </>
  );
}
