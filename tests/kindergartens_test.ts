/**
 * Kindergartens over HTTP (issue 9): created and edited with their classes, one audit row per
 * object with before and after; photos checked by content, five at most, streamed back.
 */
import assert from "node:assert/strict";
import { type Client, startTestApp } from "./harness.ts";
import { adminClient, postPairs, TINY_PNG } from "./setup_helpers.ts";

async function upload(
  c: Client,
  kgId: number,
  bytes: Uint8Array,
  name: string,
) {
  const path = `/admin/kindergartens/${kgId}/photos`;
  const { csrf } = await c.page(path);
  const form = new FormData();
  form.append("_csrf", csrf);
  form.append(
    "photo",
    new File([bytes as BlobPart], name, { type: "image/png" }),
  );
  const req = new Request("http://kic.test/", { method: "POST", body: form });
  const body = new Uint8Array(await req.arrayBuffer());
  return await c.fetch(path, {
    method: "POST",
    body,
    headers: {
      "content-type": req.headers.get("content-type")!,
      "content-length": String(body.length),
      origin: "http://kic.test",
    },
  });
}

Deno.test("kindergartens: create, edit, classes, photos and their audit rows", async () => {
  const app = await startTestApp();
  const db = app.app.services.db;
  const audit = async (type: string, id: number) =>
    await db.sql<{ action: string; before: unknown; after: unknown }>`
      SELECT action, before, after FROM audit_log
      WHERE object_type = ${type} AND object_id = ${String(id)} ORDER BY id`;
  try {
    const c = await adminClient(app);
    const count = async () =>
      Number(
        (await db.sql<
          { n: number }
        >`SELECT count(*)::int AS n FROM kindergartens`)[0].n,
      );
    const before = await count();
    let res = await postPairs(c, "/admin/kindergartens/new", [
      ["name", "햇살 어린이집"],
      ["phone", "call me"],
      ["classes", "2"],
    ]);
    assert.equal(res.status, 400);
    let html = await res.text();
    assert.match(html, /id="field-phone-error"/);
    assert.match(html, /value="call me"/);
    assert.equal(await count(), before);

    res = await postPairs(c, "/admin/kindergartens/new", [
      ["name", "달빛 어린이집"],
      ["address", "본관 3층"],
      ["phone", "02-123-4567"],
      ["description", "넓은 마당\n텃밭"],
      ["classes", "1"],
      ["classes", "2"],
    ]);
    assert.equal(res.status, 303);
    const id = Number(
      res.headers.get("location")!.match(/kindergartens\/(\d+)/)![1],
    );
    html = (await c.page(res.headers.get("location")!)).html;
    assert.match(html, /어린이집을 등록했습니다/);
    let rows = await audit("kindergarten", id);
    assert.equal(rows.length, 1);
    assert.deepEqual((rows[0].after as { classes: number[] }).classes, [1, 2]);

    res = await postPairs(c, `/admin/kindergartens/${id}/edit`, [
      ["name", "달빛 어린이집"],
      ["classes", "2"],
      ["classes", "3"],
    ]);
    assert.equal(res.status, 303);
    rows = await audit("kindergarten", id);
    assert.equal(rows.length, 2);
    assert.deepEqual((rows[1].before as { classes: number[] }).classes, [1, 2]);
    assert.deepEqual((rows[1].after as { classes: number[] }).classes, [2, 3]);

    // A class a recruitment uses stays (the demo's first kindergarten recruits age 0).
    res = await postPairs(c, "/admin/kindergartens/1/edit", [[
      "name",
      "햇살 어린이집",
    ]]);
    assert.equal(res.status, 409);
    assert.match(await res.text(), /id="field-classes-error"/);

    // Photos: an HTML file named .png is refused; a PNG is stored and streamed back.
    res = await upload(
      c,
      id,
      new TextEncoder().encode("<html>hi</html>"),
      "x.png",
    );
    assert.equal(res.status, 400);
    assert.match(await res.text(), /id="field-photo-error"/);
    const big = new Uint8Array(5 * 1024 * 1024 + 1);
    big.set(TINY_PNG);
    res = await upload(c, id, big, "big.png");
    assert.equal(res.status, 413, "over 5 MB");
    assert.match(await res.text(), /id="field-photo-error"[^>]*>[^<]*5 MB/);
    for (let i = 0; i < 5; i++) {
      res = await upload(c, id, TINY_PNG, `p${i}.png`);
      assert.equal(res.status, 303);
    }
    res = await upload(c, id, TINY_PNG, "p6.png");
    assert.equal(res.status, 409, "a sixth photo is refused");
    const photos = await db.sql<{ id: number }>`
      SELECT id FROM kindergarten_photos WHERE kindergarten_id = ${id} ORDER BY id`;
    assert.equal(photos.length, 5);
    const img = await c.fetch(`/kindergarten-photos/${photos[0].id}`);
    assert.equal(img.status, 200);
    assert.equal(img.headers.get("content-type"), "image/png");
    assert.match(
      img.headers.get("content-security-policy")!,
      /default-src 'none'/,
    );
    assert.deepEqual(new Uint8Array(await img.arrayBuffer()), TINY_PNG);
    const photoAudit = await audit("kindergarten_photo", Number(photos[0].id));
    assert.equal(photoAudit.length, 1);
    assert.equal(photoAudit[0].action, "kindergarten.photo.add");

    const { csrf } = await c.page(`/admin/kindergartens/${id}`);
    res = await c.post(
      `/admin/kindergartens/${id}/photos/${photos[0].id}/delete`,
      {
        _csrf: csrf,
      },
    );
    assert.equal(res.status, 303);
    assert.equal(
      (await c.fetch(`/kindergarten-photos/${photos[0].id}`)).status,
      404,
    );
    const deleted = await audit("kindergarten_photo", Number(photos[0].id));
    assert.deepEqual(deleted.map((r) => r.action), [
      "kindergarten.photo.add",
      "kindergarten.photo.delete",
    ]);
    assert.equal(deleted[1].after, null);
  } finally {
    await app.close();
  }
});

Deno.test("enrolment records: found by the parent's employee number, name and birth date", async () => {
  const app = await startTestApp();
  const db = app.app.services.db;
  try {
    const c = await adminClient(app);
    const path = "/admin/kindergartens/2/enrolments";
    const birth = `${new Date().getUTCFullYear() - 1}-05-14`;
    const form = (name: string, since = "2026-03-02"): [string, string][] => [
      ["employeeNo", "E1001"],
      ["childName", name],
      ["birthDate", birth],
      ["since", since],
      ["until", ""],
    ];
    let res = await postPairs(c, path, form("김서윤", "2026-02-30"));
    assert.equal(res.status, 400);
    assert.match(await res.text(), /id="field-since-error"/);
    res = await postPairs(c, path, form("없는 아이"));
    assert.equal(res.status, 409);
    assert.match(
      await res.text(),
      /id="field-childName-error"[^>]*>[^<]*아이가 없습니다/,
    );
    assert.equal(
      Number(
        (await db.sql<
          { n: number }
        >`SELECT count(*)::int AS n FROM enrolments`)[0].n,
      ),
      0,
    );
    res = await postPairs(c, path, form("김서윤"));
    assert.equal(res.status, 303);
    const page = await c.page(res.headers.get("location")!);
    assert.match(page.html, /재원 기록을 추가했습니다/);
    assert.match(page.html, /김서윤/);
    const rows = await db.sql<
      { object_id: string; before: unknown; after: unknown }
    >`
      SELECT object_id, before, after FROM audit_log WHERE action = 'enrolment.create'`;
    assert.equal(rows.length, 1);
    assert.match(rows[0].object_id, /^2:\d+$/);
    assert.equal(rows[0].before, null);
    assert.equal((rows[0].after as { since: string }).since, "2026-03-02");
    res = await postPairs(c, path, form("김서윤"));
    assert.equal(res.status, 409, "the same child twice is refused");
  } finally {
    await app.close();
  }
});
