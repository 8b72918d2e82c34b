/**
 * Must show 1 in Chromium with JavaScript disabled, on a phone-sized screen: a parent adds two
 * children, saves a draft, signs out, comes back, uploads the documents and submits, and sees
 * "in review"; the submission mail caught by the SMTP sink holds the children's and the unit's
 * tokens; the spouse (HR link) signs in and sees the same application. Screenshots of each page
 * at 390 and 1280 px go to /tmp/kic-apply-*.png.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import type { Page } from "playwright-core";
import { DEMO_ACCOUNTS } from "@/domain/demo.ts";
import { parseMail } from "@/services/mail_parse.ts";
import { startSmtpSink } from "@/services/testing/local_servers.ts";
import { PDF } from "./apply_helpers.ts";
import { browserAvailable, launchBrowser } from "./browser.ts";
import { startAppProcess } from "./process.ts";

const LEE = DEMO_ACCOUNTS[2];
const PARK = DEMO_ACCOUNTS[3];

async function signIn(
  page: Page,
  base: string,
  who: { login: string; password: string },
) {
  await page.goto(`${base}/login`);
  await page.fill('input[name="login"]', who.login);
  await page.fill('input[name="password"]', who.password);
  await Promise.all([
    page.waitForURL(`${base}/`),
    page.click('main button[type="submit"]'),
  ]);
}

async function shoot(page: Page, name: string) {
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({
      path: `/tmp/kic-apply-${name}-${width}.png`,
      fullPage: true,
    });
  }
  await page.setViewportSize({ width: 390, height: 900 });
}

Deno.test({
  name:
    "in Chromium without JavaScript: two children, draft, documents, submit, mail, spouse",
  ignore: !browserAvailable(),
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const sink = await startSmtpSink();
    const app = await startAppProcess({ SMTP_URL: sink.url });
    const browser = await launchBrowser();
    try {
      const base = app.url;
      const year = Number(
        new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 4),
      );
      const context = await browser.newContext({
        javaScriptEnabled: false,
        locale: "ko-KR",
        viewport: { width: 390, height: 900 },
      });
      const page = await context.newPage();
      await signIn(page, base, LEE);
      await shoot(page, "home-before");
      // Two children.
      for (const name of ["이가온", "이나온"]) {
        await page.goto(`${base}/children`);
        await page.fill('input[name="name"]', name);
        await page.fill('input[name="birthDate"]', `${year - 1}-03-01`);
        await Promise.all([
          page.waitForURL(/done=added/),
          page.click('main form button[type="submit"]'),
        ]);
      }
      assert.match(await page.textContent("main") ?? "", /이나온/);
      await shoot(page, "children");
      // The application, from the home's next step.
      await page.goto(`${base}/`);
      await Promise.all([
        page.waitForURL(/\/apply$/),
        page.click("text=신청서 작성하기"),
      ]);
      for (const name of ["이가온", "이나온"]) {
        const set = page.locator("fieldset", { hasText: name });
        await set.locator("select").nth(0).selectOption({ index: 1 });
        await set.locator("select").nth(1).selectOption({ index: 2 });
      }
      await page.check('input[name="linked"] >> nth=2');
      await page.check('input[name="linked"] >> nth=3');
      await page.fill('input[name="childrenCount"]', "4");
      await page.check('input[name="dualIncome"]');
      await Promise.all([
        page.waitForURL(/done=draft/),
        page.click('button[value="draft"]'),
      ]);
      assert.match(await page.textContent("main") ?? "", /임시 저장했습니다/);
      await shoot(page, "apply-draft");
      // Sign out, come back.
      await Promise.all([
        page.waitForURL(`${base}/`),
        page.click('nav form[action="/logout"] button'),
      ]);
      await signIn(page, base, LEE);
      assert.match(
        await page.textContent("main") ?? "",
        /임시 저장한 신청서가 있습니다/,
      );
      // Documents: a truncated one first (refused, beside its field), then the real ones.
      await page.goto(`${base}/rounds/1/documents`);
      const section = (kind: string) => page.locator(`#doc-${kind}`);
      await section("resident_register").locator('input[type="file"]')
        .setInputFiles({
          name: "등본.pdf",
          mimeType: "application/pdf",
          buffer: Buffer.from(PDF.slice(0, 30)),
        });
      await section("resident_register").locator('button[type="submit"]')
        .click();
      await page.waitForSelector("#field-document-resident_register-error");
      await shoot(page, "documents-error");
      for (const kind of ["resident_register", "family_register"]) {
        await section(kind).locator('input[type="file"]').setInputFiles({
          name: `${kind}.pdf`,
          mimeType: "application/pdf",
          buffer: Buffer.from(PDF),
        });
        await Promise.all([
          page.waitForURL(new RegExp(`done=${kind}`)),
          section(kind).locator('button[type="submit"]').click(),
        ]);
      }
      await shoot(page, "documents");
      // Submit.
      await page.goto(`${base}/rounds/1/apply`);
      await Promise.all([
        page.waitForURL(/done=submitted/),
        page.click('button[value="submit"]'),
      ]);
      const main = await page.textContent("main") ?? "";
      assert.match(main, /제출 완료, 검토 중/);
      await shoot(page, "apply-submitted");
      await page.goto(`${base}/`);
      assert.match(await page.textContent("main") ?? "", /제출 완료, 검토 중/);
      await shoot(page, "home-after");
      // The mail, to both parents, with both children's tokens and the unit's.
      const mails = await sink.waitFor(2, 60_000);
      const lee = mails.map((m) => parseMail(m.raw)).find((m) =>
        m.to.includes("lee.minho")
      );
      assert.ok(lee?.text, "lee.minho got the mail");
      for (const name of ["이가온", "이나온"]) {
        assert.match(lee.text, new RegExp(`${name} — 추첨 토큰 [0-9a-f]{32}`));
      }
      assert.match(lee.text, /묶음 추첨 토큰 [0-9a-f]{32}/);
      await context.close();
      // The spouse sees the same application.
      const spouse = await browser.newContext({
        javaScriptEnabled: false,
        locale: "ko-KR",
        viewport: { width: 390, height: 900 },
      });
      const p2 = await spouse.newPage();
      await signIn(p2, base, PARK);
      await p2.goto(`${base}/rounds/1/apply`);
      const seen = await p2.textContent("main") ?? "";
      assert.match(seen, /제출 완료, 검토 중/);
      assert.match(seen, /이가온/);
      await shoot(p2, "apply-spouse");
      await spouse.close();
    } finally {
      await browser.close();
      await app.stop();
      await sink.close();
    }
  },
});
