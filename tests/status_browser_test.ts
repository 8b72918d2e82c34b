/**
 * The family's status page in Chromium (issue 11, must show 5): axe-core finds no serious or
 * critical violation at phone (390 px) and desktop (1280 px) widths, while the odds are being
 * computed and once they are shown (simulated, with a rejected document and its reason), and
 * before the family has applied. Screenshots go to `STATUS_SHOTS` when it is set.
 */
import assert from "node:assert/strict";
import { runOddsRequests } from "@/domain/odds.ts";
import { systemClock } from "@/services/clock.ts";
import { axeTest, describe, seriousViolations } from "./axe.ts";
import { DEMO_ACCOUNTS } from "./harness.ts";
import { statusWorld } from "./odds_helpers.ts";

const SHOTS = Deno.env.get("STATUS_SHOTS");

axeTest(
  "status page: no serious or critical violation, computing, shown and empty",
  async ({ app, origin, page }, t) => {
    const { db, cache } = app.app.services;
    const w = await statusWorld(app, ["k1-age0", "k2-age1"]);
    const path = `${origin}/rounds/${w.roundId}/status`;
    const signIn = async (login: string, password: string) => {
      await page.goto(`${origin}/login`);
      await page.fill('input[name="login"]', login);
      await page.fill('input[name="password"]', password);
      await Promise.all([
        page.waitForURL((u) => !u.pathname.startsWith("/login")),
        page.click('main button[type="submit"]'),
      ]);
    };
    const check = async (name: string) => {
      await t.step(name, async () => {
        for (const width of [390, 1280]) {
          await page.setViewportSize({ width, height: 900 });
          const found = await seriousViolations(page);
          assert.deepEqual(found, [], `${name} @${width}: ${describe(found)}`);
          if (SHOTS) {
            await page.screenshot({
              path: `${SHOTS}/status-${name}-${width}.png`,
              fullPage: true,
            });
          }
        }
      });
    };

    await signIn(DEMO_ACCOUNTS[1].login, DEMO_ACCOUNTS[1].password);
    await page.goto(path);
    assert.match(await page.textContent("main") ?? "", /계산하고 있습니다/);
    await check("computing");

    await runOddsRequests({ db, cache, clock: systemClock, owner: "test" });
    await page.goto(path);
    const text = await page.textContent("main") ?? "";
    assert.match(text, /모의 추첨/);
    assert.match(text, /반려 사유: 이름이 가려져 있지 않습니다/);
    await check("shown");

    await page.context().clearCookies();
    await signIn(DEMO_ACCOUNTS[2].login, DEMO_ACCOUNTS[2].password);
    await page.goto(path);
    assert.match(await page.textContent("main") ?? "", /아직 제출한 신청서가/);
    await check("empty");
  },
);
