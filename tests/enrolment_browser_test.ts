/**
 * The enrolment import in Chromium with JavaScript disabled: an admin uploads a CP949 file on
 * the kindergarten's enrolment page, sees the preview with its bad row and reason, applies it
 * and sees the records listed. Screenshots of the preview at 390 and 1280 px go to
 * /tmp/kic-enrolment-preview-*.png.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import iconv from "iconv-lite";
import { DEMO_ACCOUNTS } from "@/domain/demo.ts";
import { browserAvailable, launchBrowser } from "./browser.ts";
import { startAppProcess } from "./process.ts";

const ADMIN = DEMO_ACCOUNTS[0];

Deno.test({
  name: "in Chromium without JavaScript: enrolment CSV preview and apply",
  ignore: !browserAvailable(),
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const app = await startAppProcess({});
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
      await page.goto(`${base}/login`);
      await page.fill('input[name="login"]', ADMIN.login);
      await page.fill('input[name="password"]', ADMIN.password);
      await Promise.all([
        page.waitForURL(`${base}/`),
        page.click('main button[type="submit"]'),
      ]);
      await page.goto(`${base}/admin/kindergartens/1/enrolments`);
      await Promise.all([
        page.waitForURL(/enrolments\/import$/),
        page.click("text=CSV로 재원 기록 가져오기"),
      ]);
      const csv = [
        "사번,아이이름,생년월일,재원시작일,재원종료일",
        `E1001,김서윤,${year - 1}-05-14,2026-03-02,`,
        `E1003,이도윤,${year - 2}-09-01,2025-03-03,2026-02-27`,
        `E1001,없는아이,${year - 2}-09-01,2025-03-03,`,
      ].join("\r\n");
      await page.setInputFiles('input[name="file"]', {
        name: "재원명단.csv",
        mimeType: "text/csv",
        buffer: Buffer.from(iconv.encode(csv, "cp949")),
      });
      await page.click('main button[type="submit"]');
      await page.waitForSelector("#row-4");
      const main = await page.textContent("main") ?? "";
      assert.match(
        main,
        /새 기록 2건, 바뀌는 기록 0건, 그대로 0건, 잘못된 줄 1개/,
      );
      assert.match(main, /이름이 없는아이이고 생년월일이 같은 아이가 없습니다/);
      for (const width of [390, 1280]) {
        await page.setViewportSize({ width, height: 900 });
        await page.screenshot({
          path: `/tmp/kic-enrolment-preview-${width}.png`,
          fullPage: true,
        });
      }
      await Promise.all([
        page.waitForURL(/created=2/),
        page.click("text=2건 반영하기"),
      ]);
      assert.match(await page.textContent("main") ?? "", /새 기록 2건/);
      await page.goto(`${base}/admin/kindergartens/1/enrolments`);
      assert.match(await page.textContent("main") ?? "", /이도윤/);
      await page.setViewportSize({ width: 390, height: 900 });
      await page.screenshot({
        path: "/tmp/kic-enrolment-list-390.png",
        fullPage: true,
      });
      await context.close();
    } finally {
      await browser.close();
      await app.stop();
    }
  },
});
