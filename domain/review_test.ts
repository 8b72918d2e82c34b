/**
 * The application status the review keeps, by the contract of
 * `services/migrations/0010_review_freeze.sql` that the freeze and the odds rely on: `accepted`
 * exactly when every document is reviewed, the resident-register copy is accepted and no
 * correction is open.
 */
import assert from "node:assert/strict";
import { seedDemo } from "@/domain/demo.ts";
import { openTestServices } from "@/services/testing/mod.ts";
import { applyRound, saveApplication } from "./applications.ts";
import { familyChildren } from "./children.ts";
import { uploadDocument } from "./documents.ts";
import { familyOf } from "./family.ts";
import {
  confirmReview,
  refreshReviewStatus,
  requestCorrection,
  reviewDocument,
} from "./review.ts";

const PDF = new TextEncoder().encode(
  "%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n",
);

Deno.test("review status: accepted only with every document reviewed, the register accepted, no correction", async () => {
  const services = await openTestServices();
  try {
    const { db } = services;
    const now = new Date();
    await seedDemo(db, now, 1000);
    const [r] = await db.sql<{ id: number }>`select id from rounds`;
    const round = await applyRound(db, Number(r.id));
    const [kim] = await db.sql<{ id: number }>`
      select id from accounts where login = 'kim.hana'`;
    const [admin] = await db.sql<{ id: number }>`
      select id from accounts where role = 'admin' order by id limit 1`;
    const actorId = Number(admin.id);
    const family = await familyOf(db, Number(kim.id));
    for (const kind of ["resident_register", "single_parent"] as const) {
      const up = await uploadDocument(services, {
        round,
        family,
        accountId: family.key,
        kind,
        file: { filename: `${kind}.pdf`, bytes: PDF },
        now,
      });
      assert.ok(up.ok);
    }
    const [child] = await familyChildren(db, family);
    const rec = round.recruitments.find((x) => x.classAge === 1)!;
    const saved = await saveApplication(db, {
      round,
      family,
      accountId: family.key,
      input: {
        children: [{ childId: child.id, choices: [rec.id] }],
        linked: [],
        facts: {
          singleParent: true,
          disability: false,
          dualIncome: false,
          siblingEnrolled: false,
          childrenCount: 1,
        },
      },
      version: 0,
      action: "submit",
      now,
    });
    assert.ok(saved.ok);
    const applicationId = saved.id;
    const docs = await db.sql<{ id: number; kind: string }>`
      select id, kind from documents where application_id = ${applicationId}`;
    const doc = (kind: string) => Number(docs.find((d) => d.kind === kind)!.id);
    const review = (kind: string, accept: boolean) =>
      reviewDocument(db, {
        actorId,
        applicationId,
        documentId: doc(kind),
        decision: accept ? { accept } : { accept, reason: "다시" },
        now,
      });

    // A document pending: not accepted.
    assert.deepEqual(await review("resident_register", true), {
      ok: true,
      status: "submitted",
    });
    // A rejected factor document removes the factor only: accepted.
    assert.deepEqual(await review("single_parent", false), {
      ok: true,
      status: "accepted",
    });
    // The register rejected: back to review, outside the pool.
    assert.deepEqual(await review("resident_register", false), {
      ok: true,
      status: "needs_review",
    });
    assert.deepEqual(await review("resident_register", true), {
      ok: true,
      status: "accepted",
    });
    // A correction is open: needs review, whatever the documents.
    assert.deepEqual(
      await requestCorrection(db, {
        actorId,
        applicationId,
        documentKinds: [],
        childIds: [child.id],
        note: "생년월일 확인",
        now,
      }),
      { ok: true, status: "needs_review" },
    );
    assert.deepEqual(
      await db.transaction((tx) =>
        refreshReviewStatus(tx, { applicationId, now })
      ),
      { before: "needs_review", after: "needs_review" },
    );
    // Closed (as the family's save would), the admin confirms: accepted again.
    await db.sql`
      update application_corrections set done_at = ${now}
      where application_id = ${applicationId}`;
    assert.deepEqual(
      await confirmReview(db, { actorId, applicationId, now }),
      { ok: true, status: "accepted" },
    );
    // A frozen round refuses every review action.
    await db.sql`update rounds set status = 'frozen' where id = ${round.id}`;
    assert.deepEqual(await review("resident_register", false), {
      ok: false,
      reason: "frozen",
    });
    const audits = await db.sql<{ n: number }>`
      select count(*)::int as n from audit_log
      where action in ('document.accept', 'document.reject', 'application.correction',
        'application.review')`;
    assert.equal(audits[0].n, 6, "one audit row per action that was done");
  } finally {
    await services.close();
  }
});
