/**
 * The employees admin end to end through HTTP: create, edit (spouse link both ways),
 * deactivate (the employee's session ends on their next request: two cookie jars), reactivate,
 * the admin role; each action leaves exactly one audit row per object with before and after, and
 * a refused one leaves none. Runs on PGlite, or on PostgreSQL with `DATABASE_URL` set.
 */
import assert from "node:assert/strict";
import type { Db } from "@/services/db.ts";
import { Client, DEMO_ACCOUNTS, startTestApp } from "./harness.ts";

const [ADMIN, KIM, LEE, PARK] = DEMO_ACCOUNTS;

interface AuditRecord {
  action: string;
  object_type: string;
  object_id: string;
  actor_id: number;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

async function auditSince(db: Db, id: number): Promise<AuditRecord[]> {
  return await db.sql<AuditRecord>`
    select action, object_type, object_id, actor_id, before, after
    from audit_log where id > ${id} order by id`;
}

async function lastAuditId(db: Db): Promise<number> {
  const [{ n }] = await db.sql<{ n: number }>`
    select coalesce(max(id), 0)::int as n from audit_log`;
  return n;
}

async function idOf(db: Db, login: string): Promise<number> {
  const [row] = await db.sql<{ id: number }>`
    select id from accounts where login = ${login}`;
  return Number(row.id);
}

async function signedIn(
  app: Awaited<ReturnType<typeof startTestApp>>,
  who: { login: string; password: string },
): Promise<Client> {
  const c = new Client(app);
  const res = await c.signIn(who.login, who.password);
  assert.equal(res.status, 303, `sign-in of ${who.login}`);
  return c;
}

/** Posts a form of `path` with the page's own CSRF token. */
async function submit(
  c: Client,
  path: string,
  form: Record<string, string>,
): Promise<Response> {
  const { csrf } = await c.page(path);
  assert.ok(csrf, `a form on ${path}`);
  return await c.post(path, { _csrf: csrf, ...form });
}

const NEW_EMPLOYEE = {
  nameKo: "최유진",
  login: "choi.yujin",
  email: "choi.yujin@kic.example",
  employeeNo: "E2001",
  department: "연구소",
  joinDate: "2020-04-01",
  spouseEmployeeNo: "",
};

Deno.test("employees admin: every action is audited once per object", async (t) => {
  const app = await startTestApp();
  const db = app.app.services.db;
  try {
    const admin = await signedIn(app, ADMIN);
    const adminId = await idOf(db, ADMIN.login);

    await t.step(
      "the list searches by name, account id, number and department",
      async () => {
        const all = await admin.page("/admin/employees");
        assert.equal(all.res.status, 200);
        for (const a of DEMO_ACCOUNTS) assert.ok(all.html.includes(a.login));
        const byName = await admin.page(
          `/admin/employees?q=${encodeURIComponent("박소")}`,
        );
        assert.ok(byName.html.includes("park.sora"));
        assert.ok(!byName.html.includes("kim.hana"));
        const byNumber = await admin.page("/admin/employees?q=E1002");
        assert.ok(byNumber.html.includes("lee.minho"));
        assert.ok(!byNumber.html.includes("park.sora"));
        const none = await admin.page("/admin/employees?q=%25%25");
        assert.match(none.html, /맞는 직원이 없습니다/);
      },
    );

    await t.step(
      "a bad form comes back with each message and every value, writing nothing",
      async () => {
        const before = await lastAuditId(db);
        const res = await submit(admin, "/admin/employees/new", {
          ...NEW_EMPLOYEE,
          login: "Choi Yujin!",
          email: "not-an-email",
          joinDate: "2020-02-30",
          spouseEmployeeNo: "NOPE-404",
        });
        assert.equal(res.status, 400);
        const html = await res.text();
        assert.match(html, /error-summary/);
        assert.match(html, /영문 소문자, 숫자, \. _ - 로 64자 이내로/);
        assert.match(html, /이메일 주소 형식으로/);
        assert.match(html, /YYYY-MM-DD/);
        assert.ok(html.includes('value="Choi Yujin!"'), "typed value kept");
        assert.ok(html.includes('value="최유진"'));
        const taken = await submit(admin, "/admin/employees/new", {
          ...NEW_EMPLOYEE,
          employeeNo: LEE_NO,
        });
        assert.equal(taken.status, 409);
        assert.match(await taken.text(), /이미 등록된 사번입니다/);
        const unknownSpouse = await submit(admin, "/admin/employees/new", {
          ...NEW_EMPLOYEE,
          spouseEmployeeNo: "E9999",
        });
        assert.equal(unknownSpouse.status, 409);
        assert.match(await unknownSpouse.text(), /이 사번의 직원이 없습니다/);
        assert.deepEqual(await auditSince(db, before), []);
        const [{ n }] = await db.sql<{ n: number }>`
        select count(*)::int as n from accounts where login = 'choi.yujin'`;
        assert.equal(n, 0);
      },
    );

    let choiId = 0;
    await t.step(
      "create: one row with after, then a confirmation",
      async () => {
        const before = await lastAuditId(db);
        const res = await submit(admin, "/admin/employees/new", NEW_EMPLOYEE);
        assert.equal(res.status, 303);
        const location = res.headers.get("location")!;
        assert.match(location, /^\/admin\/employees\/\d+\?done=created$/);
        choiId = Number(location.split("/")[3].split("?")[0]);
        const page = await admin.page(location);
        assert.match(page.html, /직원을 추가했습니다/);
        const rows = await auditSince(db, before);
        assert.equal(rows.length, 1);
        assert.equal(rows[0].action, "employee.create");
        assert.equal(rows[0].object_id, String(choiId));
        assert.equal(Number(rows[0].actor_id), adminId);
        assert.equal(rows[0].before, null);
        assert.equal(rows[0].after?.login, "choi.yujin");
        assert.equal(rows[0].after?.joinDate, "2020-04-01");
        assert.ok(!("passwordHash" in (rows[0].after ?? {})));
      },
    );

    await t.step(
      "edit with a spouse: one row each for both people",
      async () => {
        const before = await lastAuditId(db);
        const res = await submit(admin, `/admin/employees/${choiId}`, {
          intent: "edit",
          ...NEW_EMPLOYEE,
          department: "연구소 2팀",
          spouseEmployeeNo: KIM_NO,
        });
        assert.equal(res.status, 303);
        assert.match(res.headers.get("location")!, /done=edited$/);
        const rows = await auditSince(db, before);
        assert.deepEqual(
          rows.map((r) => [r.action, r.object_id]),
          [
            ["employee.edit", String(choiId)],
            ["employee.spouseLink", String(await idOf(db, KIM.login))],
          ],
        );
        assert.equal(rows[0].before?.department, "연구소");
        assert.equal(rows[0].after?.department, "연구소 2팀");
        assert.equal(rows[1].before?.spouseEmployeeNo, null);
        assert.equal(rows[1].after?.spouseEmployeeNo, "E2001");
        const again = await submit(admin, `/admin/employees/${choiId}`, {
          intent: "edit",
          ...NEW_EMPLOYEE,
          department: "연구소 2팀",
          spouseEmployeeNo: KIM_NO,
        });
        assert.equal(again.status, 409, "nothing changed");
        const taken = await submit(admin, `/admin/employees/${choiId}`, {
          intent: "edit",
          ...NEW_EMPLOYEE,
          spouseEmployeeNo: LEE_NO,
        });
        assert.equal(taken.status, 409, "Lee is linked to Park");
        assert.match(await taken.text(), /이미 다른 직원과 배우자로/);
        assert.equal((await auditSince(db, before)).length, 2);
      },
    );

    await t.step(
      "deactivate ends the employee's session on their next request",
      async () => {
        const kim = await signedIn(app, KIM);
        const kimId = await idOf(db, KIM.login);
        const ok = await kim.fetch("/rounds/1");
        assert.equal(ok.status, 200);
        await ok.body?.cancel();
        const before = await lastAuditId(db);
        const unconfirmed = await submit(admin, `/admin/employees/${kimId}`, {
          intent: "deactivate",
        });
        assert.equal(unconfirmed.status, 400);
        assert.match(await unconfirmed.text(), /확인란을 선택하세요/);
        assert.deepEqual(await auditSince(db, before), []);
        const res = await submit(admin, `/admin/employees/${kimId}`, {
          intent: "deactivate",
          confirm: "yes",
        });
        assert.equal(res.status, 303);
        assert.match(res.headers.get("location")!, /done=deactivated/);
        const next = await kim.fetch("/rounds/1");
        assert.equal(next.status, 303);
        assert.match(next.headers.get("location")!, /^\/login/);
        const again = await new Client(app).signIn(KIM.login, KIM.password);
        assert.equal(again.status, 401, "no new sign-in either");
        const rows = await auditSince(db, before);
        assert.equal(rows.length, 1);
        assert.equal(rows[0].action, "employee.deactivate");
        assert.equal(rows[0].before?.disabledAt, null);
        assert.ok(rows[0].after?.disabledAt);
        const page = await admin.page(`/admin/employees/${kimId}`);
        assert.match(page.html, /다시 활성화/);

        const back = await submit(admin, `/admin/employees/${kimId}`, {
          intent: "reactivate",
        });
        assert.equal(back.status, 303);
        const after = await auditSince(db, before);
        assert.equal(after.length, 2);
        assert.equal(after[1].action, "employee.reactivate");
        assert.ok(after[1].before?.disabledAt);
        assert.equal(after[1].after?.disabledAt, null);
        assert.equal(
          (await new Client(app).signIn(KIM.login, KIM.password)).status,
          303,
        );
      },
    );

    await t.step(
      "the admin role: granted, removed, never one's own",
      async () => {
        const parkId = await idOf(db, PARK.login);
        const before = await lastAuditId(db);
        const grant = await submit(admin, `/admin/employees/${parkId}`, {
          intent: "grant",
        });
        assert.equal(grant.status, 303);
        const park = await signedIn(app, PARK);
        const adminPage = await park.fetch("/admin/employees");
        assert.equal(adminPage.status, 200, "Park is an admin now");
        await adminPage.body?.cancel();
        const own = await submit(park, `/admin/employees/${parkId}`, {
          intent: "revoke",
        });
        assert.equal(own.status, 409);
        assert.match(
          await own.text(),
          /내 계정의 권한이나 상태는 바꿀 수 없습니다/,
        );
        const ownDeactivate = await submit(park, `/admin/employees/${parkId}`, {
          intent: "deactivate",
          confirm: "yes",
        });
        assert.equal(ownDeactivate.status, 409);
        const revoke = await submit(admin, `/admin/employees/${parkId}`, {
          intent: "revoke",
        });
        assert.equal(revoke.status, 303);
        const denied = await park.fetch("/admin/employees");
        assert.equal(denied.status, 403, "at once, on the next request");
        await denied.body?.cancel();
        const rows = await auditSince(db, before);
        assert.deepEqual(
          rows.map((r) => [r.action, r.before?.role, r.after?.role]),
          [
            ["employee.grantAdmin", "employee", "admin"],
            ["employee.removeAdmin", "admin", "employee"],
          ],
        );
      },
    );

    await t.step("an unknown id answers 404 and writes nothing", async () => {
      const before = await lastAuditId(db);
      const { csrf } = await admin.page("/admin/employees/new");
      const res = await admin.post("/admin/employees/999999", {
        _csrf: csrf,
        intent: "deactivate",
        confirm: "yes",
      });
      assert.equal(res.status, 404);
      await res.body?.cancel();
      assert.deepEqual(await auditSince(db, before), []);
    });

    await t.step(
      "the audit page finds the actions by person, action and object",
      async () => {
        const page = await admin.page(
          `/admin/audit?person=admin&action=employee.deactivate`,
        );
        assert.equal(page.res.status, 200);
        assert.match(page.html, /employee\.deactivate/);
        assert.ok(!page.html.includes("employee.reactivate"));
        const object = await admin.page(
          `/admin/audit?objectType=account&objectId=${choiId}`,
        );
        assert.match(object.html, /employee\.create/);
        assert.match(object.html, /employee\.edit/);
        const bad = await admin.page(`/admin/audit?from=2026-13-40`);
        assert.equal(bad.res.status, 400);
        assert.match(bad.html, /YYYY-MM-DD/);
        const future = await admin.page(`/admin/audit?from=2099-01-01`);
        assert.match(future.html, /조건에 맞는 기록이 없습니다/);
      },
    );
  } finally {
    await app.close();
  }
});

const KIM_NO = DEMO_ACCOUNTS[1].employeeNo;
const LEE_NO = DEMO_ACCOUNTS[2].employeeNo;

Deno.test("a leaver's open application passes to the employee spouse, else is withdrawn with a mail", async () => {
  const app = await startTestApp();
  const db = app.app.services.db;
  try {
    const admin = await signedIn(app, ADMIN);
    const [round] = await db.sql<{ id: number }>`select id from rounds limit 1`;
    const leeId = await idOf(db, LEE.login);
    const parkId = await idOf(db, PARK.login);
    const kimId = await idOf(db, KIM.login);
    const family = Math.min(leeId, parkId);
    const [passing] = await db.sql<{ id: number }>`
      insert into applications (round_id, family_key, filed_by)
      values (${round.id}, ${family}, ${leeId}) returning id`;
    const [withdrawing] = await db.sql<{ id: number }>`
      insert into applications (round_id, family_key, filed_by)
      values (${round.id}, ${kimId}, ${kimId}) returning id`;
    const [{ n: mailsBefore }] = await db.sql<{ n: number }>`
      select count(*)::int as n from outbox`;

    const before = await lastAuditId(db);
    const res = await submit(admin, `/admin/employees/${leeId}`, {
      intent: "deactivate",
      confirm: "yes",
    });
    assert.equal(res.status, 303);
    assert.match(res.headers.get("location")!, /passed=1&withdrawn=0/);
    const [passed] = await db.sql<
      { family_key: number; filed_by: number; status: string }
    >`
      select family_key, filed_by, status from applications where id = ${passing.id}`;
    assert.equal(Number(passed.family_key), parkId);
    assert.equal(Number(passed.filed_by), parkId);
    assert.equal(passed.status, "submitted");
    const page = await admin.page(res.headers.get("location")!);
    assert.match(page.html, /신청 1건은 배우자에게 넘겼고/);

    const kimRes = await submit(admin, `/admin/employees/${kimId}`, {
      intent: "deactivate",
      confirm: "yes",
    });
    assert.match(kimRes.headers.get("location")!, /passed=0&withdrawn=1/);
    const [withdrawn] = await db.sql<{ status: string }>`
      select status from applications where id = ${withdrawing.id}`;
    assert.equal(withdrawn.status, "withdrawn");
    const mails = await db.sql<{ to_addr: string; subject: string }>`
      select * from outbox order by id`;
    assert.equal(mails.length, mailsBefore + 1);
    const mail = mails.at(-1) as unknown as Record<string, string>;
    assert.ok(
      Object.values(mail).some((v) => v === "kim.hana@kic.example"),
      "mailed to the family",
    );

    const rows = await auditSince(db, before);
    assert.deepEqual(rows.map((r) => [r.action, r.object_type, r.object_id]), [
      ["employee.deactivate", "account", String(leeId)],
      ["application.passToSpouse", "application", String(passing.id)],
      ["employee.deactivate", "account", String(kimId)],
      ["application.withdrawLeaver", "application", String(withdrawing.id)],
    ]);
    assert.equal(rows[1].before?.filedBy, leeId);
    assert.equal(rows[1].after?.filedBy, parkId);
    assert.equal(rows[3].before?.status, "submitted");
    assert.equal(rows[3].after?.status, "withdrawn");
  } finally {
    await app.close();
  }
});
