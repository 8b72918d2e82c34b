/**
 * Must show 1 of the draw, in Chromium against the real services with 3 app processes sharing
 * PostgreSQL and Redis: an admin on process 1 runs the draw from the draw page; an employee's
 * browser on process 3 watches it unfold and then sees its own result; a browser that connects
 * after the draw, and one whose stream could not connect until after the draw (it reconnects),
 * end with the full result; a stream resumed from `Last-Event-ID` repeats nothing; with
 * JavaScript disabled the round page shows the result after a reload. The verify page re-runs
 * the record in the browser ("verified"), turns a submission-mail token into its pseudonym and
 * results, and names the field of a record with one changed `u`.
 */
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { pseudonymOf, type RoundRecord } from "@/lottery/mod.ts";
import { testRealServices, testRedisUrl } from "@/services/testing/mod.ts";
import { browserAvailable, launchBrowser } from "./browser.ts";
import { DEMO_ACCOUNTS } from "./harness.ts";
import { signInCookie, startDrawCluster } from "./draw_cluster.ts";

const VALUE = "1203:3,11,19,28,35,44+7";

async function pageAs(
  browser: Browser,
  options: { base: string; login: string; password: string; js?: boolean },
): Promise<Page> {
  const cookie = await signInCookie(options.base, options);
  const context = await browser.newContext({
    javaScriptEnabled: options.js ?? true,
    locale: "ko-KR",
    reducedMotion: "reduce",
  });
  const url = new URL(options.base);
  await context.addCookies(
    cookie.split("; ").map((pair) => {
      const eq = pair.indexOf("=");
      return {
        name: pair.slice(0, eq),
        value: pair.slice(eq + 1),
        domain: url.hostname,
        path: "/",
      };
    }),
  );
  return await context.newPage();
}

Deno.test({
  name:
    "in Chromium over 3 processes: the admin draws on 1, a family watches it live on 3",
  ignore: !browserAvailable() || !testRealServices() || !testRedisUrl(),
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const cluster = await startDrawCluster();
    const browser = await launchBrowser();
    try {
      const { apps, roundId } = cluster;
      const kim = cluster.families[0];
      const child = kim.children[0].name;
      const family = { login: kim.login, password: "kic-demo-1234" };
      const roundPath = `/rounds/${roundId}`;
      // The watcher on process 3, connected before the draw.
      const watcher = await pageAs(browser, { base: apps[2].url, ...family });
      const streaming = watcher.waitForResponse((r) =>
        r.url().includes(`${roundPath}/events`)
      );
      await watcher.goto(`${apps[2].url}${roundPath}`);
      await streaming;
      await watcher.waitForSelector('[data-state="waiting"]');
      // A browser on process 2 whose stream cannot connect until after the draw.
      const late = await pageAs(browser, { base: apps[1].url, ...family });
      let refuse = true;
      await late.route(
        `**${roundPath}/events*`,
        (route) => refuse ? route.abort() : route.continue(),
      );
      await late.goto(`${apps[1].url}${roundPath}`);
      await late.waitForSelector('[data-state="waiting"]');

      // The admin runs the draw on process 1, through the draw page.
      const admin = await pageAs(browser, {
        base: apps[0].url,
        login: DEMO_ACCOUNTS[0].login,
        password: DEMO_ACCOUNTS[0].password,
      });
      await admin.goto(`${apps[0].url}/admin/rounds/${roundId}/draw`);
      await admin.fill("#field-beaconValue", VALUE);
      await admin.fill("#field-beaconValueAgain", VALUE);
      await admin.waitForSelector("text=두 값이 같습니다.");
      const drawnAt = Date.now();
      await Promise.all([
        admin.waitForURL(/done=drawn/),
        admin.click("form.draw-form button[type=submit]"),
      ]);

      // The watcher sees it unfold, then its own result.
      await watcher.waitForSelector('[data-state="drawn"]');
      console.log(`process 3 saw the draw ${Date.now() - drawnAt} ms later`);
      const own = await watcher.textContent('[data-testid="own-results"]');
      assert.ok(own?.includes(child), own ?? "");
      assert.match(own ?? "", /당첨|대기 \d+번|더 높은 지망|입소 제안/);
      assert.ok((await watcher.$$(".draw-watch .own")).length >= 1);

      // The one that could not connect reconnects and ends with the full result.
      refuse = false;
      await late.waitForSelector('[data-state="drawn"]', { timeout: 20_000 });
      assert.equal(
        await late.textContent('[data-testid="own-results"]'),
        own,
      );

      // One that connects mid-way (after the draw) gets the whole result too.
      const joiner = await pageAs(browser, { base: apps[2].url, ...family });
      await joiner.goto(`${apps[2].url}${roundPath}`);
      await joiner.waitForSelector('[data-testid="round-results"]');

      // Without JavaScript, a reload shows the result.
      const plain = await pageAs(browser, {
        base: apps[2].url,
        ...family,
        js: false,
      });
      await plain.goto(`${apps[2].url}${roundPath}`);
      const results = await plain.textContent('[data-testid="round-results"]');
      assert.ok(results?.includes(child));
      assert.ok(results?.includes(VALUE));

      // The verify page re-runs the record in the browser; a token gives its pseudonym.
      const verifier = joiner;
      await verifier.goto(`${apps[2].url}${roundPath}/verify`);
      assert.ok(
        (await verifier.textContent('[data-testid="published-digest"]'))
          ?.includes(cluster.frozen.record.digest),
      );
      await verifier.click("text=검증하기");
      await verifier.waitForSelector("text=검증 완료", { timeout: 30_000 });
      await verifier.fill("#verify-token", kim.children[0].token);
      await verifier.click("text=가명과 결과 보기");
      const mine = await verifier.textContent('[data-testid="verify-mine"]');
      const pseudonym = pseudonymOf(
        cluster.frozen.secret,
        kim.children[0].token,
      );
      assert.ok(mine?.includes(pseudonym), mine ?? "");
      assert.match(mine ?? "", /배정: /);
      // The same pseudonym was in the family's freeze mail, before anyone knew the secret.
      const freezeMails = await cluster.db.sql<{ body_text: string }>`
        select o.body_text from outbox o join accounts a on a.email = o.to_address
        where a.login = ${kim.login} and o.subject like '%추첨 명단이 확정%'`;
      assert.equal(freezeMails.length, 1, "one freeze mail to the parent");
      assert.ok(freezeMails[0].body_text.includes(pseudonym));
      // A record with one u changed: the page names that field.
      const record =
        await (await fetch(`${apps[2].url}${roundPath}/record.json`, {
          headers: { cookie: await signInCookie(apps[2].url, family) },
        })).json() as RoundRecord;
      const victim = record.draw!.results[1];
      victim.u = victim.u / 3;
      await verifier.route(
        `**${roundPath}/record.json`,
        (route) => route.fulfill({ json: record }),
      );
      await verifier.reload();
      await verifier.click("text=검증하기");
      const failed = await verifier.waitForSelector(
        '[data-testid="verify-outcome"]',
      );
      assert.ok(
        (await failed.textContent())?.includes(
          `draw.results[${victim.pseudonym}].u`,
        ),
      );

      // A stream resumed after the `drawn` event repeats nothing; one from before gets it once.
      const cookie = await signInCookie(apps[1].url, family);
      const [drawn] = await cluster.db.sql<{ id: number }>`
        select id from round_events where round_id = ${roundId} and kind = 'drawn'`;
      const readFor = async (lastId: number) => {
        const ctl = new AbortController();
        const res = await fetch(`${apps[1].url}${roundPath}/events`, {
          headers: { cookie, "last-event-id": String(lastId) },
          signal: ctl.signal,
        });
        const reader = res.body!.pipeThrough(new TextDecoderStream())
          .getReader();
        let text = "";
        const stop = setTimeout(() => ctl.abort(), 1500);
        try {
          while (true) {
            const { value, done } = await reader.read();
            if (done) break;
            text += value;
          }
        } catch { /* aborted */ }
        clearTimeout(stop);
        return (text.match(/event: drawn/g) ?? []).length;
      };
      assert.equal(await readFor(Number(drawn.id)), 0);
      assert.equal(await readFor(Number(drawn.id) - 1), 1);
    } finally {
      await browser.close();
      await cluster.close();
    }
  },
});
