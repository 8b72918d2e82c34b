/**
 * The admin's review (issue 11): reject with a reason (one audit row with before and after, a
 * mail with the reason to both parents), the family replaces the document through its upload
 * page and the application is back in the queue, accepting everything makes it `accepted`;
 * the queue's filters; a reason is required beside its field; an employee gets 403 and an
 * anonymous visitor is sent to sign in.
 */
import assert from "node:assert/strict";
import { DEMO_ACCOUNTS } from "@/domain/demo.ts";
import { accountId, demoRound, PDF, upload } from "./apply_helpers.ts";
import { Client, startTestApp } from "./harness.ts";
import {
  applicationState,
  auditRows,
  closeWindow,
  mailsTo,
  submitApplication,
  TINY_JPEG,
} from "./review_helpers.ts";

const ADMIN = DEMO_ACCOUNTS[0];
const KIM = DEMO_ACCOUNTS[1];

Deno.test("review: reject with a reason, the family replaces it, accept all", async () => {
  const app = await startTestApp();
  const db = app.app.services.db;
  try {
    const roundId = await demoRound(app);
    const id = await submitApplication(app, {
      login: KIM.login,
      roundId,
      facts: { singleParent: true },
      documents: {
        resident_register: PDF,
        single_parent: TINY_JPEG,
      },
    });
    const admin = new Client(app);
    await admin.signIn(ADMIN.login, ADMIN.password);

    // The queue lists it, oldest first, and each class's competition.
    const queue = await admin.page(`/admin/review?round=${roundId}`);
    assert.equal(queue.res.status, 200);
    assert.match(queue.html, new RegExp(`/admin/review/${id}"`));
    assert.match(queue.html, /정원 1명당/);
    assert.equal(queue.html.match(/<h1\b/g)?.length, 1);
    // Filters: a factor it has, one it has not.
    const single = await admin.page(
      `/admin/review?round=${roundId}&factor=singleParent`,
    );
    assert.match(single.html, new RegExp(`/admin/review/${id}"`));
    const disability = await admin.page(
      `/admin/review?round=${roundId}&factor=disability`,
    );
    assert.doesNotMatch(disability.html, new RegExp(`/admin/review/${id}"`));
    const accepted = await admin.page(
      `/admin/review?round=${roundId}&status=accepted`,
    );
    assert.doesNotMatch(accepted.html, new RegExp(`/admin/review/${id}"`));

    const before = await applicationState(db, id);
    assert.equal(before.status, "submitted");
    const page = await admin.page(`/admin/review/${id}`);
    assert.equal(page.res.status, 200);
    assert.match(page.html, /김서윤/);
    assert.match(page.html, /한부모 가정/);
    assert.match(page.html, /주민등록등본/);
    assert.match(
      page.html,
      new RegExp(
        `<img src="/admin/documents/${before.documents.single_parent}"`,
      ),
    );
    assert.match(
      page.html,
      new RegExp(
        `href="/admin/documents/${before.documents.resident_register}"`,
      ),
    );

    // A rejection without a reason: 400, the message beside the field, nothing changed.
    const rr = before.documents.resident_register;
    const empty = await admin.post(`/admin/review/${id}`, {
      _csrf: page.csrf,
      intent: "reject",
      document: String(rr),
      reason: "  ",
    });
    assert.equal(empty.status, 400);
    const emptyHtml = await empty.text();
    assert.match(
      emptyHtml,
      new RegExp(`id="field-reason-${rr}-error"[^>]*>필수 항목입니다`),
    );
    assert.equal((await auditRows(db, "document.reject")).length, 0);

    // With a reason: one audit row with before and after, a mail to the family.
    const reason = "주민등록번호 뒷자리가 가려지지 않았습니다";
    const rejected = await admin.post(`/admin/review/${id}`, {
      _csrf: page.csrf,
      intent: "reject",
      document: String(rr),
      reason,
    });
    assert.equal(rejected.status, 303);
    assert.equal(
      rejected.headers.get("location"),
      `/admin/review/${id}?done=rejected`,
    );
    const confirmed = await admin.page(rejected.headers.get("location")!);
    assert.match(confirmed.html, /사유를 메일로 보냈습니다/);
    const rows = await auditRows(db, "document.reject");
    assert.equal(rows.length, 1);
    assert.equal(rows[0].object_id, String(rr));
    assert.equal(
      Number(rows[0].actor_id),
      await accountId(app, ADMIN.login),
    );
    assert.deepEqual(
      [
        (rows[0].before as Record<string, unknown>).status,
        (rows[0].after as Record<string, unknown>).status,
        (rows[0].after as Record<string, unknown>).rejectReason,
      ],
      ["pending", "rejected", reason],
    );
    const mails = await mailsTo(db, `${KIM.login}@kic.example`);
    const mail = mails.find((m) => m.subject.includes("반려"));
    assert.ok(mail, "the family was mailed");
    assert.match(mail.text, new RegExp(reason));
    assert.match(mail.text, /주민등록등본/);

    // The window closes; the family replaces the rejected document on its upload page.
    await closeWindow(db, roundId);
    const kim = new Client(app);
    await kim.signIn(KIM.login, KIM.password);
    const replaced = await upload(kim, {
      roundId,
      kind: "resident_register",
    });
    assert.equal(replaced.status, 303, await replaced.text());
    // Another kind, not rejected and not named by a correction, is refused.
    const refused = await upload(kim, { roundId, kind: "single_parent" });
    assert.equal(refused.status, 409);
    const after = await applicationState(db, id);
    assert.notEqual(after.documents.resident_register, rr);
    assert.equal(after.status, "submitted");
    const back = await admin.page(`/admin/review?round=${roundId}`);
    assert.match(back.html, new RegExp(`/admin/review/${id}"`));

    // Accept everything: the application is accepted (and leaves the waiting queue).
    for (const doc of Object.values(after.documents)) {
      const { csrf } = await admin.page(`/admin/review/${id}`);
      const res = await admin.post(`/admin/review/${id}`, {
        _csrf: csrf,
        intent: "accept",
        document: String(doc),
      });
      assert.equal(res.status, 303);
    }
    assert.equal((await applicationState(db, id)).status, "accepted");
    assert.equal((await auditRows(db, "document.accept")).length, 2);
    const waiting = await admin.page(`/admin/review?round=${roundId}`);
    assert.doesNotMatch(waiting.html, new RegExp(`/admin/review/${id}"`));
    const done = await admin.page(
      `/admin/review?round=${roundId}&status=accepted`,
    );
    assert.match(done.html, new RegExp(`/admin/review/${id}"`));

    // A document of another application answers 404 on this application's page.
    const { csrf } = await admin.page(`/admin/review/${id}`);
    const other = await admin.post(`/admin/review/${id}`, {
      _csrf: csrf,
      intent: "accept",
      document: "999999",
    });
    assert.equal(other.status, 404);
  } finally {
    await app.close();
  }
});

Deno.test("review: an employee gets 403, an anonymous visitor is sent to sign in", async () => {
  const app = await startTestApp();
  try {
    const roundId = await demoRound(app);
    const id = await submitApplication(app, { login: KIM.login, roundId });
    const { documents } = await applicationState(app.app.services.db, id);
    const paths = [
      "/admin/review",
      `/admin/review/${id}`,
      `/admin/review/duplicates?round=${roundId}`,
      `/admin/documents/${documents.resident_register}`,
    ];
    const kim = new Client(app);
    await kim.signIn(KIM.login, KIM.password);
    const anon = new Client(app);
    for (const path of paths) {
      assert.equal((await kim.fetch(path)).status, 403, path);
      const res = await anon.fetch(path);
      assert.equal(res.status, 303, path);
      assert.match(res.headers.get("location") ?? "", /^\/login/, path);
    }
  } finally {
    await app.close();
  }
});
