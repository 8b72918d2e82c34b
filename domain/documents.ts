/**
 * The family's proof documents for a round: checked by content (PDF, JPEG, PNG, complete, 10 MiB
 * at most) before anything is stored, stored privately, one per kind (a new upload replaces the
 * old one). An upload belongs to the family's round first and to its application once there is
 * one; uploads attached to no application are purged after 24 hours.
 *
 * @module
 */
import { sha256 } from "@noble/hashes/sha2.js";
import type { Db } from "@/services/db.ts";
import { toHex } from "@/services/encoding.ts";
import type { Storage } from "@/services/storage.ts";
import { NotFoundError } from "@/utils/errors.ts";
import { checkDocument, type DocumentProblem } from "@/utils/sniff.ts";
import {
  type ApplyRound,
  type DocumentKind,
  roundPhase,
} from "./applications.ts";
import { familyCorrections, noteCorrected } from "./corrections.ts";
import type { Family } from "./family.ts";
import { assertRoundOpenForEntrants } from "./round_lock.ts";

/** A document as the family sees it. */
export interface FamilyDocument {
  /** The document id. */
  id: number;
  /** Its kind. */
  kind: DocumentKind;
  /** The name it was uploaded with. */
  filename: string;
  /** Its size. */
  sizeBytes: number;
  /** Its review status. */
  status: "pending" | "accepted" | "rejected";
  /** Why it was rejected. */
  rejectReason: string | null;
  /** When it was uploaded. */
  uploadedAt: Date;
}

/** How long an upload attached to no application is kept. */
export const UNATTACHED_KEEP_MS = 24 * 60 * 60 * 1000;

/**
 * The family's current documents for a round (one per kind, the newest).
 *
 * @example
 * ```ts
 * const docs = await familyDocuments(db, { roundId: 1, family });
 * ```
 */
export async function familyDocuments(
  db: Db,
  options: { roundId: number; family: Pick<Family, "key"> },
): Promise<FamilyDocument[]> {
  const rows = await db.sql<{
    id: number;
    kind: DocumentKind;
    filename: string;
    size_bytes: number;
    status: FamilyDocument["status"];
    reject_reason: string | null;
    uploaded_at: Date;
  }>`
    select id, kind, filename, size_bytes, status, reject_reason, uploaded_at from documents
    where round_id = ${options.roundId} and family_key = ${options.family.key}
      and deleted_at is null
    order by uploaded_at, id`;
  return rows.map((r) => ({
    id: Number(r.id),
    kind: r.kind,
    filename: r.filename,
    sizeBytes: Number(r.size_bytes),
    status: r.status,
    rejectReason: r.reject_reason,
    uploadedAt: r.uploaded_at,
  }));
}

/** What {@link uploadDocument} did. */
export type UploadOutcome =
  | { ok: true; id: number }
  | { ok: false; reason: "closed" }
  | { ok: false; reason: "file"; problem: DocumentProblem };

/** Options of {@link uploadDocument}. */
export interface UploadOptions {
  /** The round. */
  round: ApplyRound;
  /** The family. */
  family: Family;
  /** The parent uploading. */
  accountId: number;
  /** The kind of document. */
  kind: DocumentKind;
  /** The file as received. */
  file: { filename: string; bytes: Uint8Array };
  /** The clock's time. */
  now: Date;
}

/**
 * Checks and stores one document. In the window any kind may be (re)uploaded; after it, until
 * the freeze, only a rejected document, or a kind an open correction names, may be replaced. A
 * file refused by its content is never stored. A new document sends an accepted application
 * back to review, and counts towards an open correction that names its kind.
 *
 * @example
 * ```ts
 * const out = await uploadDocument({ db, storage }, { round, family, accountId, kind: "resident_register", file, now });
 * ```
 */
export async function uploadDocument(
  services: { db: Db; storage: Storage },
  options: UploadOptions,
): Promise<UploadOutcome> {
  const { db, storage } = services;
  const { round, family, kind, now } = options;
  await assertRoundOpenForEntrants(db, round.id);
  const phase = roundPhase(round, now);
  const current = (await familyDocuments(db, { roundId: round.id, family }))
    .filter((d) => d.kind === kind).at(-1);
  const corrections = phase === "open"
    ? []
    : await familyCorrections(db, { roundId: round.id, familyKey: family.key });
  const allowed = phase === "open" ||
    (phase === "review" && current?.status === "rejected") ||
    corrections.some((c) => c.documentKinds.includes(kind));
  if (!allowed) return { ok: false, reason: "closed" };
  const check = checkDocument(options.file.bytes);
  if (!check.ok) return { ok: false, reason: "file", problem: check.problem };
  const digest = toHex(sha256(options.file.bytes));
  const key = `documents/r${round.id}/f${family.key}/${crypto.randomUUID()}`;
  await storage.put(key, options.file.bytes, check.type);
  let replaced: string[] = [];
  try {
    const id = await db.transaction(async (tx) => {
      await assertRoundOpenForEntrants(tx, round.id);
      const apps = await tx.sql<{ id: number; status: string }>`
        select id, status from applications
        where round_id = ${round.id} and family_key = ${family.key} and status <> 'withdrawn'
        for update`;
      const app = apps[0];
      const old = await tx.sql<{ storage_key: string }>`
        update documents set deleted_at = ${now}
        where round_id = ${round.id} and family_key = ${family.key} and kind = ${kind}
          and deleted_at is null
        returning storage_key`;
      replaced = old.map((o) => o.storage_key);
      const [row] = await tx.sql<{ id: number }>`
        insert into documents (application_id, round_id, family_key, uploaded_by, kind,
          storage_key, content_type, size_bytes, sha256, filename, uploaded_at)
        values (${app ? Number(app.id) : null}, ${round.id}, ${family.key},
          ${options.accountId}, ${kind}, ${key}, ${check.type}, ${options.file.bytes.length},
          ${digest}, ${cleanName(options.file.filename)}, ${now})
        returning id`;
      if (app?.status === "accepted") {
        await tx.sql`
          update applications set status = 'needs_review', updated_at = ${now},
            version = version + 1
          where id = ${app.id}`;
      }
      if (app) {
        await noteCorrected(tx, { applicationId: Number(app.id), kind, now });
      }
      return Number(row.id);
    });
    for (const k of replaced) await storage.delete(k).catch(() => {});
    return { ok: true, id };
  } catch (error) {
    await storage.delete(key).catch(() => {});
    throw error;
  }
}

/** A file name fit to show: no control characters, at most 200 characters. */
function cleanName(name: string): string {
  // deno-lint-ignore no-control-regex -- removing control characters is the point
  const clean = name.replace(/[\u0000-\u001f\u007f-\u009f]/g, "").trim();
  return clean.slice(0, 200) || "document";
}

/**
 * A short-lived URL for the family's own document; {@link NotFoundError} for another family's.
 *
 * @example
 * ```ts
 * const url = await documentUrl({ db, storage }, { family, id: 42 });
 * ```
 */
export async function documentUrl(
  services: { db: Db; storage: Storage },
  options: { family: Pick<Family, "key">; id: number },
): Promise<string> {
  const rows = await services.db.sql<{ storage_key: string }>`
    select storage_key from documents
    where id = ${options.id} and family_key = ${options.family.key} and deleted_at is null`;
  if (!rows.length) throw new NotFoundError("document of another family");
  return await services.storage.signedUrl(rows[0].storage_key, 60);
}

/**
 * Deletes uploads attached to no application (not even a draft) that are older than 24
 * hours: the stored object first, then the row. Returns how many went.
 *
 * @example
 * ```ts
 * const purged = await purgeUnattachedDocuments({ db, storage }, clock.now());
 * ```
 */
export async function purgeUnattachedDocuments(
  services: { db: Db; storage: Storage },
  now: Date,
): Promise<number> {
  const cutoff = new Date(now.getTime() - UNATTACHED_KEEP_MS);
  const rows = await services.db.sql<{ id: number; storage_key: string }>`
    select id, storage_key from documents
    where application_id is null and uploaded_at < ${cutoff}
    order by id limit 500`;
  let purged = 0;
  for (const row of rows) {
    await services.storage.delete(row.storage_key);
    const gone = await services.db.sql`
      delete from documents where id = ${row.id} and application_id is null returning id`;
    purged += gone.length;
  }
  return purged;
}
