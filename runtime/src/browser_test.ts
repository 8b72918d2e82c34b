import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { fixtureHandler } from "../testdata/fixture.ts";

const CHROMIUM = "/usr/bin/chromium";
const hasChromium = (() => {
  try {
    return Deno.statSync(CHROMIUM).isFile;
  } catch {
    return false;
  }
})();

Deno.test({
  name: "browser: the island hydrates and its button changes the count",
  // Skipped only on a dev machine without Chromium; CI must have it.
  ignore: !hasChromium && !Deno.env.get("CI"),
  async fn() {
    const handler = await fixtureHandler();
    const ac = new AbortController();
    const server = Deno.serve(
      { port: 0, hostname: "127.0.0.1", signal: ac.signal, onListen() {} },
      handler,
    );
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    try {
      const page = await browser.newPage();
      page.setDefaultTimeout(10_000);
      const problems: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error" || m.type() === "warning") {
          problems.push(m.text());
        }
      });
      page.on("pageerror", (e) => problems.push(String(e)));
      await page.goto(`http://127.0.0.1:${server.addr.port}/counter`);
      // IS_BROWSER flips the text once the island has hydrated.
      await page.waitForFunction(() =>
        document.querySelector(".where")?.textContent === "browser"
      );
      assert.equal(await page.textContent(".count"), "3");
      await page.click(".counter > button");
      await page.waitForFunction(() =>
        document.querySelector(".count")?.textContent === "4"
      );
      await page.click(".counter > button");
      await page.waitForFunction(() =>
        document.querySelector(".count")?.textContent === "5"
      );
      // Server-rendered children survive hydration, and the island passed
      // as a child is interactive too.
      assert.equal(await page.textContent("em.slot"), "server child");
      await page.click(".children .badge");
      await page.waitForFunction(() =>
        document.querySelector(".children .badge")?.textContent === "nested:on"
      );
      assert.equal(await page.textContent("em.slot"), "server child");
      // The plain Badge inside the island works as part of the island.
      await page.click(".counter > .badge");
      await page.waitForFunction(() =>
        document.querySelector(".counter > .badge")?.textContent === "inner:on"
      );
      assert.equal(await page.locator(".counter").count(), 1);
      assert.deepEqual(problems, []);
      await page.close();
    } finally {
      await browser.close();
      ac.abort();
      await server.finished;
    }
  },
});
