/**
 * Issue 10, must show 5: axe-core finds no serious or critical violation on any employee page,
 * in Chromium, at phone (390 px) and desktop (1280 px) widths, and a page that renders no
 * island ships no JavaScript at all (no `<script`), while the verify page (an island) ships
 * exactly one module script.
 *
 * The pages are every non-admin page of the manifest (`tests/employee_routes.ts`, with real ids),
 * signed out and signed in, plus the states a parent meets: an empty and a filled child list,
 * the application fresh, refused and submitted, a document refused beside its file field, and a
 * failed sign-in. Skipped when Chromium is missing, except under CI, where it must run.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import type { Response } from "playwright-core";
import { axeTest, describe, seriousViolations } from "./axe.ts";
import { demoRound, PDF } from "./apply_helpers.ts";
import { employeePages, resolveEmployeeUrl } from "./employee_routes.ts";
import { DEMO_ACCOUNTS } from "./harness.ts";

const KIM = DEMO_ACCOUNTS[1];

/** `<script` tags in the HTML as served, and whether the page renders an island. */
function scripts(html: string) {
  return {
    all: html.match(/<script\b/gi)?.length ?? 0,
    modules: html.match(/<script\b[^>]*type="module"/gi)?.length ?? 0,
    island: html.includes("<!--frsh-island:"),
  };
}

axeTest(
  "axe-core: no serious or critical violation on any employee page; no JS without islands",
  async ({ app, origin, page }, t) => {
    const db = app.app.services.db;
    const roundId = await demoRound(app);
    const seen = new Set<string>();
    const islandPages = new Set<string>();

    // The last document the page loaded (after any redirect), to read its HTML as served.
    let served: Response | null = null;
    page.on("response", (res) => {
      if (
        res.request().isNavigationRequest() &&
        res.frame() === page.mainFrame() &&
        (res.status() < 300 || res.status() >= 400)
      ) served = res;
    });
    /** Checks the page as it is now, at both widths, and its scripts. */
    const check = async (name: string) => {
      seen.add(new URL(page.url()).pathname);
      await t.step(name, async () => {
        assert.ok(served, `${name}: no document loaded`);
        assert.equal(served.url(), page.url(), `${name}: the document shown`);
        const s = scripts(await served.text());
        if (s.island) {
          islandPages.add(new URL(page.url()).pathname);
          assert.equal(s.modules, 1, `${name}: one module script`);
        } else assert.equal(s.all, 0, `${name}: no island, no script`);
        for (const width of [390, 1280]) {
          await page.setViewportSize({ width, height: 900 });
          const found = await seriousViolations(page);
          assert.equal(
            found.length,
            0,
            `${width}px ${name}\n${describe(found)}`,
          );
        }
      });
    };
    const visit = async (url: string, name = url) => {
      const res = await page.goto(`${origin}${url}`);
      assert.ok((res?.status() ?? 500) < 500, `${url}: ${res?.status()}`);
      await check(name);
    };
    /** Submits the form without the browser's own checks, as a browser without them would. */
    const submitRaw = async (selector: string) => {
      await Promise.all([
        page.waitForNavigation(),
        page.evaluate((sel) => {
          const button = document.querySelector(sel) as HTMLButtonElement;
          button.form!.noValidate = true;
          button.form!.requestSubmit(button);
        }, selector),
      ]);
    };

    // --- signed out ---------------------------------------------------------------------
    await visit("/", "home, signed out");
    await visit("/login");
    await visit("/password/reset");
    await visit("/verify");
    await page.goto(`${origin}/login`);
    await page.fill('input[name="login"]', KIM.login);
    await page.fill('input[name="password"]', "wrong password");
    await Promise.all([
      page.waitForNavigation(),
      page.click('main button[type="submit"]'),
    ]);
    await check("login with an error");

    // --- signed in ----------------------------------------------------------------------
    await page.goto(`${origin}/login`);
    await page.fill('input[name="login"]', KIM.login);
    await page.fill('input[name="password"]', KIM.password);
    await Promise.all([
      page.waitForNavigation(),
      page.click('main button[type="submit"]'),
    ]);
    await visit("/", "home, signed in");
    await visit("/children", "children, empty");
    await page.fill('input[name="name"]', "김가온");
    await page.fill('input[name="birthDate"]', "2024-02-30");
    await submitRaw('main form button[type="submit"]');
    await check("children with an error");
    const year = Number(
      new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 4),
    );
    await page.fill('input[name="name"]', "김가온");
    await page.fill('input[name="birthDate"]', `${year - 1}-03-01`);
    await Promise.all([
      page.waitForURL(/done=added/),
      page.click('main form button[type="submit"]'),
    ]);
    await check("children with a child");
    const [child] = await db.sql<{ id: number }>`
        select id from children where name = '김가온'`;
    const ids = { "children/id": Number(child.id), "rounds/id": roundId };

    for (const p of employeePages()) {
      await visit(resolveEmployeeUrl(p, ids), `${p.pattern}, signed in`);
    }

    // The application: fresh, refused (no documents yet), then submitted.
    const apply = `/rounds/${roundId}/apply`;
    await visit(apply, "apply, fresh");
    await page.selectOption(`select[name="choice-${child.id}-1"]`, {
      index: 1,
    });
    await page.fill('input[name="childrenCount"]', "1");
    await submitRaw('button[name="intent"][value="submit"]');
    assert.ok(await page.locator("#field-documents-error").count());
    await check("apply with errors");

    // Documents: a zero-byte file is refused beside its field; then every document uploaded.
    const docs = `/rounds/${roundId}/documents`;
    await page.goto(`${origin}${docs}`);
    await page.setInputFiles('main form input[type="file"]', {
      name: "empty.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.alloc(0),
    });
    await submitRaw('main form button[type="submit"]');
    assert.ok(await page.locator(".field-error").count());
    await check("documents with an error beside a file field");
    await page.goto(`${origin}${docs}`);
    // A parent alone with no factor ticked needs only the resident register.
    const kinds = ["resident_register"];
    for (const kind of kinds) {
      const section = page.locator(`#doc-${kind}`);
      await section.locator('input[type="file"]').setInputFiles({
        name: `${kind}.pdf`,
        mimeType: "application/pdf",
        buffer: Buffer.from(PDF),
      });
      await Promise.all([
        page.waitForURL(new RegExp(`done=${kind}`)),
        section.locator('button[type="submit"]').click(),
      ]);
    }
    await check("documents, all uploaded");
    await page.goto(`${origin}${apply}`);
    await page.selectOption(`select[name="choice-${child.id}-1"]`, {
      index: 1,
    });
    await page.fill('input[name="childrenCount"]', "1");
    await Promise.all([
      page.waitForURL(/done=/),
      page.click('button[name="intent"][value="submit"]'),
    ]);
    await check("apply, after submit");
    await visit(`/rounds/${roundId}`, "round, after submit");
    await visit("/no-such-page", "the not-found page");

    // Every page of the manifest was checked, and the verify island was among them.
    for (const p of employeePages()) {
      const url = resolveEmployeeUrl(p, ids);
      assert.ok(seen.has(url), `${url} was not checked`);
    }
    assert.ok(
      islandPages.has("/verify"),
      "the verify page renders an island",
    );
  },
);
