import type { Handlers, PageProps } from "$fresh/server.ts";
import {
  ApplyPreviewForm,
  CsvUploadForm,
  PreviewSection,
  PreviewSummary,
} from "@/components/CsvImport.tsx";
import { PageTitle } from "@/components/PageTitle.tsx";
import {
  ENROLMENT_COLUMNS,
  type EnrolmentField,
  type EnrolmentPlan,
  enrolmentPlanDigest,
  planEnrolments,
  readEnrolments,
  sampleEnrolments,
  saveEnrolmentPreview,
} from "@/domain/enrolments.ts";
import { type Kindergarten, kindergartenById } from "@/domain/kindergartens.ts";
import type { MessageKey, Translate } from "@/i18n/mod.ts";
import { NotFoundError } from "@/utils/errors.ts";
import { importOutcome, uploadedFile } from "@/utils/csv_upload.ts";
import { type FieldErrors, translateErrors } from "@/utils/form.ts";
import { assertAdmin } from "@/utils/guards.ts";
import { parseId } from "@/utils/http.ts";
import type { AppState } from "@/utils/state.ts";

interface Data {
  kg: Kindergarten;
  /** A preview to show, with the id the apply form sends back. */
  preview?: { id: string; fileName: string; plan: EnrolmentPlan };
  /** The confirmation after applying. */
  applied?: { created: number; updated: number };
  /** A message from the apply step (expired, stale). */
  notice?: MessageKey;
  errors?: FieldErrors;
}

async function loadKg(
  ctx: { params: Record<string, string>; state: AppState },
) {
  const id = parseId(ctx.params.id);
  const kg = id ? await kindergartenById(ctx.state.services.db, id) : null;
  if (!kg) throw new NotFoundError();
  return kg;
}

/**
 * The enrolment import of one kindergarten: upload a CSV, see the preview (new, changed and bad
 * rows with their reasons), then apply it (`apply.ts`).
 */
export const handler: Handlers<Data, AppState> = {
  async GET(req, ctx) {
    const kg = await loadKg(ctx);
    const outcome = importOutcome(new URL(req.url));
    return ctx.render({
      kg,
      applied: outcome.applied,
      notice: outcome.notice && `enrolImport.${outcome.notice}`,
    });
  },
  async POST(_req, ctx) {
    assertAdmin(ctx.state);
    const kg = await loadKg(ctx);
    const { services: svc, account } = ctx.state;
    const upload = uploadedFile(ctx.state.form);
    if (!upload.ok) {
      return ctx.render({ kg, errors: upload.errors }, {
        status: upload.status,
      });
    }
    const read = readEnrolments(upload.file.bytes);
    if (!read.ok) {
      return ctx.render({ kg, errors: { file: read.problem } }, {
        status: 400,
      });
    }
    const plan = await planEnrolments(svc.db, {
      kindergartenId: kg.id,
      rows: read.rows,
    });
    const fileName = upload.file.filename.slice(0, 200) || "enrolments.csv";
    const id = await saveEnrolmentPreview(svc.cache, {
      adminId: account.id,
      kindergartenId: kg.id,
      fileName,
      rows: read.rows,
      digest: await enrolmentPlanDigest(plan),
    });
    return ctx.render({ kg, preview: { id, fileName, plan } });
  },
};

const COLUMN_HELP: Record<EnrolmentField, MessageKey> = {
  employeeNo: "enrolImport.col.employeeNo",
  childName: "enrolImport.col.childName",
  birthDate: "enrolImport.col.birthDate",
  since: "enrolImport.col.since",
  until: "enrolImport.col.until",
};

function Format(props: { t: Translate }) {
  const { t } = props;
  return (
    <section aria-labelledby="format">
      <h2 id="format">{t("enrolImport.columns")}</h2>
      <p>{t("enrolImport.columnsIntro")}</p>
      <dl class="facts">
        {ENROLMENT_COLUMNS.flatMap((c) => [
          <dt key={`h-${c.field}`}>
            <code>{c.header}</code> / {c.headerKo}
          </dt>,
          <dd key={`m-${c.field}`}>{t(COLUMN_HELP[c.field])}</dd>,
        ])}
      </dl>
      <h3>{t("enrolImport.sample")}</h3>
      <pre class="sample-csv">{sampleEnrolments().replace(/^\ufeff/, "").replaceAll("\r\n", "\n")}</pre>
    </section>
  );
}

function Preview(
  props: {
    t: Translate;
    csrfToken: string;
    kg: Kindergarten;
    preview: NonNullable<Data["preview"]>;
  },
) {
  const { t, kg, preview: { plan } } = props;
  const changes = plan.created.length + plan.updated.length;
  const base = `/admin/kindergartens/${kg.id}/enrolments`;
  const dates = (d: { since: string; until: string | null }) =>
    `${d.since} – ${d.until ?? ""}`;
  return (
    <>
      <PreviewSummary
        t={t}
        messages="enrolImport"
        plan={plan}
        cells={(v) => [v.employeeNo, v.childName, v.birthDate]}
        created={{
          headers: [
            t("kg.childName"),
            t("enrolImport.parent"),
            t("kg.since"),
            t("kg.until"),
          ],
          rows: plan.created.map((c) => [
            c.row,
            c.childName,
            c.employeeNo,
            c.after.since,
            c.after.until ?? "—",
          ]),
        }}
      />
      <PreviewSection
        id="changed-rows"
        show={plan.updated.length > 0}
        heading={t("enrolImport.changed", { count: plan.updated.length })}
      >
        <ul>
          {plan.updated.map((u) => (
            <li key={u.childId}>
              <strong>{t("enrolImport.row", { row: u.row })}</strong>{" "}
              {u.childName} · {u.employeeNo}: <del>{dates(u.before)}</del> →
              {" "}
              <ins>{dates(u.after)}</ins>
            </li>
          ))}
        </ul>
      </PreviewSection>
      <ApplyPreviewForm
        csrfToken={props.csrfToken}
        action={`${base}/apply`}
        previewId={props.preview.id}
        changes={changes}
        submit={t("enrolImport.apply", { count: changes })}
        nothing={t("enrolImport.nothing")}
      />
      <p>
        <a href={`${base}/import`}>{t("enrolImport.cancel")}</a>
      </p>
    </>
  );
}

export default function EnrolmentImportPage(
  { data, state }: PageProps<Data, AppState>,
) {
  const { t, csrfToken } = state;
  const { kg } = data;
  const base = `/admin/kindergartens/${kg.id}/enrolments`;
  const errors = translateErrors(data.errors ?? {}, t);
  const title = data.preview
    ? t("enrolImport.previewTitle", { file: data.preview.fileName })
    : t("enrolImport.title", { name: kg.name });
  return (
    <>
      <PageTitle title={title} t={t} />
      <h1>{title}</h1>
      {data.preview
        ? (
          <Preview
            t={t}
            csrfToken={csrfToken}
            kg={kg}
            preview={data.preview}
          />
        )
        : (
          <>
            {data.applied && (
              <p class="notice success" role="status">
                {t("enrolImport.applied", data.applied)}
              </p>
            )}
            {data.notice && <p class="notice" role="alert">{t(data.notice)}</p>}
            <p>{t("enrolImport.intro")}</p>
            <CsvUploadForm
              t={t}
              csrfToken={csrfToken}
              action={`${base}/import`}
              label={t("enrolImport.file")}
              hint={t("enrolImport.fileHint")}
              submit={t("enrolImport.upload")}
              errors={errors}
            />
            <Format t={t} />
          </>
        )}
      <p>
        <a href={base}>{t("enrolImport.back")}</a>
      </p>
    </>
  );
}
