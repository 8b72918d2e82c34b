/**
 * Duplicated children (issue 11): a child named in two families' applications is listed at the
 * top of the review queue; the admin marks the pair as different children (not flagged again,
 * until a name or birth date changes) or takes the child out of one application, with the
 * reason mailed to that family. Both are audited.
 */
import assert from "node:assert/strict";
import { duplicateChildren } from "@/domain/applications.ts";
import { DEMO_ACCOUNTS } from "@/domain/demo.ts";
import { demoRound } from "./apply_helpers.ts";
import { Client, startTestApp } from "./harness.ts";
import { auditRows, mailsTo } from "./review_helpers.ts";

Deno.test("duplicated children: different children, a name change, a removal", async () => {
  const app = await startTestApp();
  const db = app.app.services.db;
  try {
    const roundId = await demoRound(app);
    const made: { application: number; child: number }[] = [];
    for (
      const [login, name] of [["kim.hana", "정 하늘"], ["lee.minho", "정하늘"]]
    ) {
      const [{ id }] = await db.sql<{ id: number }>`
        select id from accounts where login = ${login}`;
      const [child] = await db.sql<{ id: number }>`
        insert into children (account_id, name, birth_date, token)
        values (${id}, ${name}, '2024-04-04', ${
        crypto.randomUUID().replaceAll("-", "")
      })
        returning id`;
      const [application] = await db.sql<{ id: number }>`
        insert into applications (round_id, family_key, filed_by, status)
        values (${roundId}, ${id}, ${id}, 'submitted')
        returning id`;
      await db.sql`
        insert into application_children (application_id, child_id)
        values (${application.id}, ${child.id})`;
      made.push({
        application: Number(application.id),
        child: Number(child.id),
      });
    }
    assert.equal((await duplicateChildren(db, roundId)).length, 1);
    const admin = new Client(app);
    await admin.signIn(DEMO_ACCOUNTS[0].login, DEMO_ACCOUNTS[0].password);
    const queue = await admin.page(`/admin/review?round=${roundId}`);
    assert.match(queue.html, /두 신청서에 같은 아이가 있습니다/);
    const path = `/admin/review/duplicates?round=${roundId}`;

    // Different children: no longer flagged, on the dashboard either.
    const page = await admin.page(path);
    const different = await admin.post(path, {
      _csrf: page.csrf,
      intent: "different",
      childA: String(made[0].child),
      childB: String(made[1].child),
    });
    assert.equal(different.status, 303);
    assert.match(different.headers.get("location") ?? "", /done=different/);
    assert.equal((await duplicateChildren(db, roundId)).length, 0);
    assert.equal((await auditRows(db, "duplicate.different")).length, 1);
    const dashboard = await (await admin.fetch("/admin")).text();
    assert.doesNotMatch(dashboard, /두 신청서에 같은 아이가 있습니다/);

    // A name change (still the same once spaces are ignored) flags the pair again.
    await db.sql`update children set name = '정하 늘' where id = ${
      made[0].child
    }`;
    const again = await duplicateChildren(db, roundId);
    assert.equal(again.length, 1);
    assert.deepEqual(again[0].applicationIds, made.map((m) => m.application));

    // Take the child out of lee's application: a reason is required, then mailed.
    const { csrf } = await admin.page(path);
    const remove = {
      _csrf: csrf,
      intent: "remove",
      application: String(made[1].application),
      child: String(made[1].child),
    };
    const missing = await admin.post(path, { ...remove, reason: "" });
    assert.equal(missing.status, 400);
    assert.match(
      await missing.text(),
      new RegExp(
        `id="field-reason-${made[1].application}-${
          made[1].child
        }-error"[^>]*>필수 항목입니다`,
      ),
    );
    // The spouse reads English: each parent is mailed in their own language.
    await db.sql`update accounts set locale = 'en' where login = 'park.sora'`;
    const reason = "같은 아이가 배우자의 신청서에 있습니다";
    const removed = await admin.post(path, { ...remove, reason });
    assert.equal(removed.status, 303);
    const left = await db.sql`
      select 1 from application_children
      where application_id = ${made[1].application}`;
    assert.equal(left.length, 0);
    assert.equal((await duplicateChildren(db, roundId)).length, 0);
    const audit = await auditRows(db, "application.removeChild");
    assert.equal(audit.length, 1);
    assert.equal(audit[0].object_id, String(made[1].application));
    const mails = await mailsTo(db, "lee.minho@kic.example");
    const mail = mails.find((m) => m.subject.includes("자녀가 빠졌습니다"));
    assert.ok(mail);
    assert.match(mail.text, new RegExp(reason));
    const english = (await mailsTo(db, "park.sora@kic.example")).find((m) =>
      m.subject.includes("taken out of your application")
    );
    assert.ok(english, "the spouse got the mail in English");
    assert.match(english.text, new RegExp(reason));
    assert.equal(
      (await mailsTo(db, "kim.hana@kic.example")).filter((m) =>
        m.subject.includes("자녀가 빠졌습니다")
      ).length,
      0,
      "only the family whose child was taken out is mailed",
    );
  } finally {
    await app.close();
  }
});
