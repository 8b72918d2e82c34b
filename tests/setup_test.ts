/**
 * Round setup over HTTP (issue 9): a round and its recruitments are created and edited with
 * one audit row per object (before and after); a bad calendar or a past beacon saves nothing
 * and shows a message beside each bad field; settings lock when the application window opens.
 */
import assert from "node:assert/strict";
import { setTestClockOffset } from "@/services/clock.ts";
import { toSeoulLocal } from "@/utils/seoul_time.ts";
import { startTestApp, type TestApp } from "./harness.ts";
import { adminClient, postPairs, roundForm } from "./setup_helpers.ts";

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/** A valid recruitment form for class `klass` ("kgId:age") with one tier. */
export function recruitmentForm(klass?: string): [string, string][] {
  const fields: [string, string][] = [
    ["seats", "4"],
    ["base", "1.00"],
    ["servicePerYearOn", "1"],
    ["servicePerYear", "0.10"],
    ["singleParentOn", "1"],
    ["singleParent", "0.50"],
    ["childPerExtraOn", "1"],
    ["childPerExtra", "0.20"],
    ["disability", "0.50"],
    ["employeeCoupleOn", "1"],
    ["employeeCouple", "0.30"],
    ["dualIncomeOn", "1"],
    ["dualIncome", "0.30"],
    ["siblingEnrolledOn", "1"],
    ["siblingEnrolled", "0.20"],
    ["serviceMaxYears", "20"],
    ["childMaxExtra", "3"],
    ["tier1", "singleParent"],
    ["tier1", "disability"],
  ];
  return klass ? [["class", klass], ...fields] : fields;
}

async function count(app: TestApp, table: string): Promise<number> {
  const [{ n }] = await app.app.services.db.sql<{ n: number }>(
    [`SELECT count(*)::int AS n FROM ${table}`] as unknown as TemplateStringsArray,
  );
  return Number(n);
}

async function auditRows(app: TestApp, objectType: string, objectId: number) {
  return await app.app.services.db.sql<
    { action: string; before: unknown; after: unknown; actor_id: number }
  >`SELECT action, before, after, actor_id FROM audit_log
    WHERE object_type = ${objectType} AND object_id = ${
    String(objectId)
  } ORDER BY id`;
}

Deno.test("round setup: create, edit, recruitments, audit rows and the lock", async (t) => {
  const app = await startTestApp();
  try {
    const c = await adminClient(app);
    const db = app.app.services.db;
    let roundId = 0;

    await t.step(
      "a bad calendar and a past beacon save nothing, each field says why",
      async () => {
        const rounds = await count(app, "rounds");
        const audits = await count(app, "audit_log");
        const form = roundForm();
        form.applicationsCloseAt = toSeoulLocal(new Date(Date.now() + DAY)); // before the opening
        form.beaconScheduledAt = toSeoulLocal(new Date(Date.now() - DAY)); // in the past
        form.fallbackScheduledAt = form.firstWindowEnd; // after registration opens
        const res = await postPairs(
          c,
          "/admin/rounds/new",
          Object.entries(form),
        );
        assert.equal(res.status, 400);
        const html = await res.text();
        for (
          const f of [
            "applicationsCloseAt",
            "beaconScheduledAt",
            "fallbackScheduledAt",
          ]
        ) {
          assert.match(html, new RegExp(`id="field-${f}-error"`), f);
          assert.match(
            html,
            new RegExp(`<input id="field-${f}"[^>]*aria-invalid="true"`),
            f,
          );
        }
        assert.doesNotMatch(html, /id="field-drawAt-error"/);
        assert.match(html, /이미 지난 사건입니다/);
        assert.match(
          html,
          new RegExp(`value="${form.beaconName}"`),
          "typed values kept",
        );
        assert.equal(await count(app, "rounds"), rounds);
        assert.equal(await count(app, "audit_log"), audits);
      },
    );

    await t.step("create: one audit row with the round after", async () => {
      const res = await postPairs(
        c,
        "/admin/rounds/new",
        Object.entries(roundForm()),
      );
      assert.equal(res.status, 303);
      const location = res.headers.get("location")!;
      roundId = Number(
        location.match(/\/admin\/rounds\/(\d+)\?done=roundCreated/)?.[1],
      );
      assert.ok(roundId > 0, location);
      const page = await c.page(location);
      assert.match(page.html, /회차를 만들었습니다/);
      const rows = await auditRows(app, "round", roundId);
      assert.equal(rows.length, 1);
      assert.equal(rows[0].action, "round.create");
      assert.equal(rows[0].before, null);
      assert.equal(
        (rows[0].after as { name: string }).name,
        "2028학년도 정기 모집",
      );
      const [r] = await db.sql<
        { beacon_deadline: Date; beacon_scheduled_at: Date }
      >`
        SELECT beacon_deadline, beacon_scheduled_at FROM rounds WHERE id = ${roundId}`;
      assert.equal(
        new Date(r.beacon_deadline).getTime() -
          new Date(r.beacon_scheduled_at).getTime(),
        DAY,
        "the deadline defaults to 24 hours after the beacon",
      );
    });

    await t.step(
      "edit before the lock: one more row with before and after",
      async () => {
        const form = {
          ...roundForm(),
          name: "2028학년도 정기 모집 (수정)",
          requiresSecondApproval: "1",
        };
        const res = await postPairs(
          c,
          `/admin/rounds/${roundId}/edit`,
          Object.entries(form),
        );
        assert.equal(res.status, 303);
        const rows = await auditRows(app, "round", roundId);
        assert.equal(rows.length, 2);
        assert.equal(rows[1].action, "round.update");
        assert.equal(
          (rows[1].before as { name: string }).name,
          "2028학년도 정기 모집",
        );
        assert.equal(
          (rows[1].after as { name: string }).name,
          "2028학년도 정기 모집 (수정)",
        );
        assert.equal(
          (rows[1].after as { requiresSecondApproval: boolean })
            .requiresSecondApproval,
          true,
        );
      },
    );

    let recruitmentId = 0;
    await t.step(
      "a recruitment: bad settings beside the field, then one audit row each",
      async () => {
        const before = await count(app, "recruitments");
        const bad = recruitmentForm("1:0").map(([k, v]): [string, string] =>
          k === "base" ? [k, "0"] : k === "singleParent" ? [k, "abc"] : [k, v]
        );
        let res = await postPairs(
          c,
          `/admin/rounds/${roundId}/recruitments/new`,
          bad,
        );
        assert.equal(res.status, 400);
        const html = await res.text();
        assert.match(html, /id="field-base-error"/);
        assert.match(html, /id="field-singleParent-error"/);
        assert.equal(await count(app, "recruitments"), before);
        res = await postPairs(
          c,
          `/admin/rounds/${roundId}/recruitments/new`,
          recruitmentForm("1:0"),
        );
        assert.equal(res.status, 303);
        res = await postPairs(
          c,
          `/admin/rounds/${roundId}/recruitments/new`,
          recruitmentForm("1:0"),
        );
        assert.equal(res.status, 400, "the same class twice is refused");
        assert.match(
          await res.text(),
          /id="field-class-error"[^>]*>[^<]*이미 이 반의 모집/,
        );
        const [row] = await db.sql<
          { id: number; settings: Record<string, unknown> }
        >`
        SELECT id, settings FROM recruitments WHERE round_id = ${roundId}`;
        recruitmentId = Number(row.id);
        assert.deepEqual(row.settings.tiers, [["disability", "singleParent"]]);
        assert.equal(
          row.settings.disability,
          null,
          "a factor left off is null",
        );
        assert.equal(row.settings.singleParent, 50);
        const edit = recruitmentForm().map(([k, v]): [string, string] =>
          k === "seats" ? [k, "7"] : [k, v]
        );
        res = await postPairs(
          c,
          `/admin/rounds/${roundId}/recruitments/${recruitmentId}`,
          edit,
        );
        assert.equal(res.status, 303);
        const rows = await auditRows(app, "recruitment", recruitmentId);
        assert.deepEqual(rows.map((r) => r.action), [
          "recruitment.create",
          "recruitment.update",
        ]);
        assert.equal((rows[1].before as { seats: number }).seats, 4);
        assert.equal((rows[1].after as { seats: number }).seats, 7);
      },
    );

    await t.step(
      "delete a recruitment before the lock: audited with before",
      async () => {
        let res = await postPairs(
          c,
          `/admin/rounds/${roundId}/recruitments/new`,
          recruitmentForm("1:1"),
        );
        assert.equal(res.status, 303);
        const [row] = await db.sql<{ id: number }>`
        SELECT id FROM recruitments WHERE round_id = ${roundId} AND class_age = 1`;
        const id = Number(row.id);
        res = await postPairs(
          c,
          `/admin/rounds/${roundId}/recruitments/${id}/delete`,
          [],
        );
        assert.equal(res.status, 303);
        assert.match(res.headers.get("location")!, /done=recruitmentDeleted/);
        const rows = await auditRows(app, "recruitment", id);
        assert.deepEqual(rows.map((r) => r.action), [
          "recruitment.create",
          "recruitment.delete",
        ]);
        assert.equal((rows[1].before as { classAge: number }).classAge, 1);
        assert.equal(rows[1].after, null);
      },
    );

    await t.step(
      "copy: the round one year on, with its recruitments",
      async () => {
        const page = await c.page(`/admin/rounds/new?from=${roundId}`);
        assert.match(page.html, /name="copyFrom" value="\d+"/);
        const year =
          page.html.match(/name="enrolmentYear"[^>]*value="(\d{4})"/)?.[1] ??
            page.html.match(/value="(\d{4})"[^>]*name="enrolmentYear"/)?.[1];
        assert.ok(year);
        const values: [string, string][] = [...page.html.matchAll(
          /<input id="field-([A-Za-z]+)" name="[A-Za-z]+" type="(?:text|datetime-local)" value="([^"]*)"/g,
        )].map((m) => [m[1], m[2]]);
        const pairs: [string, string][] = [
          ...values,
          ["copyFrom", String(roundId)],
          ["beaconKind", "lotto645"],
          ["fallbackKind", "drand"],
        ];
        const res = await postPairs(c, "/admin/rounds/new", pairs);
        const html = res.status === 303 ? "" : await res.clone().text();
        assert.equal(
          res.status,
          303,
          html.match(/error-summary[\s\S]{0,600}/)?.[0] ?? "",
        );
        const copyId = Number(
          res.headers.get("location")!.match(/rounds\/(\d+)/)![1],
        );
        const [{ n }] = await db.sql<{ n: number }>`
        SELECT count(*)::int AS n FROM recruitments WHERE round_id = ${copyId}`;
        assert.equal(Number(n), 1);
        const rows = await auditRows(app, "round", copyId);
        assert.equal(rows.length, 1);
      },
    );

    await t.step(
      "the list searches by name; % and _ are plain characters",
      async () => {
        let page = await c.page("/admin/rounds?q=%EC%88%98%EC%A0%95"); // "수정"
        assert.match(page.html, /2028학년도 정기 모집 \(수정\)/);
        assert.doesNotMatch(page.html, /2027학년도 정기 모집/);
        page = await c.page("/admin/rounds?q=%25");
        assert.match(page.html, /맞는 회차가 없습니다/);
        page = await c.page("/admin/rounds?q=%00x");
        assert.equal(page.res.status, 200);
      },
    );

    await t.step(
      "publish: a draft becomes visible to employees, audited",
      async () => {
        const { csrf } = await c.page(`/admin/rounds/${roundId}`);
        const res = await c.post(`/admin/rounds/${roundId}/publish`, {
          _csrf: csrf,
        });
        assert.equal(res.status, 303);
        const rows = await auditRows(app, "round", roundId);
        assert.equal(rows.at(-1)!.action, "round.publish");
        assert.deepEqual(rows.at(-1)!.before, { status: "draft" });
        assert.deepEqual(rows.at(-1)!.after, { status: "open" });
      },
    );

    await t.step(
      "the lock: once applications open, edits are refused and say why",
      async () => {
        const audits = await count(app, "audit_log");
        const shifted = 3 * DAY;
        await setTestClockOffset(app.app.services, shifted);
        // Wait until this app's clock has the offset (the doorbell is asynchronous).
        for (let i = 0; i < 100; i++) {
          const page = await c.page(`/admin/rounds/${roundId}`);
          if (/잠김/.test(page.html)) break;
          await new Promise((r) => setTimeout(r, 20));
        }
        const form = {
          ...roundForm(Date.now() + shifted),
          name: "잠긴 뒤 수정",
        };
        let res = await postPairs(
          c,
          `/admin/rounds/${roundId}/edit`,
          Object.entries(form),
        );
        assert.equal(res.status, 409);
        assert.match(await res.text(), /설정이 잠겼습니다/);
        res = await postPairs(
          c,
          `/admin/rounds/${roundId}/recruitments/${recruitmentId}`,
          recruitmentForm(),
        );
        assert.equal(res.status, 409);
        res = await postPairs(
          c,
          `/admin/rounds/${roundId}/recruitments/new`,
          recruitmentForm("1:1"),
        );
        assert.equal(res.status, 409);
        res = await postPairs(
          c,
          `/admin/rounds/${roundId}/recruitments/${recruitmentId}/delete`,
          [],
        );
        assert.equal(res.status, 409);
        assert.equal(
          await count(app, "audit_log"),
          audits,
          "nothing audited, nothing changed",
        );
        const [r] = await db.sql<
          { name: string }
        >`SELECT name FROM rounds WHERE id = ${roundId}`;
        assert.equal(r.name, "2028학년도 정기 모집 (수정)");
        await setTestClockOffset(app.app.services, 0);
      },
    );

    await t.step("the demo's open round is locked too", async () => {
      const res = await postPairs(
        c,
        "/admin/rounds/1/edit",
        Object.entries(roundForm()),
      );
      assert.equal(res.status, 409);
    });
  } finally {
    await app.close();
  }
});
