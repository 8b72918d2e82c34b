/**
 * Deleting a kindergarten over HTTP (issue 9): refused with the rounds named while a
 * recruitment uses it; otherwise, after a confirm page, gone with its classes, photos (the
 * objects too) and enrolment records, one audit row per object with before and a shared batch.
 */
import assert from "node:assert/strict";
import { addPhoto } from "@/domain/kindergartens.ts";
import { startTestApp } from "./harness.ts";
import { adminClient, postPairs, TINY_PNG } from "./setup_helpers.ts";

Deno.test("kindergarten delete: refused while used, else with its parts, audited", async () => {
  const app = await startTestApp();
  const { db, storage } = app.app.services;
  /** How many rows of each table belong to kindergarten `id`. */
  const remaining = async (id: number) =>
    (await db.sql<Record<string, number>>`
      select (select count(*)::int from kindergartens where id = ${id}) as kindergartens,
        (select count(*)::int from kindergarten_classes where kindergarten_id = ${id})
          as classes,
        (select count(*)::int from kindergarten_photos where kindergarten_id = ${id})
          as photos,
        (select count(*)::int from enrolments where kindergarten_id = ${id})
          as enrolments`)[0];
  try {
    const c = await adminClient(app);
    // The demo's first kindergarten has recruitments in the demo round.
    const [used] = await db.sql<{ name: string }>`
      select distinct r.name from recruitments rc join rounds r on r.id = rc.round_id
      where rc.kindergarten_id = 1`;
    const page = await c.page("/admin/kindergartens/1/delete");
    assert.equal(page.res.status, 200);
    assert.ok(page.html.includes(used.name), "the rounds are named");
    assert.doesNotMatch(
      page.html,
      /action="\/admin\/kindergartens\/1\/delete"/,
    );
    const refused = await postPairs(c, "/admin/kindergartens/1/delete", []);
    assert.equal(refused.status, 409);
    assert.match(await refused.text(), /삭제할 수 없습니다/);
    assert.equal((await remaining(1)).kindergartens, 1);

    let res = await postPairs(c, "/admin/kindergartens/new", [
      ["name", "지울 어린이집"],
      ["classes", "1"],
      ["classes", "2"],
    ]);
    assert.equal(res.status, 303);
    const id = Number(
      res.headers.get("location")!.match(/kindergartens\/(\d+)/)![1],
    );
    const [admin] = await db.sql<{ id: number }>`
      select id from accounts where login = 'admin'`;
    const photo = await addPhoto(db, storage, {
      actorId: Number(admin.id),
      kindergartenId: id,
      bytes: TINY_PNG,
    });
    assert.ok(photo.ok);
    const [{ storage_key: key }] = await db.sql<{ storage_key: string }>`
      select storage_key from kindergarten_photos where id = ${photo.id}`;
    assert.ok(await storage.get(key));
    await db.sql`
      insert into enrolments (kindergarten_id, child_id, since)
      select ${id}, id, '2025-03-03' from children order by id limit 1`;

    const confirm = await c.page(`/admin/kindergartens/${id}/delete`);
    assert.match(confirm.html, /반 2개/);
    assert.match(confirm.html, /사진 1장/);
    assert.match(confirm.html, /재원 기록 1건/);
    const auditBefore = Number(
      (await db.sql<
        { n: number }
      >`select coalesce(max(id), 0) as n from audit_log`)[0]
        .n,
    );
    res = await postPairs(c, `/admin/kindergartens/${id}/delete`, []);
    assert.equal(res.status, 303);
    assert.match(
      (await c.page(res.headers.get("location")!)).html,
      /어린이집을 삭제했습니다/,
    );
    assert.deepEqual(
      { ...(await remaining(id)) },
      { kindergartens: 0, classes: 0, photos: 0, enrolments: 0 },
    );
    assert.equal(await storage.get(key), null, "the photo object is gone");
    const rows = await db.sql<
      {
        action: string;
        before: { name?: string } | null;
        after: unknown;
        batch_id: string;
      }
    >`
      select action, before, after, batch_id from audit_log where id > ${auditBefore}
      order by id`;
    assert.deepEqual(rows.map((r) => r.action), [
      "enrolment.delete",
      "kindergarten.photo.delete",
      "kindergarten.delete",
    ]);
    assert.equal(rows[2].before?.name, "지울 어린이집");
    assert.ok(rows.every((r) => r.after === null && r.before !== null));
    assert.equal(new Set(rows.map((r) => r.batch_id)).size, 1);
    assert.equal(
      (await c.page(`/admin/kindergartens/${id}/delete`)).res.status,
      404,
    );
  } finally {
    await app.close();
  }
});
