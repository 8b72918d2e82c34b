import assert from "node:assert/strict";
import { DEMO_ACCOUNTS } from "@/domain/demo.ts";
import { browserAvailable, launchBrowser } from "./browser.ts";
import { startAppProcess } from "./process.ts";

const employee = DEMO_ACCOUNTS[1];

Deno.test({
  name:
    "in Chromium: sign-in with and without JavaScript, and the verify island hydrates",
  ignore: !browserAvailable(),
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const app = await startAppProcess();
    const browser = await launchBrowser();
    try {
      for (const javaScriptEnabled of [true, false]) {
        await t.step(
          `sign in (JavaScript ${javaScriptEnabled ? "on" : "off"})`,
          async () => {
            const context = await browser.newContext({
              javaScriptEnabled,
              locale: "ko-KR",
            });
            const page = await context.newPage();
            await page.goto(`${app.url}/login`);
            await page.fill('input[name="login"]', employee.login);
            await page.fill('input[name="password"]', employee.password);
            await Promise.all([
              page.waitForURL(`${app.url}/`),
              page.click('main button[type="submit"]'),
            ]);
            assert.match(
              await page.textContent("body") ?? "",
              new RegExp(`${employee.name}님`),
            );
            const cookies = await context.cookies();
            const session = cookies.find((c) => c.name === "kic_session");
            assert.ok(session?.httpOnly, "the session cookie is HttpOnly");
            assert.equal(session?.sameSite, "Lax");
            await context.close();
          },
        );
      }

      await t.step("a wrong password shows the message in Korean", async () => {
        const page = await browser.newPage({ locale: "ko-KR" });
        await page.goto(`${app.url}/login`);
        await page.fill('input[name="login"]', employee.login);
        await page.fill('input[name="password"]', "wrong-password");
        await page.click('main button[type="submit"]');
        await page.waitForSelector(".error-summary li");
        assert.equal(
          await page.textContent(".error-summary li"),
          "계정 또는 비밀번호가 올바르지 않습니다.",
        );
        await page.close();
      });

      await t.step(
        "the verify island hydrates: a click changes what it shows",
        async () => {
          const page = await browser.newPage({ locale: "ko-KR" });
          const errors: string[] = [];
          page.on("pageerror", (e) => errors.push(String(e)));
          page.on(
            "console",
            (m) => m.type() === "error" && errors.push(m.text()),
          );
          await page.goto(`${app.url}/verify`);
          await page.waitForLoadState("networkidle");
          assert.equal(
            await page.locator("[data-testid=verify-outcome]").count(),
            0,
          );
          await page.click("button.secondary");
          assert.match(
            await page.inputValue("textarea"),
            /kic-round-record\/2/,
          );
          await page.click('button:has-text("검증하기")');
          await page.waitForSelector("[data-testid=verify-outcome]");
          assert.match(
            await page.textContent("[data-testid=verify-outcome]") ?? "",
            /검증 통과/,
          );
          // Tamper with the record: the island names the field.
          const record = JSON.parse(await page.inputValue("textarea"));
          record.draw.results[0].u = 0.5;
          await page.fill("textarea", JSON.stringify(record));
          await page.click('button:has-text("검증하기")');
          await page.waitForFunction(() =>
            document.querySelector("[data-testid=verify-outcome]")?.textContent
              ?.includes("검증 실패")
          );
          assert.match(
            await page.textContent("[data-testid=verify-outcome]") ?? "",
            /\.u/,
          );
          assert.deepEqual(errors, []);
          await page.close();
        },
      );
    } finally {
      await browser.close();
      const status = await app.stop();
      assert.equal(status.code, 0, app.output());
    }
  },
});
