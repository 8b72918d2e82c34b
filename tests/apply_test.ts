/**
 * The family's application over HTTP (Must show 1 without the browser): a parent adds two
 * children, saves a draft, signs out, comes back, uploads the documents and submits, and sees
 * "in review"; the submission mail holds the tokens; the spouse sees the same application.
 */
import assert from "node:assert/strict";
import {
  accountId,
  applyPage,
  classIds,
  counts,
  demoRound,
  postParams,
  upload,
} from "./apply_helpers.ts";
import { Client, DEMO_ACCOUNTS, startTestApp } from "./harness.ts";

const LEE = DEMO_ACCOUNTS[2];
const PARK = DEMO_ACCOUNTS[3];

Deno.test("a family applies: children, draft, documents, submit, mail, spouse", async () => {
  const app = await startTestApp();
  try {
    const db = app.app.services.db;
    const roundId = await demoRound(app);
    const year = Number(
      new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 4),
    );
    const lee = new Client(app);
    await lee.signIn(LEE.login, LEE.password);
    // Add two children (twins, so they can be linked).
    for (const name of ["이가온", "이나온"]) {
      const { csrf } = await lee.page("/children");
      const res = await lee.post("/children", {
        _csrf: csrf,
        name,
        birthDate: `${year - 1}-03-01`,
      });
      assert.equal(res.status, 303);
      assert.equal(res.headers.get("location"), "/children?done=added");
    }
    const list = await lee.page("/children?done=added");
    assert.match(list.html, /이가온/);
    assert.match(list.html, /아이를 추가했습니다/);
    // A bad birth date comes back with the message beside it and the name kept.
    const bad = await lee.post("/children", {
      _csrf: list.csrf,
      name: "이다온",
      birthDate: "2024-02-30",
    });
    assert.equal(bad.status, 400);
    const badHtml = await bad.text();
    assert.match(badHtml, /id="field-birthDate-error"/);
    assert.match(badHtml, /value="이다온"/);

    const kids = await db.sql<{ id: number; name: string }>`
      select id, name from children where name in ('이가온', '이나온') order by name`;
    const [ga, na] = kids.map((k) => Number(k.id));
    const age1 = await classIds(app, { roundId, age: 1 });
    // Save a draft: both twins, linked, the same two choices; two children under 13.
    let page = await applyPage(lee, roundId);
    assert.equal(page.status, 200);
    assert.match(page.html, /이가온/);
    const form = (version: string, intent: string): Record<string, string> => ({
      _csrf: page.csrf,
      version,
      [`choice-${ga}-1`]: String(age1[0]),
      [`choice-${ga}-2`]: String(age1[1]),
      [`choice-${na}-1`]: String(age1[0]),
      [`choice-${na}-2`]: String(age1[1]),
      childrenCount: "4",
      dualIncome: "1",
      intent,
    });
    const linked = (f: Record<string, string>) => {
      const p = new URLSearchParams(f);
      p.append("linked", String(ga));
      p.append("linked", String(na));
      return p;
    };
    const post = (params: URLSearchParams) =>
      postParams(lee, { path: `/rounds/${roundId}/apply`, params });
    // Submitting without documents: refused, message beside the documents, values kept.
    const early = await post(linked(form(page.version, "submit")));
    assert.equal(early.status, 400);
    const earlyHtml = await early.text();
    assert.match(earlyHtml, /id="field-documents-error"/);
    assert.match(earlyHtml, new RegExp(`value="${age1[1]}" selected`));
    assert.equal((await counts(app)).applications, 0);
    const draft = await post(linked(form(page.version, "draft")));
    assert.equal(draft.status, 303);
    assert.match(draft.headers.get("location")!, /done=draft/);

    // Sign out, come back.
    const home = await lee.page("/");
    await lee.post("/logout", { _csrf: home.csrf });
    const again = new Client(app);
    await again.signIn(LEE.login, LEE.password);
    page = await applyPage(again, roundId);
    assert.match(page.html, /임시 저장/);
    assert.notEqual(page.version, "0");
    // Upload the documents: the resident register and the family register (a couple needs no
    // employment document).
    for (const kind of ["resident_register", "family_register"]) {
      const docs = await again.page(`/rounds/${roundId}/documents`);
      assert.match(docs.html, /뒷자리 7자리/);
      const res = await upload(again, { roundId, kind });
      assert.equal(res.status, 303, await res.text());
    }
    const docsPage = await again.page(`/rounds/${roundId}/documents`);
    assert.match(docsPage.html, /올린 파일: resident_register\.pdf/);
    // Submit.
    page = await applyPage(again, roundId);
    const params = linked(form(page.version, "submit"));
    params.set("_csrf", page.csrf);
    const submitted = await postParams(again, {
      path: `/rounds/${roundId}/apply`,
      params,
    });
    assert.equal(submitted.status, 303, await submitted.text());
    const done = await again.page(submitted.headers.get("location")!);
    assert.match(done.html, /제출 완료, 검토 중/);
    const homeAfter = await again.page("/");
    assert.match(homeAfter.html, /제출 완료, 검토 중/);

    // The mail: to both parents, each child's token and the unit's token.
    const tokens = await db.sql<{ token: string }>`
      select token from children where id in (${ga}, ${na})
      union all select token from sibling_units`;
    assert.equal(tokens.length, 3);
    const mails = await db.sql<{ to_address: string; body_text: string }>`
      select to_address, body_text from outbox order by id`;
    const leeMail = mails.find((m) => m.to_address.startsWith("lee.minho"));
    const parkMail = mails.find((m) => m.to_address.startsWith("park.sora"));
    assert.ok(leeMail && parkMail, "both parents are mailed");
    for (const { token } of tokens) {
      assert.ok(leeMail.body_text.includes(token), "the mail holds each token");
    }

    // The spouse sees the same application.
    const park = new Client(app);
    await park.signIn(PARK.login, PARK.password);
    const parkPage = await applyPage(park, roundId);
    assert.match(parkPage.html, /제출 완료, 검토 중/);
    assert.match(parkPage.html, /이가온/);
    assert.equal(
      parkPage.version,
      page.version === "0" ? "x" : String(Number(page.version) + 1),
    );
    const [row] = await db.sql<{ family_key: number; filed_by: number }>`
      select family_key, filed_by from applications`;
    assert.equal(
      Number(row.family_key),
      Math.min(
        await accountId(app, LEE.login),
        await accountId(app, PARK.login),
      ),
    );
  } finally {
    await app.close();
  }
});
