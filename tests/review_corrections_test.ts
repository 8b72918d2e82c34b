/**
 * Corrections (issue 11): after the window closes, a family changes nothing of its application
 * until the admin asks for a correction; then exactly what was named (a document kind, a
 * child's name or birth date in the same age class), never the choices. Once the family has
 * made every named change the correction is done and the application is back in the queue.
 */
import assert from "node:assert/strict";
import { applyRound, saveApplication } from "@/domain/applications.ts";
import { DEMO_ACCOUNTS } from "@/domain/demo.ts";
import { familyOf } from "@/domain/family.ts";
import { accountId, demoRound, upload } from "./apply_helpers.ts";
import { Client, startTestApp } from "./harness.ts";
import {
  applicationState,
  auditRows,
  closeWindow,
  mailsTo,
  submitApplication,
} from "./review_helpers.ts";

const ADMIN = DEMO_ACCOUNTS[0];
const KIM = DEMO_ACCOUNTS[1];

Deno.test("a correction lets the family change only what the admin named", async () => {
  const app = await startTestApp();
  const db = app.app.services.db;
  try {
    const roundId = await demoRound(app);
    const id = await submitApplication(app, { login: KIM.login, roundId });
    const [child] = await db.sql<{ id: number; birth_date: string }>`
      select c.id, c.birth_date::text as birth_date
      from application_children ac join children c on c.id = ac.child_id
      where ac.application_id = ${id}`;
    await closeWindow(db, roundId);
    const kim = new Client(app);
    await kim.signIn(KIM.login, KIM.password);
    const editChild = async (name: string, birthDate: string) => {
      const { csrf } = await kim.page(`/children/${child.id}`);
      return await kim.post(`/children/${child.id}`, {
        _csrf: csrf,
        intent: "save",
        name,
        birthDate,
      });
    };

    // Closed: no edit of the child, no new copy of an accepted-or-pending document.
    const early = await editChild("김서윤아", child.birth_date);
    assert.equal(early.status, 409);
    assert.match(await early.text(), /관리자가 보완을 요청한 경우에만/);
    assert.equal(
      (await upload(kim, { roundId, kind: "resident_register" })).status,
      409,
    );

    // The admin asks for a correction: a reason and something named are required.
    const admin = new Client(app);
    await admin.signIn(ADMIN.login, ADMIN.password);
    const { csrf } = await admin.page(`/admin/review/${id}`);
    const nothing = await admin.post(`/admin/review/${id}`, {
      _csrf: csrf,
      intent: "correction",
      note: "다시 확인해 주세요",
    });
    assert.equal(nothing.status, 400);
    assert.match(
      await nothing.text(),
      /id="field-kinds-error"[^>]*>다시 올릴 서류나 고칠 자녀를/,
    );
    const note = "등본의 발급일이 지났습니다. 아이 생년월일도 확인해 주세요.";
    const body = new URLSearchParams([
      ["_csrf", csrf],
      ["intent", "correction"],
      ["kinds", "resident_register"],
      ["children", String(child.id)],
      ["note", note],
    ]);
    const asked = await admin.fetch(`/admin/review/${id}`, {
      method: "POST",
      body: body.toString(),
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "content-length": String(
          new TextEncoder().encode(body.toString()).length,
        ),
        origin: "http://kic.test",
      },
    });
    assert.equal(asked.status, 303);
    assert.equal((await applicationState(db, id)).status, "needs_review");
    const audit = await auditRows(db, "application.correction");
    assert.equal(audit.length, 1);
    assert.deepEqual(
      [
        (audit[0].before as Record<string, unknown>).status,
        (audit[0].after as Record<string, unknown>).status,
      ],
      ["submitted", "needs_review"],
    );
    const mail = (await mailsTo(db, `${KIM.login}@kic.example`)).find((m) =>
      m.subject.includes("보완")
    );
    assert.ok(mail);
    assert.match(mail.text, new RegExp(note));
    assert.match(mail.text, /다시 올릴 서류: 주민등록등본/);

    // The family: an unnamed kind is refused, the named one is taken.
    assert.equal(
      (await upload(kim, { roundId, kind: "single_parent" })).status,
      409,
    );
    const docs = await kim.page(`/rounds/${roundId}/documents`);
    assert.match(docs.html, /보완 요청이 있습니다/);
    assert.equal(
      (await upload(kim, { roundId, kind: "resident_register" })).status,
      303,
    );
    const [open] = await db.sql<{ done_at: Date | null }>`
      select done_at from application_corrections where application_id = ${id}`;
    assert.equal(open.done_at, null, "the child is still to be corrected");

    // The choices never change.
    const round = await applyRound(db, roundId);
    const family = await familyOf(db, await accountId(app, KIM.login));
    const [{ version }] = await db.sql<{ version: number }>`
      select version from applications where id = ${id}`;
    const choices = await saveApplication(db, {
      round,
      family,
      accountId: family.key,
      input: {
        children: [{ childId: child.id, choices: [] }],
        linked: [],
        facts: {
          singleParent: false,
          disability: false,
          dualIncome: false,
          siblingEnrolled: false,
          childrenCount: 1,
        },
      },
      version: Number(version),
      action: "submit",
      now: new Date(),
    });
    assert.deepEqual(choices, { ok: false, reason: "closed" });

    // The named child: its page says so; not into another age class, but within it, yes.
    assert.match(
      (await kim.page(`/children/${child.id}`)).html,
      /이 아이의 이름이나 생년월일을 확인해 달라고/,
    );
    const year = Number(child.birth_date.slice(0, 4));
    const moved = await editChild("김서윤", `${year - 1}-05-14`);
    assert.equal(moved.status, 409);
    assert.match(await moved.text(), /신청한 반의 나이가 바뀝니다/);
    const fixed = await editChild("김서윤", `${year}-06-01`);
    assert.equal(fixed.status, 303);
    const [done] = await db.sql<{ done_at: Date | null }>`
      select done_at from application_corrections where application_id = ${id}`;
    assert.ok(done.done_at, "the correction is done");
    const state = await applicationState(db, id);
    assert.equal(state.status, "needs_review");
    const queue = await admin.page(`/admin/review?round=${roundId}`);
    assert.match(queue.html, new RegExp(`/admin/review/${id}"`));

    // Done: the child is closed again.
    assert.equal((await editChild("김서윤", `${year}-06-02`)).status, 409);

    // The admin accepts the new copy: the application is accepted.
    const page = await admin.page(`/admin/review/${id}`);
    const res = await admin.post(`/admin/review/${id}`, {
      _csrf: page.csrf,
      intent: "accept",
      document: String(state.documents.resident_register),
    });
    assert.equal(res.status, 303);
    assert.equal((await applicationState(db, id)).status, "accepted");
  } finally {
    await app.close();
  }
});
