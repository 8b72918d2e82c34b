/**
 * Must show 1 (the roster part) of issue 9, through HTTP: a 200-row roster saved in CP949 with
 * 3 bad rows; the preview names exactly those 3 and their reasons; nothing is written before
 * applying; after applying 197 accounts exist with one audit row each; a new employee's
 * set-password mail arrives, the employee sets a password and signs in.
 */
import assert from "node:assert/strict";
import iconv from "iconv-lite";
import { Client, DEMO_ACCOUNTS } from "./harness.ts";
import { roster200, upload } from "./roster_fixture.ts";
import { type MailApp, startMailApp } from "./mailbox.ts";

const ADMIN = DEMO_ACCOUNTS.find((a) => a.login === "admin")!;
async function count(app: MailApp, sql: string): Promise<number> {
  const db = app.app.services.db;
  const strings = Object.assign([sql], { raw: [sql] });
  const [{ n }] = await db.sql<{ n: number }>(strings);
  return Number(n);
}

Deno.test("a 200-row CP949 roster with 3 bad rows: preview, apply, set-password mail, sign-in", async () => {
  const app = await startMailApp();
  try {
    const admin = new Client(app);
    assert.equal((await admin.signIn(ADMIN.login, ADMIN.password)).status, 303);
    const bytes = new Uint8Array(iconv.encode(roster200(), "cp949"));
    const preview = await upload(admin, bytes);
    assert.equal(preview.status, 200);
    const html = preview.html;
    assert.match(
      html,
      /새 직원 197명, 바뀌는 직원 0명, 그대로 0명, 잘못된 줄 3개/,
    );
    const badRows = [...html.matchAll(/<li\s+id="row-(\d+)">/g)].map((m) =>
      m[1]
    );
    assert.deepEqual(badRows, ["50", "120", "180"]);
    const reasonOf = (row: number) =>
      html.split(`id="row-${row}"`)[1].split("</ul>")[0];
    assert.match(reasonOf(50), /입사일이 날짜가 아닙니다: 2021-02-30/);
    assert.match(reasonOf(120), /배우자 사번 R9999인 직원이 없습니다/);
    assert.match(reasonOf(180), /계정 kim\.hana은\(는\) 이미 다른 사번/);
    assert.match(html, /김서연|이민준/, "Korean decoded from CP949");
    assert.equal(
      await count(
        app,
        "select count(*)::int as n from accounts where employee_no like 'R%'",
      ),
      0,
      "nothing is written before applying",
    );

    const id = html.match(/name="preview" value="([^"]+)"/)![1];
    const idem = html.match(/name="_idem" value="([^"]+)"/)?.[1] ?? "";
    const csrf = html.match(/name="_csrf" value="([^"]+)"/)![1];
    const applied = await admin.post("/admin/roster/apply", {
      _csrf: csrf,
      _idem: idem,
      preview: id,
    });
    assert.equal(applied.status, 303);
    const done = await admin.page(applied.headers.get("location")!);
    assert.match(done.html, /명단을 반영했습니다: 새 직원 197명/);
    assert.equal(
      await count(
        app,
        "select count(*)::int as n from accounts where employee_no like 'R%'",
      ),
      197,
    );
    assert.equal(
      await count(
        app,
        "select count(*)::int as n from audit_log where action = 'roster.import'",
      ),
      197,
      "one audit row per account",
    );
    assert.equal(
      await count(
        app,
        "select count(distinct after->>'importId')::int as n from audit_log where action = 'roster.import'",
      ),
      1,
      "one shared import id",
    );
    // Spouse links both ways.
    assert.equal(
      await count(
        app,
        `select count(*)::int as n from accounts a join accounts b
          on b.employee_no = a.spouse_employee_no and b.spouse_employee_no = a.employee_no
          where a.employee_no like 'R%'`,
      ),
      20,
    );

    // Applying the same preview again does nothing.
    const again = await admin.post("/admin/roster/apply", {
      _csrf: csrf,
      preview: id,
    });
    assert.match(again.headers.get("location")!, /notice=expired/);

    const mails = (await app.mail()).filter((m) => /emp199@/.test(m.to));
    assert.equal(mails.length, 1);
    const link =
      mails[0].text.match(/https?:\/\/\S+\/password\/setup\?token=\S+/)![0];
    const path = new URL(link).pathname + new URL(link).search;
    const employee = new Client(app, "10.7.0.7");
    const page = await employee.page(path);
    assert.equal(page.res.status, 200);
    const set = await employee.post("/password/setup", {
      _csrf: page.csrf,
      token: new URL(link).searchParams.get("token")!,
      password: "emp199 first passphrase",
      confirm: "emp199 first passphrase",
    });
    assert.equal(set.status, 303);
    assert.equal(
      (await employee.signIn("emp199", "emp199 first passphrase")).status,
      303,
    );
    assert.match(await (await employee.fetch("/")).text(), /로그아웃/);
  } finally {
    await app.close();
  }
});

Deno.test("a re-import updates by employee number, never deletes, and ends removed spouse links", async () => {
  const app = await startMailApp();
  try {
    const admin = new Client(app);
    await admin.signIn(ADMIN.login, ADMIN.password);
    const db = app.app.services.db;
    const [lee] = await db.sql<
      { employee_no: string; spouse_employee_no: string }
    >`
      select employee_no, spouse_employee_no from accounts where login = 'lee.minho'`;
    const csv =
      "\ufeffaccount_id,name_ko,employee_no,department,join_date,spouse_employee_no\n" +
      `lee.minho,이민호,${lee.employee_no},새부서,2018-01-02,\n`;
    const preview = await upload(
      admin,
      new TextEncoder().encode(csv),
      "re.csv",
    );
    assert.match(preview.html, /바뀌는 직원 1명/);
    assert.match(preview.html, /배우자 연결이 함께 바뀌는 직원 \(1명\)/);
    const before = await db.sql`select count(*)::int as n from accounts`;
    const id = preview.html.match(/name="preview" value="([^"]+)"/)![1];
    const csrf = preview.html.match(/name="_csrf" value="([^"]+)"/)![1];
    const res = await admin.post("/admin/roster/apply", {
      _csrf: csrf,
      preview: id,
    });
    assert.match(res.headers.get("location")!, /created=0&updated=2/);
    const after = await db.sql`select count(*)::int as n from accounts`;
    assert.deepEqual(after, before, "nobody deleted");
    const rows = await db.sql<
      { login: string; department: string; spouse_employee_no: string | null }
    >`
      select login, department, spouse_employee_no from accounts
      where employee_no in (${lee.employee_no}, ${lee.spouse_employee_no}) order by login`;
    assert.deepEqual(rows.map((r) => r.spouse_employee_no), [null, null]);
    assert.equal(
      rows.find((r) => r.login === "lee.minho")!.department,
      "새부서",
    );
    const audits = await db.sql<
      { before: { spouse: string }; after: { spouse: null } }
    >`
      select before, after from audit_log where action = 'roster.import' order by id`;
    assert.equal(audits.length, 2);
    assert.ok(audits.every((a) => a.before.spouse && a.after.spouse === null));
  } finally {
    await app.close();
  }
});

Deno.test("a file that is not a roster is refused beside the file field; an employee gets 403", async () => {
  const app = await startMailApp();
  try {
    const admin = new Client(app);
    await admin.signIn(ADMIN.login, ADMIN.password);
    const bad = await upload(admin, new TextEncoder().encode("a,b\n1,2\n"));
    assert.equal(bad.status, 400);
    assert.match(
      bad.html,
      /id="field-file-error">머리글에 account_id, name_ko, employee_no, join_date 열이 없습니다/,
    );
    const sample = await admin.fetch("/admin/roster/sample");
    assert.equal(sample.headers.get("content-type"), "text/csv; charset=utf-8");
    const again = await upload(
      admin,
      new Uint8Array(await sample.arrayBuffer()),
    );
    assert.equal(again.status, 200, "the sample reads");
    const employee = new Client(app);
    await employee.signIn(DEMO_ACCOUNTS[1].login, DEMO_ACCOUNTS[1].password);
    assert.equal((await employee.fetch("/admin/roster")).status, 403);
  } finally {
    await app.close();
  }
});
