import type { Handlers, PageProps } from "$fresh/server.ts";
import { ErrorSummary, FileField, Form } from "@/components/form/mod.ts";
import { PageTitle } from "@/components/PageTitle.tsx";
import {
  type ApplyRound,
  DOCUMENT_KINDS,
  type DocumentKind,
  type FamilyApplication,
  requiredDocuments,
  type RoundPhase,
} from "@/domain/applications.ts";
import {
  familyCorrections,
  type OpenCorrection,
} from "@/domain/corrections.ts";
import { type FamilyDocument, uploadDocument } from "@/domain/documents.ts";
import type { Family } from "@/domain/family.ts";
import { familyRound } from "@/domain/family_round.ts";
import type { MessageKey } from "@/i18n/mod.ts";
import { NotFoundError } from "@/utils/errors.ts";
import {
  bodyProblem,
  documentError,
  type FieldErrors,
  FORM_ERROR,
  formatBytes,
  translateErrors,
} from "@/utils/form.ts";
import { formatDateTime } from "@/utils/format.ts";
import { parseId, redirect } from "@/utils/http.ts";
import { MAX_DOCUMENT_BYTES } from "@/utils/sniff.ts";
import type { SignedInState } from "@/utils/state.ts";

interface Data {
  round: ApplyRound;
  phase: RoundPhase;
  family: Family;
  app: FamilyApplication | null;
  documents: FamilyDocument[];
  /** The open corrections: the kinds they name may be replaced after the window. */
  corrections: OpenCorrection[];
  /** The kind whose form came back with a message, and the message. */
  failed: { kind: DocumentKind | null; errors: FieldErrors } | null;
  done: DocumentKind | null;
}

const FILE_FIELD = "document";

async function load(
  ctx: { params: Record<string, string>; state: SignedInState },
) {
  const { services, account, clock } = ctx.state;
  const roundId = parseId(ctx.params.id);
  if (roundId === null) throw new NotFoundError();
  const base = await familyRound(services.db, {
    roundId,
    accountId: account.id,
    now: clock.now(),
  });
  const corrections = await familyCorrections(services.db, {
    roundId,
    familyKey: base.family.key,
  });
  return { ...base, corrections };
}

function isKind(v: string | undefined): v is DocumentKind {
  return (DOCUMENT_KINDS as readonly string[]).includes(v ?? "");
}

/**
 * The family's proof documents for a round: one form per document, one file per request,
 * checked by content before anything is stored.
 */
export const handler: Handlers<Data, SignedInState> = {
  async GET(req, ctx) {
    const base = await load(ctx);
    const done = new URL(req.url).searchParams.get("done") ?? undefined;
    return ctx.render({
      ...base,
      failed: null,
      done: isKind(done) ? done : null,
    });
  },
  async POST(_req, ctx) {
    const base = await load(ctx);
    const { services, account, clock, form } = ctx.state;
    const kinds = form?.fields.get("kind") ?? [];
    const kind = kinds.length === 1 && isKind(kinds[0]) ? kinds[0] : null;
    const fail = (errors: FieldErrors, status: number) =>
      ctx.render({ ...base, failed: { kind, errors }, done: null }, { status });
    if (!form) {
      return fail({ [FORM_ERROR]: { key: "form.error.malformed" } }, 400);
    }
    const problem = bodyProblem(form, { fileField: FILE_FIELD });
    if (problem) return fail(problem.errors, problem.status);
    if (!kind) {
      return fail({ [FORM_ERROR]: { key: "apply.error.kind" } }, 400);
    }
    if (!form.file || form.file.field !== FILE_FIELD) {
      return fail({ [FILE_FIELD]: { key: "apply.error.noFile" } }, 400);
    }
    const out = await uploadDocument(services, {
      round: base.round,
      family: base.family,
      accountId: account.id,
      kind,
      file: form.file,
      now: clock.now(),
    });
    if (out.ok) {
      return redirect(`/rounds/${base.round.id}/documents?done=${kind}`);
    }
    if (out.reason === "closed") {
      return fail({ [FORM_ERROR]: { key: "apply.error.uploadClosed" } }, 409);
    }
    return fail({ [FILE_FIELD]: documentError(out.problem) }, 400);
  },
};

export default function DocumentsPage(
  { data, state }: PageProps<Data, SignedInState>,
) {
  const { t, csrfToken, locale } = state;
  const { round, app, family } = data;
  const title = t("apply.documentsTitle", { round: round.name });
  const needed = requiredDocuments(
    app?.facts ?? {
      singleParent: false,
      disability: false,
      dualIncome: false,
      siblingEnrolled: false,
      childrenCount: 1,
    },
    { couple: family.couple },
  );
  const others = DOCUMENT_KINDS.filter((k) => !needed.includes(k));
  const current = new Map(data.documents.map((d) => [d.kind, d]));
  const failedErrors = translateErrors(data.failed?.errors ?? {}, t);
  const canUpload = (k: DocumentKind) =>
    data.phase === "open" ||
    (data.phase === "review" && current.get(k)?.status === "rejected") ||
    data.corrections.some((c) => c.documentKinds.includes(k));
  const section = (k: DocumentKind) => {
    const doc = current.get(k);
    const mine = data.failed && (data.failed.kind === k ||
      (data.failed.kind === null && k === needed[0]));
    const fieldId = `field-${FILE_FIELD}-${k}`;
    return (
      <section class="card" key={k} id={`doc-${k}`}>
        <h3>{t(`apply.doc.${k}` as MessageKey)}</h3>
        {doc && (
          <p>
            {t(`apply.docStatus.${doc.status}` as MessageKey)}
            {doc.rejectReason && ` — ${doc.rejectReason}`} ·{" "}
            <a href={`/documents/${doc.id}`}>{t("apply.openDocument")}</a>
            <span class="hint">
              · {formatDateTime(doc.uploadedAt, locale)}
            </span>
          </p>
        )}
        {data.done === k && (
          <p class="success" role="status">{t("apply.done.uploaded")}</p>
        )}
        {canUpload(k)
          ? (
            <Form
              csrfToken={csrfToken}
              action={`/rounds/${round.id}/documents`}
              multipart
              idempotencyKey
            >
              <input type="hidden" name="kind" value={k} />
              {mine && (
                <ErrorSummary
                  t={t}
                  errors={failedErrors}
                  labels={{ [FILE_FIELD]: t(`apply.doc.${k}` as MessageKey) }}
                  ids={{ [FILE_FIELD]: fieldId }}
                />
              )}
              <FileField
                t={t}
                name={FILE_FIELD}
                id={fieldId}
                label={t("apply.chooseFile")}
                hint={t("form.file.accept", {
                  limit: formatBytes(MAX_DOCUMENT_BYTES),
                })}
                error={mine ? failedErrors[FILE_FIELD] : undefined}
                current={doc
                  ? { filename: doc.filename, size: doc.sizeBytes }
                  : null}
                required
              />
              <button type="submit">
                {doc ? t("apply.replace") : t("apply.upload")}
              </button>
            </Form>
          )
          : !doc && <p class="hint">{t("apply.uploadClosedHint")}</p>}
      </section>
    );
  };
  return (
    <>
      <PageTitle title={title} t={t} />
      <h1>{title}</h1>
      <p class="notice">{t("apply.maskNote")}</p>
      <p>{t("apply.documentsIntro")}</p>
      {data.corrections.map((c) => (
        <section class="card notice" key={c.id}>
          <h2>{t("correction.family.title")}</h2>
          <p class="pre-line">{c.note}</p>
          {c.documentKinds.length > 0 && (
            <p>
              {t("correction.family.documents", {
                kinds: c.documentKinds.map((k) =>
                  t(`apply.doc.${k}` as MessageKey)
                ).join(", "),
              })}
            </p>
          )}
          {c.childIds.length > 0 && (
            <p>
              {t("correction.family.children")}{" "}
              <a href="/children">{t("correction.family.childrenLink")}</a>
            </p>
          )}
        </section>
      ))}
      {data.failed && data.failed.errors[FORM_ERROR] && (
        <p class="field-error" role="alert">{failedErrors[FORM_ERROR]}</p>
      )}
      <h2>{t("apply.neededDocuments")}</h2>
      {needed.map(section)}
      <details>
        <summary>{t("apply.otherDocuments")}</summary>
        {others.map(section)}
      </details>
      <p>
        <a href={`/rounds/${round.id}/apply`}>{t("apply.backToApplication")}</a>
      </p>
    </>
  );
}
