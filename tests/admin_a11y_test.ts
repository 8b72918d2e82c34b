/**
 * Issue 9, must show 7: axe-core finds no serious or critical violation on any admin page, in
 * Chromium, at phone (390 px) and desktop (1280 px) widths. The pages are every admin GET route
 * of the manifest (with a real id for parameters, `tests/admin_routes.ts`), plus the states a
 * person meets: a form that came back with errors, a confirmation, an empty search, a filter
 * with a bad date. Skipped when Chromium is missing, except under CI, where it must run.
 */
import assert from "node:assert/strict";
import { axeTest, describe, seriousViolations } from "./axe.ts";
import { adminRoutes, resolveAdminUrl } from "./admin_routes.ts";
import { DEMO_ACCOUNTS } from "./harness.ts";

const ADMIN = DEMO_ACCOUNTS[0];

axeTest(
  "axe-core: no serious or critical violation on any admin page",
  async ({ app, origin, page }, t) => {
    await page.goto(`${origin}/login?next=/admin`);
    await page.fill('input[name="login"]', ADMIN.login);
    await page.fill('input[name="password"]', ADMIN.password);
    await Promise.all([
      page.waitForURL(`${origin}/admin`),
      page.click('main button[type="submit"]'),
    ]);

    const db = app.app.services.db;
    const urls: string[] = [];
    for (const route of adminRoutes()) {
      if (route.methods.has("GET")) {
        const url = await resolveAdminUrl(
          db,
          route,
          app.app.services.storage,
        );
        // Downloads (a sample CSV) are not pages: there is nothing for axe to read.
        const probe = await page.request.get(`${origin}${url}`);
        const type = probe.headers()["content-type"] ?? "";
        if (type.startsWith("text/html")) urls.push(url);
      }
    }
    assert.ok(urls.length >= 4);

    /** A page state reached by doing something on it first. */
    let created = 0;
    const states: [string, () => Promise<void>][] = [
      ["the employee form with errors", async () => {
        await page.goto(`${origin}/admin/employees/new`);
        await page.fill('input[name="login"]', "Bad Login!");
        await page.fill('input[name="email"]', "nope");
        await page.evaluate(() => {
          // Past the browser's own checks, as a browser without them would send it.
          const form = document.querySelector("main form") as HTMLFormElement;
          form.noValidate = true;
          form.requestSubmit();
        });
        await page.waitForSelector(".error-summary");
      }],
      ["a confirmation after an action", async () => {
        created++;
        await page.goto(`${origin}/admin/employees/new`);
        await page.fill('input[name="nameKo"]', "한지민");
        await page.fill('input[name="login"]', `han.jimin${created}`);
        await page.fill('input[name="email"]', "han.jimin@kic.example");
        await page.fill('input[name="employeeNo"]', `E300${created}`);
        await page.fill('input[name="joinDate"]', "2021-03-02");
        await Promise.all([
          page.waitForURL(/done=created/),
          page.click('main form button[type="submit"]'),
        ]);
      }],
      ["an empty search", async () => {
        await page.goto(`${origin}/admin/employees?q=zzzz-nobody`);
      }],
      ["the audit log filter with a bad date", async () => {
        await page.goto(`${origin}/admin/audit?from=2026-02-31`);
      }],
      ["the audit log with entries", async () => {
        await page.goto(`${origin}/admin/audit`);
        await page.waitForSelector("table");
      }],
      ["a rejection without a reason (review)", async () => {
        const review = urls.find((u) => /^\/admin\/review\/\d+$/.test(u));
        await page.goto(`${origin}${review}`);
        await page.click("section.review-doc form:has(textarea) button");
        await page.waitForSelector(".error-summary");
      }],
      ["a refused deactivation (box not ticked)", async () => {
        await page.goto(`${origin}/admin/employees/2`);
        await page.click('form:has(input[name="confirm"]) button');
        await page.waitForSelector(".error-summary");
      }],
    ];

    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      for (const url of urls) {
        await t.step(`${width}px ${url}`, async () => {
          const res = await page.goto(`${origin}${url}`);
          assert.equal(res?.status(), 200, url);
          const found = await seriousViolations(page);
          assert.equal(found.length, 0, `${url}\n${describe(found)}`);
        });
      }
      for (const [name, reach] of states) {
        await t.step(`${width}px ${name}`, async () => {
          await reach();
          const found = await seriousViolations(page);
          assert.equal(found.length, 0, `${name}\n${describe(found)}`);
        });
      }
    }
  },
);
