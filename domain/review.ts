/**
 * The admin's review of applications (issue 11): the queue, one application with its documents,
 * accepting or rejecting each document, asking for a correction, opening a document, and
 * resolving a child named in two applications. Every action writes one audit row in its own
 * transaction, and a mail to the family (both parents, each in their language) goes through
 * the outbox in that same transaction.
 *
 * An application's status follows `services/migrations/0010_review_freeze.sql`: `accepted`
 * once every document is reviewed, the resident-register copy is accepted and no correction is
 * open; otherwise it stays `submitted` or `needs_review` (an accepted one that loses that goes
 * back to `needs_review`, and a correction always puts it there).
 *
 * @module
 */
import type { Locale, MessageKey, Translate } from "@/i18n/mod.ts";
import { translator } from "@/i18n/mod.ts";
import type { Db } from "@/services/db.ts";
import { enqueueMail } from "@/services/outbox.ts";
import type { Storage } from "@/services/storage.ts";
import { NotFoundError } from "@/utils/errors.ts";
import { formatDateTime } from "@/utils/format.ts";
import {
  applicantCounts,
  type ApplicationStatus,
  type DeclaredFacts,
  declaredFacts,
  DOCUMENT_KINDS,
  type DocumentKind,
} from "./applications.ts";
import { recordAudit } from "./audit.ts";
import { ageClass } from "./children.ts";
import { FROZEN_ROUND_STATUSES } from "./corrections.ts";
import { familyOf, type Parent } from "./family.ts";

/** Rows per page of the review queue. */
export const REVIEW_PAGE_SIZE = 25;

/** The status filter of the queue: `waiting` is submitted or needs review. */
export const QUEUE_STATUSES = [
  "waiting",
  "submitted",
  "needs_review",
  "accepted",
  "excluded",
  "all",
] as const;

/** A status filter of the queue. */
export type QueueStatus = typeof QUEUE_STATUSES[number];

/** The declared factors the queue filters on (`multiChild`: two children or more). */
export const QUEUE_FACTORS = [
  "singleParent",
  "multiChild",
  "disability",
  "dualIncome",
  "siblingEnrolled",
] as const;

/** A factor filter of the queue. */
export type QueueFactor = typeof QUEUE_FACTORS[number];

/** The filters of {@link reviewQueue}; null matches everything. */
export interface QueueFilter {
  /** The round. */
  roundId: number | null;
  /** A class (recruitment) that a child chose. */
  recruitmentId: number | null;
  /** The status. */
  status: QueueStatus;
  /** A declared factor. */
  factor: QueueFactor | null;
  /** Page from 1. */
  page: number;
}

/** One application in the queue. */
export interface QueueRow {
  /** The application id. */
  id: number;
  /** Its round's name. */
  roundName: string;
  /** The parent who filed it. */
  filedBy: string;
  /** The children's names. */
  children: string;
  /** Its status. */
  status: ApplicationStatus;
  /** When it was submitted. */
  submittedAt: Date;
  /** Documents waiting for review. */
  pending: number;
  /** Documents rejected. */
  rejected: number;
  /** Current documents. */
  documents: number;
  /** An open correction. */
  correction: boolean;
}

const STATUSES_OF: Record<QueueStatus, ApplicationStatus[]> = {
  waiting: ["submitted", "needs_review"],
  submitted: ["submitted"],
  needs_review: ["needs_review"],
  accepted: ["accepted"],
  excluded: ["excluded"],
  all: ["submitted", "needs_review", "accepted", "excluded"],
};

/**
 * The review queue: submitted applications matching the filter, oldest submission first, one
 * page at a time.
 *
 * @example
 * ```ts
 * const { rows, total } = await reviewQueue(db, { roundId: 1, recruitmentId: null, status: "waiting", factor: null, page: 1 });
 * ```
 */
export async function reviewQueue(
  db: Db,
  filter: QueueFilter,
): Promise<{ rows: QueueRow[]; total: number }> {
  const offset = (Math.max(1, filter.page) - 1) * REVIEW_PAGE_SIZE;
  const statuses = STATUSES_OF[filter.status];
  const factor = filter.factor;
  const found = await db.sql<{
    id: number;
    round_name: string;
    filed_by: string;
    children: string | null;
    status: ApplicationStatus;
    submitted_at: Date;
    pending: number;
    rejected: number;
    documents: number;
    correction: boolean;
    total: number;
  }>`
    select a.id, r.name as round_name, acc.name_ko as filed_by,
      (select string_agg(c.name, ', ' order by c.birth_date, c.id)
        from application_children ac join children c on c.id = ac.child_id
        where ac.application_id = a.id) as children,
      a.status, a.submitted_at,
      (select count(*) from documents d where d.application_id = a.id
        and d.deleted_at is null and d.status = 'pending')::int as pending,
      (select count(*) from documents d where d.application_id = a.id
        and d.deleted_at is null and d.status = 'rejected')::int as rejected,
      (select count(*) from documents d where d.application_id = a.id
        and d.deleted_at is null)::int as documents,
      exists (select 1 from application_corrections k
        where k.application_id = a.id and k.done_at is null) as correction,
      count(*) over ()::int as total
    from applications a
    join rounds r on r.id = a.round_id
    join accounts acc on acc.id = a.filed_by
    where a.status = any(${statuses}::text[])
      and (${filter.roundId}::int8 is null or a.round_id = ${filter.roundId})
      and (${filter.recruitmentId}::int8 is null or exists (
        select 1 from application_choices x
        where x.application_id = a.id and x.recruitment_id = ${filter.recruitmentId}))
      and (${factor}::text is null
        or (${factor} = 'multiChild'
          and coalesce((a.facts ->> 'childrenCount')::int, 1) >= 2)
        or (${factor} <> 'multiChild' and (a.facts ->> ${factor}) = 'true'))
    order by a.submitted_at, a.id
    limit ${REVIEW_PAGE_SIZE} offset ${offset}`;
  return {
    total: found[0]?.total ?? 0,
    rows: found.map((r) => ({
      id: Number(r.id),
      roundName: r.round_name,
      filedBy: r.filed_by,
      children: r.children ?? "",
      status: r.status,
      submittedAt: r.submitted_at,
      pending: Number(r.pending),
      rejected: Number(r.rejected),
      documents: Number(r.documents),
      correction: r.correction,
    })),
  };
}

/** A document as the admin reviews it. */
export interface ReviewDocument {
  /** The document id. */
  id: number;
  /** Its kind. */
  kind: DocumentKind;
  /** The name it was uploaded with. */
  filename: string;
  /** `application/pdf`, `image/jpeg` or `image/png`. */
  contentType: string;
  /** Its size. */
  sizeBytes: number;
  /** Its review status. */
  status: "pending" | "accepted" | "rejected";
  /** Why it was rejected. */
  rejectReason: string | null;
  /** When it was uploaded. */
  uploadedAt: Date;
  /** When it was reviewed. */
  reviewedAt: Date | null;
  /** Who reviewed it. */
  reviewedBy: string | null;
}

/** A child of the application as the admin sees it. */
export interface ReviewChild {
  /** The child id. */
  id: number;
  /** The name. */
  name: string;
  /** `YYYY-MM-DD`. */
  birthDate: string;
  /** The age class in the round. */
  classAge: number | null;
  /** Its ranked choices. */
  choices: { recruitmentId: number; label: string; classAge: number }[];
  /** Linked to siblings (a unit). */
  linked: boolean;
}

/** A correction as the admin sees it. */
export interface ReviewCorrection {
  /** The correction id. */
  id: number;
  /** The document kinds named. */
  documentKinds: DocumentKind[];
  /** The children named. */
  childIds: number[];
  /** What the admin wrote. */
  note: string;
  /** When it was asked for. */
  requestedAt: Date;
  /** When the family made it, or null while open. */
  doneAt: Date | null;
}

/** One application as the review page shows it. */
export interface ReviewApplication {
  /** The application id. */
  id: number;
  /** Its round. */
  round: { id: number; name: string; status: string; reviewUntil: Date };
  /** Its status. */
  status: ApplicationStatus;
  /** When it was submitted and last changed. */
  submittedAt: Date;
  updatedAt: Date;
  /** The declared facts. */
  facts: DeclaredFacts;
  /** The family's parents. */
  parents: Parent[];
  /** The HR couple link. */
  couple: boolean;
  /** The children applying. */
  children: ReviewChild[];
  /** The current documents. */
  documents: ReviewDocument[];
  /** The corrections, newest first. */
  corrections: ReviewCorrection[];
  /** True once the round is frozen: nothing changes any more. */
  frozen: boolean;
}

/**
 * One submitted application for review; {@link NotFoundError} for a draft, a withdrawn one or
 * none.
 *
 * @example
 * ```ts
 * const app = await reviewApplication(db, 42);
 * ```
 */
export async function reviewApplication(
  db: Db,
  id: number,
): Promise<ReviewApplication> {
  const rows = await db.sql<{
    id: number;
    status: ApplicationStatus;
    submitted_at: Date;
    updated_at: Date;
    facts: unknown;
    family_key: number;
    round_id: number;
    round_name: string;
    round_status: string;
    review_until: Date;
    enrolment_year: number;
    open_at: Date;
  }>`
    select a.id, a.status, a.submitted_at, a.updated_at, a.facts, a.family_key,
      r.id as round_id, r.name as round_name, r.status as round_status, r.review_until,
      r.enrolment_year, r.applications_open_at as open_at
    from applications a join rounds r on r.id = a.round_id
    where a.id = ${id} and a.status not in ('draft', 'withdrawn')`;
  if (!rows.length) throw new NotFoundError("no such application");
  const a = rows[0];
  const family = await familyOf(db, Number(a.family_key));
  const round = {
    enrolmentYear: Number(a.enrolment_year),
    applicationsOpenAt: a.open_at,
  };
  const kids = await db.sql<{
    id: number;
    name: string;
    birth_date: string;
    unit_id: number | null;
  }>`
    select c.id, c.name, c.birth_date::text as birth_date, ac.unit_id
    from application_children ac join children c on c.id = ac.child_id
    where ac.application_id = ${id} order by c.birth_date, c.id`;
  const choices = await db.sql<{
    child_id: number;
    recruitment_id: number;
    kindergarten: string;
    class_age: number;
  }>`
    select x.child_id, x.recruitment_id, k.name as kindergarten, r.class_age
    from application_choices x
    join recruitments r on r.id = x.recruitment_id
    join kindergartens k on k.id = r.kindergarten_id
    where x.application_id = ${id} order by x.child_id, x.rank`;
  const docs = await db.sql<{
    id: number;
    kind: DocumentKind;
    filename: string;
    content_type: string;
    size_bytes: number;
    status: ReviewDocument["status"];
    reject_reason: string | null;
    uploaded_at: Date;
    reviewed_at: Date | null;
    reviewer: string | null;
  }>`
    select d.id, d.kind, d.filename, d.content_type, d.size_bytes, d.status, d.reject_reason,
      d.uploaded_at, d.reviewed_at, acc.name_ko as reviewer
    from documents d left join accounts acc on acc.id = d.reviewed_by
    where d.application_id = ${id} and d.deleted_at is null
    order by d.uploaded_at, d.id`;
  const corrections = await db.sql<{
    id: number;
    document_kinds: DocumentKind[];
    child_ids: number[];
    note: string;
    requested_at: Date;
    done_at: Date | null;
  }>`
    select id, document_kinds, child_ids, note, requested_at, done_at
    from application_corrections where application_id = ${id} order by id desc`;
  const kinds = DOCUMENT_KINDS as readonly string[];
  return {
    id: Number(a.id),
    round: {
      id: Number(a.round_id),
      name: a.round_name,
      status: a.round_status,
      reviewUntil: a.review_until,
    },
    status: a.status,
    submittedAt: a.submitted_at,
    updatedAt: a.updated_at,
    facts: declaredFacts(a.facts),
    parents: family.parents,
    couple: family.couple,
    children: kids.map((k) => ({
      id: Number(k.id),
      name: k.name,
      birthDate: k.birth_date,
      classAge: ageClass(k.birth_date, round),
      linked: k.unit_id !== null,
      choices: choices.filter((c) => Number(c.child_id) === Number(k.id)).map((
        c,
      ) => ({
        recruitmentId: Number(c.recruitment_id),
        label: c.kindergarten,
        classAge: Number(c.class_age),
      })),
    })),
    documents: docs.filter((d) => kinds.includes(d.kind)).map((d) => ({
      id: Number(d.id),
      kind: d.kind,
      filename: d.filename,
      contentType: d.content_type,
      sizeBytes: Number(d.size_bytes),
      status: d.status,
      rejectReason: d.reject_reason,
      uploadedAt: d.uploaded_at,
      reviewedAt: d.reviewed_at,
      reviewedBy: d.reviewer,
    })),
    corrections: corrections.map((c) => ({
      id: Number(c.id),
      documentKinds: [...c.document_kinds],
      childIds: c.child_ids.map(Number),
      note: c.note,
      requestedAt: c.requested_at,
      doneAt: c.done_at,
    })),
    frozen: (FROZEN_ROUND_STATUSES as readonly string[]).includes(
      a.round_status,
    ),
  };
}

/**
 * Sets an application's status from its documents and corrections, by the 0010 contract.
 * Call it in the transaction of the change; returns the status before and after.
 *
 * @example
 * ```ts
 * const { before, after } = await refreshReviewStatus(tx, { applicationId: 9, now });
 * ```
 */
export async function refreshReviewStatus(
  tx: Db,
  options: { applicationId: number; now: Date },
): Promise<{ before: ApplicationStatus; after: ApplicationStatus }> {
  const { applicationId, now } = options;
  const [app] = await tx.sql<{ status: ApplicationStatus }>`
    select status from applications where id = ${applicationId} for update`;
  const before = app.status;
  if (!["submitted", "needs_review", "accepted"].includes(before)) {
    return { before, after: before };
  }
  const docs = await tx.sql<{ kind: string; status: string }>`
    select kind, status from documents
    where application_id = ${applicationId} and deleted_at is null`;
  const [{ open }] = await tx.sql<{ open: boolean }>`
    select exists (select 1 from application_corrections
      where application_id = ${applicationId} and done_at is null) as open`;
  const reviewed = docs.every((d) => d.status !== "pending");
  const resident = docs.some((d) =>
    d.kind === "resident_register" && d.status === "accepted"
  );
  const after: ApplicationStatus = reviewed && resident && !open
    ? "accepted"
    : before === "accepted"
    ? "needs_review"
    : before;
  if (after !== before) {
    await tx.sql`
      update applications set status = ${after}, updated_at = ${now}
      where id = ${applicationId}`;
  }
  return { before, after };
}

/** What a review action did. */
export type ReviewOutcome =
  | { ok: true; status: ApplicationStatus }
  | { ok: false; reason: "frozen" };

async function lockedApplication(
  tx: Db,
  id: number,
): Promise<
  { id: number; familyKey: number; roundName: string; frozen: boolean }
> {
  const rows = await tx.sql<{
    id: number;
    family_key: number;
    round_name: string;
    round_status: string;
  }>`
    select a.id, a.family_key, r.name as round_name, r.status as round_status
    from applications a join rounds r on r.id = a.round_id
    where a.id = ${id} and a.status not in ('draft', 'withdrawn')
    for update of a`;
  if (!rows.length) throw new NotFoundError("no such application");
  return {
    id: Number(rows[0].id),
    familyKey: Number(rows[0].family_key),
    roundName: rows[0].round_name,
    frozen: (FROZEN_ROUND_STATUSES as readonly string[]).includes(
      rows[0].round_status,
    ),
  };
}

/** Mails every parent of a family, each in their language, in the caller's transaction. */
async function mailFamily(
  tx: Db,
  options: {
    familyKey: number;
    write: (t: Translate, locale: Locale) => { subject: string; text: string };
  },
): Promise<number> {
  const family = await familyOf(tx, options.familyKey);
  let sent = 0;
  for (const parent of family.parents) {
    if (!parent.email) continue;
    const t = translator(parent.locale);
    const mail = options.write(t, parent.locale);
    await enqueueMail(tx, {
      to: parent.email,
      subject: mail.subject,
      text: [t("review.mail.greeting", { name: parent.nameKo }), "", mail.text]
        .join("\n"),
    });
    sent++;
  }
  return sent;
}

/** Options of {@link reviewDocument}. */
export interface ReviewDocumentOptions {
  /** The admin. */
  actorId: number;
  /** The application the page was for (the document must belong to it). */
  applicationId: number;
  /** The document. */
  documentId: number;
  /** Accept, or reject with a reason. */
  decision: { accept: true } | { accept: false; reason: string };
  /** The clock's time. */
  now: Date;
}

/**
 * Accepts or rejects one document: one audit row with the document and the application status
 * before and after, the status per the 0010 contract, and on a rejection a mail with the reason
 * to both parents, all in one transaction. {@link NotFoundError} for a document not of this
 * application (or replaced).
 *
 * @example
 * ```ts
 * await reviewDocument(db, { actorId, applicationId: 9, documentId: 3, decision: { accept: false, reason: "흐립니다" }, now });
 * ```
 */
export async function reviewDocument(
  db: Db,
  options: ReviewDocumentOptions,
): Promise<ReviewOutcome> {
  const { now, decision } = options;
  return await db.transaction(async (tx): Promise<ReviewOutcome> => {
    const app = await lockedApplication(tx, options.applicationId);
    if (app.frozen) return { ok: false, reason: "frozen" };
    const found = await tx.sql<{
      kind: DocumentKind;
      status: string;
      reject_reason: string | null;
      reviewed_by: number | null;
      reviewed_at: Date | null;
    }>`
      select kind, status, reject_reason, reviewed_by, reviewed_at from documents
      where id = ${options.documentId} and application_id = ${app.id}
        and deleted_at is null
      for update`;
    if (!found.length) throw new NotFoundError("no such document");
    const doc = found[0];
    const status = decision.accept ? "accepted" : "rejected";
    const reason = decision.accept ? null : decision.reason;
    await tx.sql`
      update documents set status = ${status}, reject_reason = ${reason},
        reviewed_by = ${options.actorId}, reviewed_at = ${now}
      where id = ${options.documentId}`;
    const change = await refreshReviewStatus(tx, {
      applicationId: app.id,
      now,
    });
    await recordAudit(tx, {
      actorId: options.actorId,
      action: decision.accept ? "document.accept" : "document.reject",
      objectType: "document",
      objectId: options.documentId,
      before: {
        applicationId: app.id,
        kind: doc.kind,
        status: doc.status,
        rejectReason: doc.reject_reason,
        reviewedBy: doc.reviewed_by === null ? null : Number(doc.reviewed_by),
        reviewedAt: doc.reviewed_at,
        applicationStatus: change.before,
      },
      after: {
        applicationId: app.id,
        kind: doc.kind,
        status,
        rejectReason: reason,
        reviewedBy: options.actorId,
        reviewedAt: now,
        applicationStatus: change.after,
      },
    });
    if (!decision.accept) {
      await mailFamily(tx, {
        familyKey: app.familyKey,
        write: (t) => ({
          subject: t("review.mail.rejected.subject", { round: app.roundName }),
          text: [
            t("review.mail.rejected.body", {
              round: app.roundName,
              kind: t(`apply.doc.${doc.kind}` as MessageKey),
            }),
            "",
            t("review.mail.rejected.reason", { reason: decision.reason }),
            "",
            t("review.mail.rejected.next"),
          ].join("\n"),
        }),
      });
    }
    return { ok: true, status: change.after };
  });
}

/**
 * Confirms the review of an application whose documents are all reviewed (after a correction of
 * a child, or an edit after acceptance): its status per the 0010 contract, audited.
 *
 * @example
 * ```ts
 * await confirmReview(db, { actorId, applicationId: 9, now });
 * ```
 */
export async function confirmReview(
  db: Db,
  options: { actorId: number; applicationId: number; now: Date },
): Promise<ReviewOutcome> {
  return await db.transaction(async (tx): Promise<ReviewOutcome> => {
    const app = await lockedApplication(tx, options.applicationId);
    if (app.frozen) return { ok: false, reason: "frozen" };
    const change = await refreshReviewStatus(tx, {
      applicationId: app.id,
      now: options.now,
    });
    await recordAudit(tx, {
      actorId: options.actorId,
      action: "application.review",
      objectType: "application",
      objectId: app.id,
      before: { status: change.before },
      after: { status: change.after },
    });
    return { ok: true, status: change.after };
  });
}

/** Options of {@link requestCorrection}. */
export interface CorrectionOptions {
  /** The admin. */
  actorId: number;
  /** The application. */
  applicationId: number;
  /** The document kinds the family may replace. */
  documentKinds: DocumentKind[];
  /** The children (of this application) whose name or birth date the family may change. */
  childIds: number[];
  /** What to fix, in the admin's words. */
  note: string;
  /** The clock's time. */
  now: Date;
}

/**
 * Asks the family for a correction: the application goes to `needs_review`, the family is
 * mailed what to fix, and one audit row records it, in one transaction. A child not of this
 * application is {@link NotFoundError}.
 *
 * @example
 * ```ts
 * await requestCorrection(db, { actorId, applicationId: 9, documentKinds: ["resident_register"], childIds: [], note: "…", now });
 * ```
 */
export async function requestCorrection(
  db: Db,
  options: CorrectionOptions,
): Promise<ReviewOutcome> {
  const { now } = options;
  return await db.transaction(async (tx): Promise<ReviewOutcome> => {
    const app = await lockedApplication(tx, options.applicationId);
    if (app.frozen) return { ok: false, reason: "frozen" };
    const kids = await tx.sql<{ id: number; name: string }>`
      select c.id, c.name from application_children ac join children c on c.id = ac.child_id
      where ac.application_id = ${app.id}`;
    const names = new Map(kids.map((k) => [Number(k.id), k.name]));
    if (options.childIds.some((c) => !names.has(c))) {
      throw new NotFoundError("child of another application");
    }
    const [before] = await tx.sql<{ status: ApplicationStatus }>`
      select status from applications where id = ${app.id}`;
    const [row] = await tx.sql<{ id: number }>`
      insert into application_corrections (application_id, document_kinds, child_ids, note,
        requested_by, requested_at)
      values (${app.id}, ${options.documentKinds}::text[], ${options.childIds}::int8[],
        ${options.note}, ${options.actorId}, ${now})
      returning id`;
    const after: ApplicationStatus = before.status === "excluded"
      ? "excluded"
      : "needs_review";
    if (after !== before.status) {
      await tx.sql`
        update applications set status = ${after}, updated_at = ${now}
        where id = ${app.id}`;
    }
    await recordAudit(tx, {
      actorId: options.actorId,
      action: "application.correction",
      objectType: "application",
      objectId: app.id,
      before: { status: before.status },
      after: {
        status: after,
        correctionId: Number(row.id),
        documentKinds: options.documentKinds,
        childIds: options.childIds,
        note: options.note,
      },
    });
    await mailFamily(tx, {
      familyKey: app.familyKey,
      write: (t) => {
        const lines = [
          t("correction.mail.body", { round: app.roundName }),
          "",
          options.note,
          "",
        ];
        for (const k of options.documentKinds) {
          lines.push(
            `- ${
              t("correction.mail.document", {
                kind: t(`apply.doc.${k}` as MessageKey),
              })
            }`,
          );
        }
        for (const c of options.childIds) {
          lines.push(
            `- ${t("correction.mail.child", { name: names.get(c) ?? "" })}`,
          );
        }
        lines.push("", t("correction.mail.next"));
        return {
          subject: t("correction.mail.subject", { round: app.roundName }),
          text: lines.join("\n"),
        };
      },
    });
    return { ok: true, status: after };
  });
}

/** A stored document, read for an admin. */
export interface OpenedDocument {
  /** The bytes. */
  bytes: Uint8Array;
  /** The stored content type (checked by content at upload). */
  contentType: string;
  /** The name it was uploaded with. */
  filename: string;
}

/**
 * Reads a document for an admin through the storage service (folder or S3 alike) and audits
 * the opening (`document.open`). {@link NotFoundError} for a replaced or missing document.
 *
 * @example
 * ```ts
 * const doc = await openDocumentForAdmin({ db, storage }, { actorId, id: 3 });
 * ```
 */
export async function openDocumentForAdmin(
  services: { db: Db; storage: Storage },
  options: { actorId: number; id: number },
): Promise<OpenedDocument> {
  const rows = await services.db.sql<{
    storage_key: string;
    content_type: string;
    filename: string;
    application_id: number | null;
    kind: string;
  }>`
    select storage_key, content_type, filename, application_id, kind from documents
    where id = ${options.id} and deleted_at is null`;
  if (!rows.length) throw new NotFoundError("no such document");
  const row = rows[0];
  const stored = await services.storage.get(row.storage_key);
  if (!stored) throw new NotFoundError("document object missing");
  await recordAudit(services.db, {
    actorId: options.actorId,
    action: "document.open",
    objectType: "document",
    objectId: options.id,
    after: {
      applicationId: row.application_id === null
        ? null
        : Number(row.application_id),
      kind: row.kind,
    },
  });
  return {
    bytes: stored.bytes,
    contentType: row.content_type,
    filename: row.filename,
  };
}

/**
 * Marks two children of two applications of a round as different children (audited). The pair
 * is not flagged again unless either's name or birth date changes. {@link NotFoundError} when
 * either child is not in a live application of the round.
 *
 * @example
 * ```ts
 * await markDifferentChildren(db, { actorId, roundId: 1, childIds: [4, 9], now });
 * ```
 */
export async function markDifferentChildren(
  db: Db,
  options: {
    actorId: number;
    roundId: number;
    childIds: [number, number];
    now: Date;
  },
): Promise<void> {
  const [a, b] = [...options.childIds].sort((x, y) => x - y);
  if (a === b) throw new NotFoundError("the same child");
  await db.transaction(async (tx) => {
    const kids = await tx.sql<{ id: number; name: string; birth_date: string }>`
      select distinct c.id, c.name, c.birth_date::text as birth_date
      from children c
      join application_children ac on ac.child_id = c.id
      join applications x on x.id = ac.application_id
      where c.id in (${a}, ${b}) and x.round_id = ${options.roundId}
        and x.status not in ('withdrawn', 'draft', 'excluded')
      order by c.id`;
    if (kids.length !== 2) throw new NotFoundError("no such pair");
    const [x, y] = kids;
    const before = await tx.sql`
      select name_a, birth_date_a::text, name_b, birth_date_b::text from duplicate_resolutions
      where round_id = ${options.roundId} and child_a = ${a} and child_b = ${b}`;
    await tx.sql`
      insert into duplicate_resolutions (round_id, child_a, child_b, name_a, birth_date_a,
        name_b, birth_date_b, resolved_by, resolved_at)
      values (${options.roundId}, ${a}, ${b}, ${x.name}, ${x.birth_date}::date, ${y.name},
        ${y.birth_date}::date, ${options.actorId}, ${options.now})
      on conflict (round_id, child_a, child_b) do update set
        name_a = excluded.name_a, birth_date_a = excluded.birth_date_a,
        name_b = excluded.name_b, birth_date_b = excluded.birth_date_b,
        resolved_by = excluded.resolved_by, resolved_at = excluded.resolved_at`;
    await recordAudit(tx, {
      actorId: options.actorId,
      action: "duplicate.different",
      objectType: "child_pair",
      objectId: `${options.roundId}:${a}-${b}`,
      before: before[0] ?? null,
      after: {
        roundId: options.roundId,
        children: [
          { id: a, name: x.name, birthDate: x.birth_date },
          { id: b, name: y.name, birthDate: y.birth_date },
        ],
      },
    });
  });
}

/**
 * Takes a child out of an application (a child named in two families' applications): its
 * choices go, a sibling unit left with one member is dissolved, the family is mailed the reason,
 * and one audit row records the child and its choices, all in one transaction.
 *
 * @example
 * ```ts
 * await removeChildFromApplication(db, { actorId, applicationId: 9, childId: 4, reason: "…", now });
 * ```
 */
export async function removeChildFromApplication(
  db: Db,
  options: {
    actorId: number;
    applicationId: number;
    childId: number;
    reason: string;
    now: Date;
  },
): Promise<ReviewOutcome> {
  const { applicationId, childId, now } = options;
  return await db.transaction(async (tx): Promise<ReviewOutcome> => {
    const app = await lockedApplication(tx, applicationId);
    if (app.frozen) return { ok: false, reason: "frozen" };
    const found = await tx.sql<
      { name: string; birth_date: string; unit_id: number | null }
    >`
      select c.name, c.birth_date::text as birth_date, ac.unit_id
      from application_children ac join children c on c.id = ac.child_id
      where ac.application_id = ${app.id} and ac.child_id = ${childId}`;
    if (!found.length) throw new NotFoundError("child not in application");
    const child = found[0];
    const choices = await tx.sql<{ recruitment_id: number }>`
      select recruitment_id from application_choices
      where application_id = ${app.id} and child_id = ${childId} order by rank`;
    await tx.sql`
      delete from application_choices
      where application_id = ${app.id} and child_id = ${childId}`;
    await tx.sql`
      delete from application_children
      where application_id = ${app.id} and child_id = ${childId}`;
    if (child.unit_id !== null) {
      const rest = await tx.sql<{ child_id: number }>`
        select child_id from application_children where unit_id = ${child.unit_id}`;
      if (rest.length < 2) {
        await tx.sql`
          update application_children set unit_id = null where unit_id = ${child.unit_id}`;
        await tx.sql`delete from sibling_units where id = ${child.unit_id}`;
      }
    }
    await tx.sql`
      update applications set updated_at = ${now}, version = version + 1
      where id = ${app.id}`;
    await recordAudit(tx, {
      actorId: options.actorId,
      action: "application.removeChild",
      objectType: "application",
      objectId: app.id,
      before: {
        child: { id: childId, name: child.name, birthDate: child.birth_date },
        choices: choices.map((c) => Number(c.recruitment_id)),
        unitId: child.unit_id === null ? null : Number(child.unit_id),
      },
      after: { child: null, reason: options.reason },
    });
    await mailFamily(tx, {
      familyKey: app.familyKey,
      write: (t, locale) => ({
        subject: t("dupe.mail.subject", { round: app.roundName }),
        text: [
          t("dupe.mail.body", {
            round: app.roundName,
            name: child.name,
            birthDate: child.birth_date,
            at: formatDateTime(now, locale),
          }),
          "",
          t("dupe.mail.reason", { reason: options.reason }),
          "",
          t("dupe.mail.next"),
        ].join("\n"),
      }),
    });
    const [{ status }] = await tx.sql<{ status: ApplicationStatus }>`
      select status from applications where id = ${app.id}`;
    return { ok: true, status };
  });
}

/** A class of a round with its competition. */
export interface Competition {
  /** The recruitment id. */
  id: number;
  /** The kindergarten. */
  kindergarten: string;
  /** The age class. */
  classAge: number;
  /** Seats. */
  seats: number;
  /** Children applying (submitted, in review or accepted). */
  applicants: number;
}

/**
 * Every class of a round with its seats and applicants so far (a child counts once per class
 * it lists), for the "applicants per seat" column.
 *
 * @example
 * ```ts
 * const classes = await roundCompetition(db, 1);
 * ```
 */
export async function roundCompetition(
  db: Db,
  roundId: number,
): Promise<Competition[]> {
  const [rows, counts] = await Promise.all([
    db.sql<
      { id: number; kindergarten: string; class_age: number; seats: number }
    >`
      select r.id, k.name as kindergarten, r.class_age, r.seats
      from recruitments r join kindergartens k on k.id = r.kindergarten_id
      where r.round_id = ${roundId}
      order by r.class_age, k.name, r.id`,
    applicantCounts(db, roundId),
  ]);
  return rows.map((r) => ({
    id: Number(r.id),
    kindergarten: r.kindergarten,
    classAge: Number(r.class_age),
    seats: Number(r.seats),
    applicants: counts.get(Number(r.id)) ?? 0,
  }));
}
