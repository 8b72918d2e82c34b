/**
 * A child named in the applications of two families (parents whose HR link is missing) is
 * flagged on the admin dashboard, so it is resolved before the freeze.
 */
import assert from "node:assert/strict";
import { Client, DEMO_ACCOUNTS, startTestApp } from "./harness.ts";

Deno.test("the admin dashboard flags a child named in two families' applications", async () => {
  const app = await startTestApp();
  const db = app.app.services.db;
  try {
    const admin = new Client(app);
    await admin.signIn(DEMO_ACCOUNTS[0].login, DEMO_ACCOUNTS[0].password);
    const before = await (await admin.fetch("/admin")).text();
    assert.doesNotMatch(before, /두 신청서에 같은 아이가 있습니다/);

    const [{ id: roundId }] = await db.sql<{ id: number }>`
      select id from rounds where status = 'open' order by id limit 1`;
    const ids: number[] = [];
    for (const login of ["kim.hana", "lee.minho"]) {
      const [{ id }] = await db.sql<{ id: number }>`
        select id from accounts where login = ${login}`;
      const [child] = await db.sql<{ id: number }>`
        insert into children (account_id, name, birth_date, token)
        values (${id}, ${
        login === "kim.hana" ? "정 하늘" : "정하늘"
      }, '2024-04-04',
          ${crypto.randomUUID().replaceAll("-", "")})
        returning id`;
      const [application] = await db.sql<{ id: number }>`
        insert into applications (round_id, family_key, filed_by, status)
        values (${roundId}, ${id}, ${id}, 'submitted')
        returning id`;
      await db.sql`
        insert into application_children (application_id, child_id)
        values (${application.id}, ${child.id})`;
      ids.push(Number(application.id));
    }
    const res = await admin.fetch("/admin");
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /두 신청서에 같은 아이가 있습니다/);
    assert.match(
      html,
      new RegExp(`2024-04-04\\): 신청서 #${ids[0]}, #${ids[1]}`),
    );
    assert.equal(html.match(/<h1\b/g)?.length, 1);
  } finally {
    await app.close();
  }
});
