/**
 * HR changes after an application deadline over HTTP (issue 9): an admin's edit of a parent's
 * join date after the deadline is applied but flagged, the dashboard lists the open flag with
 * a link, and marking it reviewed is audited.
 */
import assert from "node:assert/strict";
import { startTestApp } from "./harness.ts";
import { adminClient, postPairs } from "./setup_helpers.ts";

Deno.test("an HR change after the deadline: flagged, on the dashboard, resolved and audited", async () => {
  const app = await startTestApp();
  const db = app.app.services.db;
  try {
    const c = await adminClient(app);
    const [lee] = await db.sql<
      { id: number; login: string; email: string; join_date: string }
    >`
      select id, login, email, join_date::text as join_date from accounts
      where login = 'lee.minho'`;
    const [round] = await db.sql<{ id: number }>`
      select id from rounds order by id limit 1`;
    await db.sql`
      insert into applications (round_id, family_key, filed_by, status)
      select ${round.id}, min(id), ${lee.id}, 'submitted' from accounts
      where login in ('lee.minho', 'park.sora')`;
    // The application window closed an hour ago.
    await db.sql`
      update rounds set applications_open_at = now() - interval '10 days',
        applications_close_at = now() - interval '1 hour'
      where id = ${round.id}`;
    let home = await c.page("/admin");
    assert.doesNotMatch(home.html, /마감 뒤 바뀐 인사 정보/);

    const res = await postPairs(c, `/admin/employees/${lee.id}`, [
      ["intent", "edit"],
      ["nameKo", "이민호"],
      ["login", lee.login],
      ["email", lee.email],
      ["employeeNo", "E1002"],
      ["department", "인사팀"],
      ["joinDate", "2010-01-04"],
      ["spouseEmployeeNo", "E1003"],
    ]);
    assert.equal(res.status, 303);
    const [{ join_date }] = await db.sql<{ join_date: string }>`
      select join_date::text as join_date from accounts where id = ${lee.id}`;
    assert.equal(join_date, "2010-01-04", "the HR record itself changes");

    home = await c.page("/admin");
    assert.match(home.html, /마감 뒤 바뀐 인사 정보 1건/);
    const link = home.html.match(/href="(\/admin\/hr-flags#flag-(\d+))"/);
    assert.ok(link, "the dashboard links the flag");
    const flagId = link[2];
    const list = await c.page("/admin/hr-flags");
    assert.match(list.html, new RegExp(`id="flag-${flagId}"`));
    assert.match(list.html, new RegExp(lee.join_date), "the deadline's value");
    assert.match(list.html, /2010-01-04/);

    const done = await postPairs(c, "/admin/hr-flags", [["flag", flagId]]);
    assert.equal(done.status, 303);
    assert.match(
      (await c.page(done.headers.get("location")!)).html,
      /검토 완료로 표시했습니다/,
    );
    assert.doesNotMatch(
      (await c.page("/admin")).html,
      /마감 뒤 바뀐 인사 정보/,
    );
    const audit = await db.sql<{ object_id: string }>`
      select object_id from audit_log where action = 'hrFlag.resolve'`;
    assert.deepEqual(audit.map((a) => a.object_id), [flagId]);
    const again = await postPairs(c, "/admin/hr-flags", [["flag", flagId]]);
    assert.equal(again.status, 404, "a resolved flag is not open any more");
  } finally {
    await app.close();
  }
});
