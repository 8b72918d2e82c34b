/**
 * Must show 2: employee A tries every employee URL and form of the application with employee
 * B's ids (children, the application's children and units, documents, rounds that are not
 * published): each answers 404 and nothing of B's changes.
 */
import assert from "node:assert/strict";
import {
  applyPage,
  classIds,
  demoRound,
  postParams,
  upload,
} from "./apply_helpers.ts";
import {
  Client,
  DEMO_ACCOUNTS,
  startTestApp,
  type TestApp,
} from "./harness.ts";

const KIM = DEMO_ACCOUNTS[1];
const LEE = DEMO_ACCOUNTS[2];

/** Everything of the lee/park family, to compare before and after. */
async function snapshot(app: TestApp): Promise<string> {
  const db = app.app.services.db;
  const rows = await db.sql`
    select json_build_object(
      'children', (select json_agg(c order by c.id) from children c
        join accounts a on a.id = c.account_id where a.login in ('lee.minho', 'park.sora')),
      'applications', (select json_agg(x order by x.id) from applications x),
      'choices', (select json_agg(x order by x.application_id, x.child_id, x.rank)
        from application_choices x),
      'units', (select json_agg(x order by x.id) from sibling_units x),
      'documents', (select json_agg(x order by x.id) from documents x)) as s`;
  return JSON.stringify(rows[0].s);
}

Deno.test("A with B's ids: 404 everywhere, nothing changes", async () => {
  const app = await startTestApp();
  try {
    const db = app.app.services.db;
    const roundId = await demoRound(app);
    // B (lee.minho) files a draft with both demo children linked, and uploads a document.
    const lee = new Client(app);
    await lee.signIn(LEE.login, LEE.password);
    const kids = await db.sql<{ id: number }>`
      select c.id from children c join accounts a on a.id = c.account_id
      where a.login = 'lee.minho' order by c.id`;
    const [b1, b2] = kids.map((k) => Number(k.id));
    const age2 = await classIds(app, { roundId, age: 2 });
    const page = await applyPage(lee, roundId);
    const params = new URLSearchParams({
      _csrf: page.csrf,
      version: "0",
      [`choice-${b1}-1`]: String(age2[0]),
      [`choice-${b2}-1`]: String(age2[0]),
      childrenCount: "2",
      intent: "draft",
    });
    params.append("linked", String(b1));
    params.append("linked", String(b2));
    const saved = await postParams(lee, {
      path: `/rounds/${roundId}/apply`,
      params,
    });
    assert.equal(saved.status, 303);
    const up = await upload(lee, {
      roundId,
      kind: "resident_register",
      name: "b.pdf",
    });
    assert.equal(up.status, 303);
    const [doc] = await db.sql<{ id: number }>`select id from documents`;
    const docId = Number(doc.id);
    const [unit] = await db.sql<{ id: number }>`select id from sibling_units`;
    // A draft round nobody may see.
    await db.sql`
      insert into rounds (name, status, applications_open_at, applications_close_at,
        review_until, draw_at, first_window_start, first_window_end, second_window_start,
        second_window_end, beacon_kind, beacon_name, fallback_kind, fallback_name)
      select 'draft round', 'draft', applications_open_at, applications_close_at,
        review_until, draw_at, first_window_start, first_window_end, second_window_start,
        second_window_end, beacon_kind, beacon_name, fallback_kind, fallback_name
      from rounds where id = ${roundId}`;
    const [draftRound] = await db.sql<{ id: number }>`
      select id from rounds where status = 'draft'`;
    const hidden = Number(draftRound.id);

    const before = await snapshot(app);
    const kim = new Client(app);
    await kim.signIn(KIM.login, KIM.password);
    const { csrf } = await kim.page("/children");
    const mine = await applyPage(kim, roundId);
    const gets = [
      `/children/${b1}`,
      `/children/${b2}`,
      `/documents/${docId}`,
      `/rounds/${hidden}/apply`,
      `/rounds/${hidden}/documents`,
      `/rounds/999999/apply`,
      `/rounds/999999/documents`,
    ];
    for (const path of gets) {
      const res = await kim.fetch(path);
      await res.body?.cancel();
      assert.equal(res.status, 404, `GET ${path}`);
    }
    const posts: [string, URLSearchParams][] = [
      [
        `/children/${b1}`,
        new URLSearchParams({
          _csrf: csrf,
          intent: "save",
          name: "X",
          birthDate: "2024-01-01",
        }),
      ],
      [
        `/children/${b2}`,
        new URLSearchParams({ _csrf: csrf, intent: "remove" }),
      ],
      [
        `/rounds/${roundId}/apply`,
        new URLSearchParams({
          _csrf: mine.csrf,
          version: mine.version,
          [`choice-${b1}-1`]: String(age2[0]),
          childrenCount: "1",
          intent: "draft",
        }),
      ],
      [
        `/rounds/${roundId}/apply`,
        new URLSearchParams({
          _csrf: mine.csrf,
          version: mine.version,
          linked: String(b2),
          childrenCount: "1",
          intent: "draft",
        }),
      ],
      [
        `/rounds/${roundId}/apply`,
        new URLSearchParams({
          _csrf: mine.csrf,
          version: mine.version,
          [`choice-${unit.id}-1`]: String(age2[0]),
          [`choice-${b2}-2`]: String(age2[1]),
          childrenCount: "1",
          intent: "submit",
        }),
      ],
      [
        `/rounds/${hidden}/apply`,
        new URLSearchParams({
          _csrf: mine.csrf,
          version: "0",
          intent: "withdraw",
        }),
      ],
      [
        `/rounds/${hidden}/documents`,
        new URLSearchParams({ _csrf: mine.csrf, kind: "resident_register" }),
      ],
    ];
    for (const [path, params] of posts) {
      const res = await postParams(kim, { path, params });
      await res.body?.cancel();
      assert.equal(res.status, 404, `POST ${path} ${params}`);
    }
    // A's own withdraw touches only A's family: there is nothing to withdraw, nothing changes.
    const withdraw = await postParams(kim, {
      path: `/rounds/${roundId}/apply`,
      params: new URLSearchParams({
        _csrf: mine.csrf,
        version: "1",
        intent: "withdraw",
      }),
    });
    assert.equal(withdraw.status, 409);
    await withdraw.body?.cancel();
    // A's upload goes to A's own family, never to B's application.
    const kimDocs = await kim.page(`/rounds/${roundId}/documents`);
    assert.doesNotMatch(kimDocs.html, /b\.pdf/);
    assert.equal(await snapshot(app), before);
    // A's home and pages never show B's children.
    for (const path of ["/", "/children", `/rounds/${roundId}/apply`]) {
      const { html } = await kim.page(path);
      assert.doesNotMatch(html, /이도윤|이하윤/, path);
    }
  } finally {
    await app.close();
  }
});
