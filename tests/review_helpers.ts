/**
 * Helpers for the review tests: a family's submitted application made through the domain use
 * cases (the same ones the pages call), a JPEG the sniffer accepts, the round's window closed,
 * and what the outbox and the audit log hold.
 *
 * @module
 */
import {
  applyRound,
  type DeclaredFacts,
  type DocumentKind,
  saveApplication,
} from "@/domain/applications.ts";
import { ageClass, familyChildren } from "@/domain/children.ts";
import { uploadDocument } from "@/domain/documents.ts";
import { familyOf } from "@/domain/family.ts";
import type { Db } from "@/services/db.ts";
import { PDF } from "./apply_helpers.ts";
import type { TestApp } from "./harness.ts";

/** The smallest complete JPEG the sniffer accepts (SOI, an empty scan, EOI). */
export const TINY_JPEG = new Uint8Array([
  0xff,
  0xd8,
  0xff,
  0xda,
  0x00,
  0x02,
  0xff,
  0xd9,
]);

/** Options of {@link submitApplication}. */
export interface SubmitOptions {
  /** The demo login of the parent who files it. */
  login: string;
  /** The round. */
  roundId: number;
  /** Declared factors (default none). */
  facts?: Partial<DeclaredFacts>;
  /** The documents to upload, by kind (default: the resident-register copy as a PDF). */
  documents?: Partial<Record<DocumentKind, Uint8Array>>;
}

/**
 * Files and submits a family's application with each of its children choosing the first class
 * of its age; returns the application id.
 */
export async function submitApplication(
  app: TestApp,
  options: SubmitOptions,
): Promise<number> {
  const { db, storage } = app.app.services;
  const [acc] = await db.sql<{ id: number }>`
    select id from accounts where login = ${options.login}`;
  const accountId = Number(acc.id);
  const family = await familyOf(db, accountId);
  const round = await applyRound(db, options.roundId);
  const now = new Date();
  const documents = options.documents ?? { resident_register: PDF };
  for (const [kind, bytes] of Object.entries(documents)) {
    const out = await uploadDocument({ db, storage }, {
      round,
      family,
      accountId,
      kind: kind as DocumentKind,
      file: {
        filename: `${kind}.${bytes![0] === 0xff ? "jpg" : "pdf"}`,
        bytes: bytes!,
      },
      now,
    });
    if (!out.ok) throw new Error(`upload ${kind}: ${JSON.stringify(out)}`);
  }
  const children = (await familyChildren(db, family)).filter((c) =>
    round.recruitments.some((r) => r.classAge === ageClass(c.birthDate, round))
  );
  const saved = await saveApplication(db, {
    round,
    family,
    accountId,
    input: {
      children: children.map((c) => ({
        childId: c.id,
        choices: [
          round.recruitments.find((r) =>
            r.classAge === ageClass(c.birthDate, round)
          )!.id,
        ],
      })),
      linked: [],
      facts: {
        singleParent: false,
        disability: false,
        dualIncome: false,
        siblingEnrolled: false,
        childrenCount: 1,
        ...options.facts,
      },
    },
    version: 0,
    action: "submit",
    now,
  });
  if (!saved.ok) throw new Error(`submit: ${JSON.stringify(saved)}`);
  return saved.id;
}

/** Closes the round's application window (it stays in review until `review_until`). */
export async function closeWindow(db: Db, roundId: number): Promise<void> {
  await db.sql`
    update rounds set applications_close_at = now() - interval '1 minute'
    where id = ${roundId}`;
}

/** The outbox mails to an address. */
export async function mailsTo(
  db: Db,
  address: string,
): Promise<{ subject: string; text: string }[]> {
  const rows = await db.sql<{ subject: string; body_text: string }>`
    select subject, body_text from outbox where to_address = ${address} order by id`;
  return rows.map((r) => ({ subject: r.subject, text: r.body_text }));
}

/** The audit rows of an action. */
export async function auditRows(
  db: Db,
  action: string,
): Promise<
  { actor_id: number; object_id: string; before: unknown; after: unknown }[]
> {
  return await db.sql`
    select actor_id, object_id, before, after from audit_log
    where action = ${action} order by id`;
}

/** The application's status and its current documents' ids by kind. */
export async function applicationState(
  db: Db,
  id: number,
): Promise<{ status: string; documents: Record<string, number> }> {
  const [a] = await db.sql<{ status: string }>`
    select status from applications where id = ${id}`;
  const docs = await db.sql<{ id: number; kind: string }>`
    select id, kind from documents
    where application_id = ${id} and deleted_at is null order by id`;
  return {
    status: a.status,
    documents: Object.fromEntries(docs.map((d) => [d.kind, Number(d.id)])),
  };
}
