/**
 * Enrolment records over HTTP (issue 9): a CP949 file is previewed with its bad rows and their
 * reasons, nothing is written until applied, then one audit row per record with one batch id;
 * a record is ended and removed one by one.
 */
import assert from "node:assert/strict";
import iconv from "iconv-lite";
import { startTestApp } from "./harness.ts";
import { upload } from "./roster_fixture.ts";
import { adminClient, postPairs } from "./setup_helpers.ts";

Deno.test("enrolment import: a CP949 file, preview with reasons, apply, end and remove", async () => {
  const app = await startTestApp();
  const db = app.app.services.db;
  const count = async () =>
    Number(
      (await db.sql<{ n: number }>`select count(*)::int as n from enrolments`)[
        0
      ]
        .n,
    );
  try {
    const c = await adminClient(app);
    const year = new Date().getUTCFullYear();
    const base = "/admin/kindergartens/1/enrolments";
    const csv = [
      "사번,아이이름,생년월일,재원시작일,재원종료일",
      `E1001,김서윤,${year - 1}.5.14,2026-03-02,`,
      `E1003,이도윤,${year - 2}-09-01,2025-03-03,2026-02-27`,
      `E1001,없는아이,${year - 2}-09-01,2025-03-03,`,
      `E1002,이하윤,${year - 2}-09-01,2025-03-03,2025-03-01`,
    ].join("\r\n") + "\r\n";
    const bytes = new Uint8Array(iconv.encode(csv, "cp949"));
    const preview = await upload(c, bytes, "재원.csv", `${base}/import`);
    assert.equal(preview.status, 200);
    const html = preview.html;
    assert.match(
      html,
      /새 기록 2건, 바뀌는 기록 0건, 그대로 0건, 잘못된 줄 2개/,
    );
    const badRows = [...html.matchAll(/<li\s+id="row-(\d+)">/g)].map((m) =>
      m[1]
    );
    assert.deepEqual(badRows, ["4", "5"]);
    const reasonOf = (row: number) =>
      html.split(`id="row-${row}"`)[1].split("</ul>")[0];
    assert.match(
      reasonOf(4),
      /이름이 없는아이이고 생년월일이 같은 아이가 없습니다/,
    );
    assert.match(reasonOf(5), /재원 종료일이 재원 시작일보다 뒤가 아닙니다/);
    assert.match(html, /김서윤/, "Korean decoded from CP949");
    assert.equal(await count(), 0, "nothing is written before applying");

    const id = html.match(/name="preview" value="([^"]+)"/)![1];
    const csrf = html.match(/name="_csrf" value="([^"]+)"/)![1];
    const idem = html.match(/name="_idem" value="([^"]+)"/)?.[1] ?? "";
    const applied = await c.post(`${base}/apply`, {
      _csrf: csrf,
      _idem: idem,
      preview: id,
    });
    assert.equal(applied.status, 303);
    const done = await c.page(applied.headers.get("location")!);
    assert.match(done.html, /새 기록 2건, 바뀐 기록 0건/);
    assert.equal(await count(), 2);
    const audit = await db.sql<{ batch_id: string | null }>`
      select batch_id from audit_log where action = 'enrolment.import'`;
    assert.equal(audit.length, 2);
    assert.ok(audit[0].batch_id && audit[0].batch_id === audit[1].batch_id);

    const again = await c.post(`${base}/apply`, {
      _csrf: csrf,
      preview: id,
    });
    assert.equal(again.status, 303, "a used preview is expired");
    assert.match(again.headers.get("location")!, /notice=expired/);
    assert.equal(await count(), 2);

    const list = await c.page(base);
    assert.match(list.html, /E1001/, "the parent's employee number is listed");
    const [doyun] = await db.sql<{ id: number }>`
      select id from children where name = '이도윤'`;
    let res = await postPairs(c, base, [
      ["op", "end"],
      ["child", String(doyun.id)],
      ["until", "2024-01-01"],
    ]);
    assert.equal(res.status, 400);
    assert.match(
      await res.text(),
      new RegExp(`id="end-${doyun.id}-error"[^>]*>[^<]*재원 시작일보다 뒤여야`),
    );
    res = await postPairs(c, base, [
      ["op", "end"],
      ["child", String(doyun.id)],
      ["until", "2025-12-31"],
    ]);
    assert.equal(res.status, 303);
    assert.match(
      (await c.page(res.headers.get("location")!)).html,
      /종료일을 넣었습니다/,
    );
    res = await postPairs(c, base, [["op", "remove"], [
      "child",
      String(doyun.id),
    ]]);
    assert.equal(res.status, 303);
    assert.equal(await count(), 1);
    res = await postPairs(c, base, [["op", "remove"], [
      "child",
      String(doyun.id),
    ]]);
    assert.equal(res.status, 404, "a record that is gone");
  } finally {
    await app.close();
  }
});
