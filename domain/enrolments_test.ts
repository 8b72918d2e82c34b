import assert from "node:assert/strict";
import iconv from "iconv-lite";
import { openMemoryCache } from "@/services/cache_memory.ts";
import { openTestDb } from "@/services/testing/mod.ts";
import { seedDemo } from "./demo.ts";
import {
  applyEnrolments,
  endEnrolment,
  enrolmentPlanDigest,
  kindergartenEnrolments,
  loadEnrolmentPreview,
  planEnrolments,
  readEnrolments,
  removeEnrolment,
  saveEnrolmentPreview,
} from "./enrolments.ts";

const HEADER = "employee_no,child_name,birth_date,since,until";

Deno.test("enrolment files: UTF-8 with and without BOM, CP949, Korean headers", () => {
  const csv = `${HEADER}\r\nE1001,김서윤,2025-05-14,2026-03-02,\r\n`;
  const utf8 = new TextEncoder().encode(csv);
  for (
    const bytes of [
      utf8,
      new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]),
      new Uint8Array(iconv.encode(csv, "cp949")),
    ]
  ) {
    const read = readEnrolments(bytes);
    assert.ok(read.ok);
    assert.deepEqual(read.rows, [{
      row: 2,
      values: {
        employeeNo: "E1001",
        childName: "김서윤",
        birthDate: "2025-05-14",
        since: "2026-03-02",
        until: "",
      },
    }]);
  }
  const korean = readEnrolments(
    new Uint8Array(
      iconv.encode(
        "재원시작일,사번,아이이름,생년월일\n2026.3.2,E1,가,2025-01-01\n",
        "cp949",
      ),
    ),
  );
  assert.ok(korean.ok && korean.rows[0].values.since === "2026.3.2");
  const noHeader = readEnrolments(new TextEncoder().encode("a,b\n1,2\n"));
  assert.ok(
    !noHeader.ok && noHeader.problem.key === "enrolImport.error.header",
  );
});

Deno.test("enrolment plan and apply: reasons, spouse match, update by child, never delete", async () => {
  const db = await openTestDb();
  const cache = openMemoryCache();
  try {
    await seedDemo(db, new Date(), 1000);
    const year = new Date().getUTCFullYear();
    const [kg] = await db.sql<{ id: number }>`
      select id from kindergartens order by id limit 1`;
    const kgId = Number(kg.id);
    const [admin] = await db.sql<{ id: number }>`
      select id from accounts where login = 'admin'`;
    const actorId = Number(admin.id);
    // 이도윤 and 이하윤 belong to lee.minho (E1002), whose spouse is park.sora (E1003).
    const csv = [
      HEADER,
      `E1001,김서윤,${year - 1}-05-14,2026-03-02,`, // 2: new (own child)
      `E1003,이도윤,${year - 2}-09-01,2025-03-03,2026-02-27`, // 3: new, via the spouse
      `E9999,누구,${year - 2}-09-01,2025-03-03,`, // 4: unknown employee
      `E1001,없는아이,${year - 2}-09-01,2025-03-03,`, // 5: no such child
      `E1002,이하윤,${year - 2}-09-31,2025-03-03,`, // 6: bad birth date
      `E1002,이하윤,${year - 2}-09-01,2025-03-03,2025-03-01`, // 7: until before since
      `E1002,이도윤,${year - 2}-09-01,2025-03-03,`, // 8: same child as row 3
    ].join("\n");
    const read = readEnrolments(new TextEncoder().encode(csv));
    assert.ok(read.ok);
    const plan = await planEnrolments(db, {
      kindergartenId: kgId,
      rows: read.rows,
    });
    assert.deepEqual(
      plan.bad.map((b) => [b.row, b.reasons.map((r) => r.key)]),
      [
        [3, ["enrolImport.reason.duplicate"]],
        [4, ["enrolImport.reason.unknownEmployee"]],
        [5, ["enrolImport.reason.noChild"]],
        [6, ["enrolImport.reason.badDate"]],
        [7, ["enrolImport.reason.untilBeforeSince"]],
        [8, ["enrolImport.reason.duplicate"]],
      ],
    );
    assert.deepEqual(plan.created.map((c) => c.childName), ["김서윤"]);
    assert.equal(
      await db.sql`select 1 from enrolments`.then((r) => r.length),
      0,
      "planning writes nothing",
    );

    // Without the duplicate: both apply, one audit row each, one batch.
    const good = readEnrolments(
      new TextEncoder().encode(csv.split("\n").slice(0, 3).join("\n")),
    );
    assert.ok(good.ok);
    const first = await planEnrolments(db, {
      kindergartenId: kgId,
      rows: good.rows,
    });
    const save = async (rows: typeof good.rows, digest: string) =>
      (await loadEnrolmentPreview(cache, {
        id: await saveEnrolmentPreview(cache, {
          adminId: actorId,
          kindergartenId: kgId,
          fileName: "x.csv",
          rows,
          digest,
        }),
        adminId: actorId,
        kindergartenId: kgId,
      }))!;
    const preview = await save(good.rows, await enrolmentPlanDigest(first));
    assert.equal(
      await loadEnrolmentPreview(cache, {
        id: preview.id,
        adminId: actorId + 1,
        kindergartenId: kgId,
      }),
      null,
      "another admin cannot apply it",
    );
    const outcome = await applyEnrolments(db, cache, { preview, actorId });
    assert.ok(outcome.ok);
    assert.equal(outcome.created, 2);
    const audit = await db.sql<{ batch_id: string; before: unknown }>`
      select batch_id, before from audit_log where action = 'enrolment.import'`;
    assert.equal(audit.length, 2);
    assert.equal(new Set(audit.map((a) => a.batch_id)).size, 1);
    assert.equal(audit[0].batch_id, outcome.batchId);
    assert.equal(
      await loadEnrolmentPreview(cache, {
        id: preview.id,
        adminId: actorId,
        kindergartenId: kgId,
      }),
      null,
      "an applied preview is gone",
    );

    // Re-import: the first child's dates change; the second, absent, stays.
    const again = readEnrolments(
      new TextEncoder().encode(
        `${HEADER}\nE1001,김서윤,${year - 1}-05-14,2026-03-02,2027-02-26\n`,
      ),
    );
    assert.ok(again.ok);
    const second = await planEnrolments(db, {
      kindergartenId: kgId,
      rows: again.rows,
    });
    assert.equal(second.updated.length, 1);
    assert.deepEqual(second.updated[0].before, {
      since: "2026-03-02",
      until: null,
    });
    // A stale preview (the plan changed since) is refused.
    const stale = await save(again.rows, await enrolmentPlanDigest(first));
    assert.deepEqual(
      await applyEnrolments(db, cache, { preview: stale, actorId }),
      { ok: false, reason: "stale" },
    );
    const fresh = await save(again.rows, await enrolmentPlanDigest(second));
    assert.ok(
      (await applyEnrolments(db, cache, { preview: fresh, actorId })).ok,
    );
    const records = await kindergartenEnrolments(db, kgId);
    assert.deepEqual(
      records.map((r) => [r.childName, r.parentEmployeeNo, r.until]),
      [["김서윤", "E1001", "2027-02-26"], ["이도윤", "E1002", "2026-02-27"]],
    );

    // End and remove one by one.
    const doyun = records[1].childId;
    assert.deepEqual(
      await endEnrolment(db, {
        actorId,
        kindergartenId: kgId,
        childId: doyun,
        until: "2025-01-01",
      }),
      { ok: false, reason: "untilBeforeSince" },
    );
    assert.ok(
      (await endEnrolment(db, {
        actorId,
        kindergartenId: kgId,
        childId: doyun,
        until: "2025-12-31",
      })).ok,
    );
    assert.ok(
      (await removeEnrolment(db, {
        actorId,
        kindergartenId: kgId,
        childId: doyun,
      }))
        .ok,
    );
    assert.deepEqual(
      await removeEnrolment(db, {
        actorId,
        kindergartenId: kgId,
        childId: doyun,
      }),
      { ok: false, reason: "notFound" },
    );
    const trail = await db.sql<
      { action: string; before: { until: string | null }; after: unknown }
    >`
      select action, before, after from audit_log
      where action in ('enrolment.end', 'enrolment.delete') order by id`;
    assert.deepEqual(trail.map((r) => r.action), [
      "enrolment.end",
      "enrolment.delete",
    ]);
    assert.equal(trail[0].before.until, "2026-02-27");
    assert.equal(trail[1].after, null);
  } finally {
    await db.close();
  }
});
