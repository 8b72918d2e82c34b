/**
 * axe-core finds no serious or critical violation on the draw's pages in the states that the
 * manifest-driven suites never reach (they see no frozen round): the draw page of a frozen round
 * (with a refused value), the family's round page while watching and after the draw, the class
 * lists, the verify page and the amendment page, at 390 and 1280 px.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { axeTest, describe, seriousViolations } from "./axe.ts";
import { DEMO_ACCOUNTS } from "./harness.ts";
import { frozenTestRound } from "./frozen_round.ts";

async function signIn(
  page: Page,
  origin: string,
  login: string,
  password: string,
) {
  await page.context().clearCookies();
  await page.goto(`${origin}/login`);
  await page.fill('input[name="login"]', login);
  await page.fill('input[name="password"]', password);
  await Promise.all([
    page.waitForURL(`${origin}/`),
    page.click('main button[type="submit"]'),
  ]);
}

async function check(page: Page, url: string) {
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(url);
    const found = await seriousViolations(page);
    assert.equal(found.length, 0, `${url} at ${width}px:\n${describe(found)}`);
  }
}

axeTest(
  "axe-core: the draw's pages, frozen and drawn",
  async ({ app, origin, page }) => {
    const services = app.app.services;
    const { roundId, families } = await frozenTestRound(services, {
      now: new Date(),
      extra: 3,
      seats: { "k1-age1": 1, "k2-age1": 1 },
    });
    const admin = DEMO_ACCOUNTS[0];
    const family = families[0];
    await signIn(page, origin, family.login, "kic-demo-1234");
    await check(page, `${origin}/rounds/${roundId}`);
    await signIn(page, origin, admin.login, admin.password);
    const draw = `${origin}/admin/rounds/${roundId}/draw`;
    await check(page, draw);
    await page.fill("#field-beaconValue", "3,11");
    await page.fill("#field-beaconValueAgain", "3,12");
    await page.click("form.draw-form button[type=submit]");
    await page.waitForSelector(".error-summary");
    assert.equal((await seriousViolations(page)).length, 0);
    const value = "1203:3,11,19,28,35,44+7";
    await page.fill("#field-beaconValue", value);
    await page.fill("#field-beaconValueAgain", value);
    await Promise.all([
      page.waitForURL(/done=drawn/),
      page.click("form.draw-form button[type=submit]"),
    ]);
    assert.equal((await seriousViolations(page)).length, 0);
    for (const path of ["results", "amend"]) {
      await check(page, `${origin}/admin/rounds/${roundId}/${path}`);
    }
    await check(page, `${origin}/rounds/${roundId}/verify`);
    await signIn(page, origin, family.login, "kic-demo-1234");
    await check(page, `${origin}/rounds/${roundId}`);
    await check(page, `${origin}/rounds/${roundId}/verify`);
  },
);
