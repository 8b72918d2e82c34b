/**
 * Must show 1 (the roster part) of issue 9 in Chromium with JavaScript disabled, against the app
 * as a process (the real services when `KIC_TEST_REAL=1`), its mail going to an SMTP sink: an
 * admin imports a 200-row roster saved in CP949 with 3 bad rows; the preview names exactly those
 * 3 and their reasons; after applying 197 new accounts exist; a new employee's set-password mail
 * arrives in the sink; the employee sets a password and signs in.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import iconv from "iconv-lite";
import { DEMO_ACCOUNTS } from "@/domain/demo.ts";
import { parseMail } from "@/services/mail_parse.ts";
import { startSmtpSink } from "@/services/testing/local_servers.ts";
import { browserAvailable, launchBrowser } from "./browser.ts";
import { startAppProcess } from "./process.ts";
import { roster200 } from "./roster_fixture.ts";

const ADMIN = DEMO_ACCOUNTS.find((a) => a.login === "admin")!;

Deno.test({
  name:
    "in Chromium without JavaScript: CP949 roster import, set-password mail, sign-in",
  ignore: !browserAvailable(),
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const sink = await startSmtpSink();
    const app = await startAppProcess({ SMTP_URL: sink.url });
    const browser = await launchBrowser();
    try {
      const admin = await browser.newContext({
        javaScriptEnabled: false,
        locale: "ko-KR",
      });
      const page = await admin.newPage();
      await page.goto(`${app.url}/login`);
      await page.fill('input[name="login"]', ADMIN.login);
      await page.fill('input[name="password"]', ADMIN.password);
      await Promise.all([
        page.waitForURL(`${app.url}/`),
        page.click('main button[type="submit"]'),
      ]);
      await page.goto(`${app.url}/admin`);
      const before = Number(
        (await page.textContent("main p strong"))?.trim(),
      );
      await page.click('nav.admin-nav a[href="/admin/roster"]');
      await page.setInputFiles('input[name="file"]', {
        name: "인사명단.csv",
        mimeType: "text/csv",
        buffer: Buffer.from(iconv.encode(roster200(), "cp949")),
      });
      await Promise.all([
        page.waitForURL(`${app.url}/admin/roster`),
        page.click('main button[type="submit"]'),
      ]);
      assert.match(
        await page.textContent("main [role=status]") ?? "",
        /새 직원 197명, 바뀌는 직원 0명, 그대로 0명, 잘못된 줄 3개/,
      );
      const bad = await page.$$eval(
        ".bad-rows > li",
        (items) => items.map((li) => [li.id, li.textContent]),
      );
      assert.deepEqual(bad.map(([id]) => id), ["row-50", "row-120", "row-180"]);
      assert.match(bad[0][1]!, /입사일이 날짜가 아닙니다: 2021-02-30/);
      assert.match(bad[1][1]!, /배우자 사번 R9999인 직원이 없습니다/);
      assert.match(bad[2][1]!, /계정 kim\.hana은\(는\) 이미 다른 사번/);
      await page.screenshot({ path: "/tmp/roster-preview-1280.png" });
      await Promise.all([
        page.waitForURL(/\/admin\/roster\?created=197/),
        page.click('form[action="/admin/roster/apply"] button[type="submit"]'),
      ]);
      assert.match(
        await page.textContent("main [role=status]") ?? "",
        /명단을 반영했습니다: 새 직원 197명/,
      );
      await page.goto(`${app.url}/admin`);
      const after = Number((await page.textContent("main p strong"))?.trim());
      assert.equal(after - before, 197, "197 accounts more");

      // The first new employee's mail reaches the sink (the outbox job sends it).
      const deadline = Date.now() + 60_000;
      let mail: ReturnType<typeof parseMail> | undefined;
      while (!mail && Date.now() < deadline) {
        const raw = sink.messages.find((m) => m.to[0]?.startsWith("emp1@"));
        if (raw) mail = parseMail(raw.raw);
        else await new Promise((r) => setTimeout(r, 500));
      }
      assert.ok(mail, "the set-password mail arrived in the SMTP sink");
      assert.match(mail.subject, /비밀번호를 설정해 주세요/);
      const link =
        mail.text!.match(/https?:\/\/\S+\/password\/setup\?token=\S+/)![0];
      const url = new URL(link);

      const employee = await browser.newContext({
        javaScriptEnabled: false,
        locale: "ko-KR",
      });
      const ep = await employee.newPage();
      await ep.goto(`${app.url}${url.pathname}${url.search}`);
      await ep.fill('input[name="password"]', "emp1 first passphrase");
      await ep.fill('input[name="confirm"]', "emp1 first passphrase");
      await Promise.all([
        ep.waitForURL(/\/login\?notice=password-set/),
        ep.click('main button[type="submit"]'),
      ]);
      assert.equal(await ep.inputValue('input[name="login"]'), "emp1");
      await ep.fill('input[name="password"]', "emp1 first passphrase");
      await Promise.all([
        ep.waitForURL(`${app.url}/`),
        ep.click('main button[type="submit"]'),
      ]);
      assert.match(await ep.textContent("body") ?? "", /님, 안녕하세요/);
      await employee.close();
      await admin.close();
    } finally {
      await browser.close();
      await app.stop();
      await sink.close();
    }
  },
});
