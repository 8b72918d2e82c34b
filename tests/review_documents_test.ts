/**
 * The admin's document route streams the stored object inline (the stored content type,
 * nosniff, private no-store, a sandboxing CSP), read through the storage service on the folder
 * store and on S3 (s3rver) alike, never a redirect; each opening is audited.
 */
import assert from "node:assert/strict";
import { DEMO_ACCOUNTS } from "@/domain/demo.ts";
import { startS3Sink } from "@/services/testing/local_servers.ts";
import { demoRound, PDF } from "./apply_helpers.ts";
import { Client, startTestApp, type TestApp } from "./harness.ts";
import {
  applicationState,
  auditRows,
  submitApplication,
  TINY_JPEG,
} from "./review_helpers.ts";

async function streamsInline(app: TestApp, storageKind: string) {
  assert.equal(app.app.services.storage.kind, storageKind);
  const db = app.app.services.db;
  const id = await submitApplication(app, {
    login: DEMO_ACCOUNTS[1].login,
    roundId: await demoRound(app),
    facts: { singleParent: true },
    documents: { resident_register: PDF, single_parent: TINY_JPEG },
  });
  const { documents } = await applicationState(db, id);
  const admin = new Client(app);
  await admin.signIn(DEMO_ACCOUNTS[0].login, DEMO_ACCOUNTS[0].password);
  for (
    const [doc, type, bytes] of [
      [documents.resident_register, "application/pdf", PDF],
      [documents.single_parent, "image/jpeg", TINY_JPEG],
    ] as const
  ) {
    const res = await admin.fetch(`/admin/documents/${doc}`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), type);
    assert.match(res.headers.get("content-disposition") ?? "", /^inline;/);
    assert.equal(res.headers.get("x-content-type-options"), "nosniff");
    assert.equal(res.headers.get("cache-control"), "private, no-store");
    const csp = res.headers.get("content-security-policy") ?? "";
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /(^|; )sandbox(;|$)/);
    assert.deepEqual(new Uint8Array(await res.arrayBuffer()), bytes);
  }
  const opened = await auditRows(db, "document.open");
  assert.deepEqual(
    opened.map((r) => r.object_id),
    [String(documents.resident_register), String(documents.single_parent)],
  );
  // A missing document is 404; the family's own route still redirects to a signed URL.
  assert.equal((await admin.fetch("/admin/documents/999999")).status, 404);
  assert.equal(
    (await auditRows(db, "document.open")).length,
    2,
    "a missing document is not audited as opened",
  );
}

Deno.test("the document route streams a PDF and a JPEG inline from the folder store", async () => {
  // The folder store even when the run names a shared S3 (CI's second run).
  const app = await startTestApp({ S3_ENDPOINT: "" });
  try {
    await streamsInline(app, "folder");
  } finally {
    await app.close();
  }
});

Deno.test({
  name: "the document route streams a PDF and a JPEG inline from S3 (s3rver)",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const s3 = await startS3Sink();
    const app = await startTestApp({
      S3_ENDPOINT: s3.endpoint,
      S3_BUCKET: s3.bucket,
    });
    try {
      await streamsInline(app, "s3");
    } finally {
      await app.close();
      await s3.close();
    }
  },
});
