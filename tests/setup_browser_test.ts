/**
 * Must show 1, the admin's part (issue 9), in Chromium with JavaScript disabled: the admin
 * creates a kindergarten with two classes and a round with two recruitments, a tier and a
 * beacon; a round with a bad calendar or a beacon in the past shows a message beside each bad
 * field and saves nothing. Screenshots at 390 and 1280 px go to /tmp.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { DEMO_ACCOUNTS } from "@/domain/demo.ts";
import { toSeoulLocal } from "@/utils/seoul_time.ts";
import { browserAvailable, launchBrowser } from "./browser.ts";
import { startAppProcess } from "./process.ts";
import { roundForm } from "./setup_helpers.ts";

const DAY = 24 * 60 * 60 * 1000;
const admin = DEMO_ACCOUNTS[0];

async function submit(page: Page, url: RegExp | string): Promise<void> {
  await Promise.all([
    page.waitForURL(url),
    page.click('main form button[type="submit"]:has-text("저장")'),
  ]);
}

async function fillRound(page: Page, values: Record<string, string>) {
  for (const [name, value] of Object.entries(values)) {
    const selector = `[name="${name}"]`;
    if (name.endsWith("Kind")) await page.selectOption(selector, value);
    else await page.fill(selector, value);
  }
}

function roundValues(openInDays: number): Record<string, string> {
  return {
    ...roundForm(Date.now(), openInDays),
    name: "브라우저 모집 회차",
    beaconName: "동행복권 로또 6/45 제1400회",
    fallbackKind: "nist",
    fallbackName: "NIST beacon pulse 2-3000000",
  };
}

async function rowCount(page: Page, path: string): Promise<number> {
  await page.goto(path);
  return await page.locator("main table tbody tr").count();
}

Deno.test({
  name:
    "in Chromium without JavaScript: an admin sets up a kindergarten and a round",
  ignore: !browserAvailable(),
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const app = await startAppProcess();
    const browser = await launchBrowser();
    try {
      const context = await browser.newContext({
        javaScriptEnabled: false,
        locale: "ko-KR",
        viewport: { width: 390, height: 844 },
      });
      const page = await context.newPage();
      await page.goto(`${app.url}/login`);
      await page.fill('input[name="login"]', admin.login);
      await page.fill('input[name="password"]', admin.password);
      await Promise.all([
        page.waitForURL(`${app.url}/`),
        page.click('main button[type="submit"]'),
      ]);
      let kgId = "";
      let roundUrl = "";

      await t.step("a kindergarten with two classes", async () => {
        await page.goto(`${app.url}/admin`);
        await page.click('nav.admin-nav a:has-text("어린이집")');
        await page.click('main a:has-text("어린이집 추가")');
        await page.fill('[name="name"]', "무지개 어린이집");
        await page.fill('[name="address"]', "신관 1층");
        await page.fill('[name="phone"]', "02-555-0101");
        await page.check('input[name="classes"][value="0"]');
        await page.check('input[name="classes"][value="1"]');
        await submit(page, /\/admin\/kindergartens\/\d+\?done=kgCreated/);
        kgId = page.url().match(/kindergartens\/(\d+)/)![1];
        const body = await page.textContent("main") ?? "";
        assert.match(body, /어린이집을 등록했습니다/);
        assert.match(body, /만 0세반, 만 1세반/);
      });

      await t.step("a round with a beacon", async () => {
        await page.click('nav.admin-nav a:has-text("모집 회차")');
        await page.click('main a:has-text("새 회차 만들기")');
        await fillRound(page, roundValues(3));
        await page.check('[name="requiresSecondApproval"]');
        await submit(page, /\/admin\/rounds\/\d+\?done=roundCreated/);
        roundUrl = page.url().replace(/\?.*$/, "");
        const body = await page.textContent("main") ?? "";
        assert.match(body, /회차를 만들었습니다/);
        assert.match(body, /동행복권 로또 6\/45 제1400회/);
      });

      await t.step("two recruitments, one with a tier", async () => {
        for (
          const [age, seats, tier] of [["0", "3", true], [
            "1",
            "5",
            false,
          ]] as const
        ) {
          await page.goto(roundUrl);
          await page.click('main a:has-text("모집 반 추가")');
          await page.selectOption('[name="class"]', `${kgId}:${age}`);
          await page.fill('[name="seats"]', seats);
          await page.uncheck('[name="disabilityOn"]');
          if (tier) {
            await page.check('input[name="tier1"][value="singleParent"]');
            await page.check('input[name="tier2"][value="employeeCouple"]');
          }
          if (tier) {
            await page.screenshot({
              path: "/tmp/setup-recruitment-390.png",
              fullPage: true,
            });
          }
          await submit(page, /\?done=recruitmentAdded/);
        }
        const rows = page.locator("main table tbody tr");
        assert.equal(await rows.count(), 2);
        const table = await page.textContent("main table") ?? "";
        assert.match(table, /무지개 어린이집 · 만 0세반/);
        assert.match(table, /한부모/);
        assert.match(table, /사내 부부/);
        await page.screenshot({
          path: "/tmp/setup-round-390.png",
          fullPage: true,
        });
        await page.setViewportSize({ width: 1280, height: 900 });
        await page.screenshot({
          path: "/tmp/setup-round-1280.png",
          fullPage: true,
        });
        await page.setViewportSize({ width: 390, height: 844 });
      });

      await t.step(
        "a bad calendar and a past beacon: a message beside each field, nothing saved",
        async () => {
          const before = await rowCount(page, `${app.url}/admin/rounds`);
          await page.click('main a:has-text("새 회차 만들기")');
          const values = roundValues(3);
          values.applicationsCloseAt = toSeoulLocal(new Date(Date.now() + DAY));
          values.beaconScheduledAt = toSeoulLocal(
            new Date(Date.now() - 2 * DAY),
          );
          values.waitlistsEndAt = values.secondWindowStart;
          await fillRound(page, values);
          await page.click('main form button[type="submit"]:has-text("저장")');
          await page.waitForSelector(".error-summary");
          for (
            const f of [
              "applicationsCloseAt",
              "beaconScheduledAt",
              "waitlistsEndAt",
            ]
          ) {
            const field = page.locator(`.field:has(#field-${f})`);
            assert.equal(await field.locator(".field-error").count(), 1, f);
            assert.equal(
              await page.getAttribute(`#field-${f}`, "aria-invalid"),
              "true",
            );
          }
          assert.match(
            await page.textContent(
              ".field:has(#field-beaconScheduledAt) .field-error",
            ) ?? "",
            /이미 지난 사건/,
          );
          assert.match(
            await page.textContent(
              ".field:has(#field-applicationsCloseAt) .field-error",
            ) ?? "",
            /신청 시작.*뒤여야/,
          );
          assert.equal(
            await page.inputValue('[name="beaconName"]'),
            values.beaconName,
          );
          assert.equal(await page.locator(".field-error").count(), 3);
          await page.screenshot({
            path: "/tmp/setup-bad-round-390.png",
            fullPage: true,
          });
          assert.equal(await rowCount(page, `${app.url}/admin/rounds`), before);
        },
      );
      await context.close();
    } finally {
      await browser.close();
      await app.stop();
    }
  },
});
