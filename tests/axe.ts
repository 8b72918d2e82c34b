/**
 * axe-core in a Playwright page, shared by the accessibility tests: runs it and keeps the
 * serious and critical violations, and describes them for an assertion message.
 *
 * @module
 */
import axe from "axe-core";
import type { Page } from "playwright-core";
import { browserAvailable, launchBrowser } from "./browser.ts";
import { startTestApp, type TestApp } from "./harness.ts";

/** One axe-core violation, as much of it as the tests report. */
export interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** Runs axe-core in the page (injected once per document); returns the serious and critical. */
export async function seriousViolations(page: Page): Promise<Violation[]> {
  const injected = await page.evaluate(() => "axe" in globalThis);
  if (!injected) await page.addScriptTag({ content: axe.source });
  const violations = await page.evaluate(async () => {
    // deno-lint-ignore no-explicit-any
    const result = await (globalThis as any).axe.run(document, {
      resultTypes: ["violations"],
    });
    return result.violations as Violation[];
  });
  return violations.filter((v) =>
    v.impact === "serious" || v.impact === "critical"
  );
}

/** One line per violation: impact, rule, help and where. */
export function describe(violations: Violation[]): string {
  return violations.map((v) =>
    `${v.impact} ${v.id}: ${v.help} at ${
      v.nodes.map((n) => n.target.join(" ")).join(", ")
    }`
  ).join("\n");
}

/** The app served on a real port and a Chromium page ready for axe-core. */
export interface AxeRun {
  app: TestApp;
  origin: string;
  page: Page;
  close(): Promise<void>;
}

/** Starts the test app on a port and Chromium with a Korean page that may inject axe-core. */
export async function startAxeRun(): Promise<AxeRun> {
  const app = await startTestApp();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    (req, info) => app.app.handler(req, info),
  );
  const browser = await launchBrowser().catch(async (e) => {
    await server.shutdown();
    await app.close();
    throw e;
  });
  // bypassCSP lets the test inject axe-core; the app itself allows no inline script.
  const context = await browser.newContext({
    locale: "ko-KR",
    bypassCSP: true,
  });
  return {
    app,
    origin: `http://127.0.0.1:${server.addr.port}`,
    page: await context.newPage(),
    async close() {
      await browser.close();
      await server.shutdown();
      await app.close();
    },
  };
}

/** A Deno test with an `AxeRun`, skipped when Chromium is missing (except under CI). */
export function axeTest(
  name: string,
  fn: (run: AxeRun, t: Deno.TestContext) => Promise<void>,
): void {
  Deno.test({
    name,
    ignore: !browserAvailable(),
    sanitizeResources: false,
    sanitizeOps: false,
    async fn(t) {
      const run = await startAxeRun();
      try {
        await fn(run, t);
      } finally {
        await run.close();
      }
    },
  });
}
