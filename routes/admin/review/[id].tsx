import type { Handlers, PageProps } from "$fresh/server.ts";
import { z } from "zod";
import { DoneNotice } from "@/components/DoneNotice.tsx";
import {
  ChoiceGroup,
  ErrorSummary,
  Form,
  TextArea,
} from "@/components/form/mod.ts";
import { PageTitle } from "@/components/PageTitle.tsx";
import { DOCUMENT_KINDS, type DocumentKind } from "@/domain/applications.ts";
import {
  confirmReview,
  requestCorrection,
  type ReviewApplication,
  reviewApplication,
  type ReviewDocument,
  reviewDocument,
  type ReviewOutcome,
} from "@/domain/review.ts";
import type { MessageKey } from "@/i18n/mod.ts";
import { NotFoundError } from "@/utils/errors.ts";
import {
  type FieldErrors,
  FORM_ERROR,
  formatBytes,
  type FormValues,
  parseForm,
  textField,
  translateErrors,
} from "@/utils/form.ts";
import { formatDateTime } from "@/utils/format.ts";
import { parseId, redirect } from "@/utils/http.ts";
import type { AppState, SignedInState } from "@/utils/state.ts";

/** A form of the page that came back with messages. */
type Failed =
  | {
    form: "reject";
    documentId: number;
    values: FormValues<{ reason: string }>;
    errors: FieldErrors;
  }
  | {
    form: "correction";
    values: FormValues<{ kinds: string[]; children: string[]; note: string }>;
    errors: FieldErrors;
  }
  | { form: "other"; errors: FieldErrors };

interface Data {
  app: ReviewApplication;
  failed: Failed | null;
}

const DONE: Record<string, MessageKey> = {
  accepted: "review.done.accepted",
  rejected: "review.done.rejected",
  correction: "correction.done.requested",
  confirmed: "review.done.confirmed",
};

const Reject = z.object({
  document: z.string(),
  reason: textField({ max: 500, multiline: true }),
});

const Correction = z.object({
  kinds: z.array(z.enum(DOCUMENT_KINDS)),
  children: z.array(z.string().regex(/^\d{1,15}$/)),
  note: textField({ max: 2000, multiline: true }),
});

async function load(ctx: { params: Record<string, string>; state: AppState }) {
  const id = parseId(ctx.params.id);
  if (id === null) throw new NotFoundError();
  return await reviewApplication(ctx.state.services.db, id);
}

/**
 * One application under review: the family, its children and choices, its declared factors,
 * each document with an inline preview and accept / reject buttons, and the correction form.
 * Plain forms: every action works without JavaScript and comes back here with a confirmation.
 */
export const handler: Handlers<Data, SignedInState> = {
  async GET(_req, ctx) {
    return ctx.render({ app: await load(ctx), failed: null });
  },
  async POST(_req, ctx) {
    const app = await load(ctx);
    const { services, account, clock, form } = ctx.state;
    const fail = (failed: Failed, status: number) =>
      ctx.render({ app, failed }, { status });
    if (!form || form.malformed || form.tooLarge) {
      return fail({
        form: "other",
        errors: { [FORM_ERROR]: { key: "form.error.malformed" } },
      }, 400);
    }
    const intent = form.fields.get("intent")?.[0];
    const now = clock.now();
    const done = (outcome: ReviewOutcome, what: string) =>
      outcome.ok ? redirect(`/admin/review/${app.id}?done=${what}`) : fail({
        form: "other",
        errors: { [FORM_ERROR]: { key: "review.error.frozen" } },
      }, 409);
    if (intent === "accept") {
      const documentId = parseId(form.fields.get("document")?.[0]);
      if (documentId === null) throw new NotFoundError();
      const outcome = await reviewDocument(services.db, {
        actorId: account.id,
        applicationId: app.id,
        documentId,
        decision: { accept: true },
        now,
      });
      return done(outcome, "accepted");
    }
    if (intent === "reject") {
      const parsed = parseForm(Reject, form.fields);
      const documentId = parseId(form.fields.get("document")?.[0]);
      if (
        documentId === null || !app.documents.some((d) => d.id === documentId)
      ) {
        throw new NotFoundError();
      }
      if (!parsed.ok) {
        return fail({
          form: "reject",
          documentId,
          values: parsed.state.values,
          errors: parsed.state.errors,
        }, 400);
      }
      const outcome = await reviewDocument(services.db, {
        actorId: account.id,
        applicationId: app.id,
        documentId,
        decision: { accept: false, reason: parsed.data.reason },
        now,
      });
      return done(outcome, "rejected");
    }
    if (intent === "correction") {
      const parsed = parseForm(Correction, form.fields, {
        arrays: ["kinds", "children"],
      });
      if (!parsed.ok) {
        return fail({
          form: "correction",
          values: parsed.state.values,
          errors: parsed.state.errors,
        }, 400);
      }
      const childIds = [...new Set(parsed.data.children.map(Number))];
      if (childIds.some((c) => !app.children.some((k) => k.id === c))) {
        throw new NotFoundError();
      }
      if (!parsed.data.kinds.length && !childIds.length) {
        return fail({
          form: "correction",
          values: parsed.values,
          errors: { kinds: { key: "correction.error.nothing" } },
        }, 400);
      }
      const outcome = await requestCorrection(services.db, {
        actorId: account.id,
        applicationId: app.id,
        documentKinds: [...new Set(parsed.data.kinds)] as DocumentKind[],
        childIds,
        note: parsed.data.note,
        now,
      });
      return done(outcome, "correction");
    }
    if (intent === "confirm") {
      const outcome = await confirmReview(services.db, {
        actorId: account.id,
        applicationId: app.id,
        now,
      });
      return done(outcome, "confirmed");
    }
    return fail({
      form: "other",
      errors: { [FORM_ERROR]: { key: "form.error.malformed" } },
    }, 400);
  },
};

function DocumentCard(
  props: {
    doc: ReviewDocument;
    data: Data;
    state: SignedInState;
  },
) {
  const { doc, data, state } = props;
  const { t, locale, csrfToken } = state;
  const href = `/admin/documents/${doc.id}`;
  const kind = t(`apply.doc.${doc.kind}` as MessageKey);
  const failed = data.failed?.form === "reject" &&
      data.failed.documentId === doc.id
    ? data.failed
    : null;
  const errors = translateErrors(failed?.errors ?? {}, t);
  const reasonId = `field-reason-${doc.id}`;
  const reason = failed?.values.reason;
  return (
    <section
      class="card review-doc"
      id={`doc-${doc.id}`}
      aria-labelledby={`doc-${doc.id}-title`}
    >
      <h3 id={`doc-${doc.id}-title`}>{kind}</h3>
      <dl class="review-facts">
        <dt>{t("review.doc.status")}</dt>
        <dd>
          <strong class={`doc-status doc-status-${doc.status}`}>
            {t(`review.docStatus.${doc.status}` as MessageKey)}
          </strong>
          {doc.rejectReason && <span>{` — ${doc.rejectReason}`}</span>}
        </dd>
        <dt>{t("review.doc.uploaded")}</dt>
        <dd>{formatDateTime(doc.uploadedAt, locale)}</dd>
        <dt>{t("review.doc.file")}</dt>
        <dd>
          {doc.filename} · {formatBytes(doc.sizeBytes)}
        </dd>
        {doc.reviewedAt && (
          <>
            <dt>{t("review.doc.reviewed")}</dt>
            <dd>
              {formatDateTime(doc.reviewedAt, locale)}
              {doc.reviewedBy && ` · ${doc.reviewedBy}`}
            </dd>
          </>
        )}
      </dl>
      {doc.contentType.startsWith("image/")
        ? (
          <a href={href} target="_blank" rel="noopener" class="review-preview">
            <img
              src={href}
              alt={t("review.doc.previewAlt", { kind })}
              loading="lazy"
            />
          </a>
        )
        : (
          <p>
            <a href={href} target="_blank" rel="noopener">
              {t("review.doc.openPdf", { kind })}
            </a>
          </p>
        )}
      {!data.app.frozen && (
        <div class="review-actions">
          {doc.status !== "accepted" && (
            <Form csrfToken={csrfToken} action={`/admin/review/${data.app.id}`}>
              <input type="hidden" name="intent" value="accept" />
              <input type="hidden" name="document" value={String(doc.id)} />
              <button type="submit">
                {t("review.doc.accept", { kind })}
              </button>
            </Form>
          )}
          <Form csrfToken={csrfToken} action={`/admin/review/${data.app.id}`}>
            <input type="hidden" name="intent" value="reject" />
            <input type="hidden" name="document" value={String(doc.id)} />
            {failed && (
              <ErrorSummary
                t={t}
                errors={errors}
                labels={{ reason: t("review.doc.reason") }}
                ids={{ reason: reasonId }}
              />
            )}
            <TextArea
              name="reason"
              id={reasonId}
              label={t("review.doc.reason")}
              hint={t("review.doc.reasonHint")}
              value={typeof reason === "string" ? reason : ""}
              error={errors.reason}
              rows={2}
              maxLength={500}
            />
            <button type="submit" class="secondary">
              {t("review.doc.reject", { kind })}
            </button>
          </Form>
        </div>
      )}
    </section>
  );
}

export default function ReviewApplicationPage(
  { data, state, url }: PageProps<Data, SignedInState>,
) {
  const { t, locale, csrfToken } = state;
  const { app } = data;
  const title = t("review.app.title", { id: app.id });
  const f = app.facts;
  const factors: [boolean, MessageKey][] = [
    [f.singleParent, "review.factor.singleParent"],
    [f.childrenCount >= 2, "review.factor.multiChild"],
    [f.disability, "review.factor.disability"],
    [f.dualIncome, "review.factor.dualIncome"],
    [f.siblingEnrolled, "review.factor.siblingEnrolled"],
    [app.couple, "review.factor.couple"],
  ];
  const declared = factors.filter(([on]) => on).map(([, key]) => t(key));
  const other = data.failed?.form === "other"
    ? translateErrors(data.failed.errors, t)
    : {};
  const correction = data.failed?.form === "correction" ? data.failed : null;
  const correctionErrors = translateErrors(correction?.errors ?? {}, t);
  const pending = app.documents.filter((d) => d.status === "pending").length;
  const openCorrection = app.corrections.some((c) => c.doneAt === null);
  const canConfirm = !app.frozen && pending === 0 && !openCorrection &&
    app.status !== "accepted" && app.status !== "excluded";
  const childName = new Map(app.children.map((c) => [c.id, c.name]));
  return (
    <>
      <PageTitle title={title} t={t} />
      <p>
        <a href={`/admin/review?round=${app.round.id}`}>
          {t("review.app.back")}
        </a>
      </p>
      <h1 id="top">{title}</h1>
      <DoneNotice t={t} url={url} messages={DONE} />
      {other[FORM_ERROR] && (
        <p class="field-error" role="alert">{other[FORM_ERROR]}</p>
      )}
      <dl class="review-facts card">
        <dt>{t("review.app.round")}</dt>
        <dd>{app.round.name}</dd>
        <dt>{t("review.app.status")}</dt>
        <dd>
          <strong>{t(`apply.status.${app.status}` as MessageKey)}</strong>
        </dd>
        <dt>{t("review.app.submitted")}</dt>
        <dd>{formatDateTime(app.submittedAt, locale)}</dd>
        <dt>{t("review.app.parents")}</dt>
        <dd>
          {app.parents.map((p) => p.nameKo).join(", ")}
        </dd>
        <dt>{t("review.app.factors")}</dt>
        <dd>
          {declared.length ? declared.join(", ") : t("review.app.noFactors")}
          {" · "}
          {t("review.app.childrenCount", { count: f.childrenCount })}
        </dd>
      </dl>
      <p class="hint">{t("review.app.next")}</p>
      <h2>{t("review.app.children")}</h2>
      {app.children.length === 0
        ? <p class="notice">{t("review.app.noChildren")}</p>
        : (
          <ul class="review-children">
            {app.children.map((c) => (
              <li key={c.id} class="card">
                <strong>{c.name}</strong> · {c.birthDate} · {c.classAge === null
                  ? t("review.app.noClass")
                  : t("round.classAge", { age: c.classAge })}
                {c.linked && ` · ${t("review.app.linked")}`}
                <ol>
                  {c.choices.map((x) => (
                    <li key={x.recruitmentId}>
                      {x.label} · {t("round.classAge", { age: x.classAge })}
                    </li>
                  ))}
                </ol>
              </li>
            ))}
          </ul>
        )}
      <h2>{t("review.app.documents")}</h2>
      {app.documents.length === 0
        ? <p class="notice">{t("review.app.noDocuments")}</p>
        : app.documents.map((doc) => (
          <DocumentCard key={doc.id} doc={doc} data={data} state={state} />
        ))}
      {canConfirm && (
        <section class="card">
          <h2>{t("review.confirm.title")}</h2>
          <p>{t("review.confirm.hint")}</p>
          <Form csrfToken={csrfToken} action={`/admin/review/${app.id}`}>
            <input type="hidden" name="intent" value="confirm" />
            <button type="submit">{t("review.confirm.button")}</button>
          </Form>
        </section>
      )}
      <h2>{t("correction.title")}</h2>
      {app.corrections.length > 0 && (
        <ul>
          {app.corrections.map((c) => (
            <li key={c.id}>
              {c.doneAt
                ? t("correction.doneAt", {
                  at: formatDateTime(c.doneAt, locale),
                })
                : t("correction.openSince", {
                  at: formatDateTime(c.requestedAt, locale),
                })}
              {": "}
              {[
                ...c.documentKinds.map((k) =>
                  t(`apply.doc.${k}` as MessageKey)
                ),
                ...c.childIds.map((id) => childName.get(id) ?? `#${id}`),
              ].join(", ")}
              <span class="pre-line">{` — ${c.note}`}</span>
            </li>
          ))}
        </ul>
      )}
      {app.frozen
        ? <p class="notice">{t("review.error.frozen")}</p>
        : (
          <section class="card">
            <p>{t("correction.hint")}</p>
            <Form
              csrfToken={csrfToken}
              action={`/admin/review/${app.id}#correction`}
              id="correction"
            >
              <input type="hidden" name="intent" value="correction" />
              <ErrorSummary
                t={t}
                errors={correctionErrors}
                labels={{
                  kinds: t("correction.kinds"),
                  children: t("correction.children"),
                  note: t("correction.note"),
                }}
              />
              <ChoiceGroup
                name="kinds"
                type="checkbox"
                legend={t("correction.kinds")}
                optionalText={t("correction.optional")}
                value={correction?.values.kinds ?? []}
                error={correctionErrors.kinds}
                options={DOCUMENT_KINDS.map((k) => ({
                  value: k,
                  label: t(`apply.doc.${k}` as MessageKey),
                }))}
              />
              {app.children.length > 0 && (
                <ChoiceGroup
                  name="children"
                  type="checkbox"
                  legend={t("correction.children")}
                  hint={t("correction.childrenHint")}
                  optionalText={t("correction.optional")}
                  value={correction?.values.children ?? []}
                  error={correctionErrors.children}
                  options={app.children.map((c) => ({
                    value: String(c.id),
                    label: `${c.name} (${c.birthDate})`,
                  }))}
                />
              )}
              <TextArea
                name="note"
                label={t("correction.note")}
                hint={t("correction.noteHint")}
                value={typeof correction?.values.note === "string"
                  ? correction.values.note
                  : ""}
                error={correctionErrors.note}
                rows={3}
                maxLength={2000}
                required
              />
              <button type="submit" class="secondary">
                {t("correction.submit")}
              </button>
            </Form>
          </section>
        )}
    </>
  );
}
