/**
 * The set-password link of a new employee: mailed through the outbox in their language, works
 * once, for 72 hours, and the employee then signs in.
 */
import assert from "node:assert/strict";
import { issuePasswordSetup } from "@/domain/passwords.ts";
import { Client } from "./harness.ts";
import { startMailApp } from "./mailbox.ts";

Deno.test("a set-password link: mailed, works once, then the employee signs in", async () => {
  const app = await startMailApp();
  try {
    const db = app.app.services.db;
    const now = new Date();
    const { link } = await db.transaction(async (tx) => {
      const [{ id }] = await tx.sql<{ id: number }>`
        insert into accounts (login, email, name_ko, employee_no, join_date, locale)
        values ('choi.new', 'choi.new@kic.example', '최신입', 'E-NEW-1', '2026-11-02', 'en')
        returning id`;
      return await issuePasswordSetup(tx, {
        accountId: Number(id),
        now,
        origin: "http://kic.test",
      });
    });
    const [mail] = (await app.mail()).filter((m) =>
      m.to === "choi.new@kic.example"
    );
    assert.match(
      mail.subject,
      /Set your password/,
      "in the employee's language",
    );
    assert.ok(mail.text.includes(link));
    assert.ok(mail.html.includes(link.replaceAll("&", "&#38;")));
    const [{ secret_hash }] = await db.sql<{ secret_hash: string }>`
      select secret_hash from password_tokens where kind = 'setup'`;
    assert.ok(!link.includes(secret_hash), "only a hash is stored");

    const path = new URL(link).pathname + new URL(link).search;
    const c = new Client(app);
    const page = await c.page(path);
    assert.equal(page.res.status, 200);
    assert.match(page.html, /최신입님\(choi\.new\)/);
    const token = new URL(link).searchParams.get("token")!;
    const short = await c.post("/password/setup", {
      _csrf: page.csrf,
      token,
      password: "short",
      confirm: "short",
    });
    assert.equal(short.status, 400);
    assert.match(await short.text(), /id="field-password-error">/);
    const mismatch = await c.post("/password/setup", {
      _csrf: page.csrf,
      token,
      password: "choi's new passphrase",
      confirm: "choi's other passphrase",
    });
    assert.equal(mismatch.status, 400);
    assert.match(await mismatch.text(), /id="field-confirm-error">/);
    const ok = await c.post("/password/setup", {
      _csrf: page.csrf,
      token,
      password: "choi's new passphrase",
      confirm: "choi's new passphrase",
    });
    assert.equal(ok.status, 303);
    const next = ok.headers.get("location")!;
    assert.equal(next, "/login?notice=password-set&login=choi.new");
    const login = await c.page(next);
    assert.match(login.html, /role="status">비밀번호를 설정했습니다/);
    assert.match(login.html, /name="login" type="text" value="choi.new"/);
    const again = await c.page(path);
    assert.equal(again.res.status, 404);
    assert.match(again.html, /이미 사용되었습니다/);
    assert.equal(
      (await c.signIn("choi.new", "choi's new passphrase")).status,
      303,
    );
  } finally {
    await app.close();
  }
});

Deno.test("an expired or forged set-password link explains itself", async () => {
  const app = await startMailApp();
  try {
    const db = app.app.services.db;
    const long = new Date(Date.now() - 73 * 60 * 60_000);
    const { link } = await db.transaction(async (tx) => {
      const [{ id }] = await tx.sql<{ id: number }>`
        insert into accounts (login, email, name_ko, employee_no, join_date)
        values ('old.link', 'old.link@kic.example', '오래된', 'E-OLD-1', '2026-01-02')
        returning id`;
      return await issuePasswordSetup(tx, {
        accountId: Number(id),
        now: long,
        origin: "http://kic.test",
      });
    });
    const c = new Client(app);
    const expired = await c.page(new URL(link).pathname + new URL(link).search);
    assert.equal(expired.res.status, 404);
    assert.match(expired.html, /기한\(72시간\)이 지났습니다/);
    assert.match(expired.html, /href="\/password\/reset"/);
    const forged = await c.page(
      "/password/setup?token=1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    );
    assert.equal(forged.res.status, 404);
    assert.match(forged.html, /올바르지 않습니다/);
  } finally {
    await app.close();
  }
});
