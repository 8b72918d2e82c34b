/**
 * Issue 12, must show 1, in Chromium against the app on a real port (the real services with
 * `KIC_TEST_REAL=1`, the embedded defaults otherwise): two families submit through the app
 * (their submission mails carry the lottery tokens); the admin tries to freeze with a pending
 * application and is refused; excludes it with a reason; is refused again for a duplicated
 * child; resolves it by excluding the duplicate; freezes. The family sees the digest, the
 * commitment, the beacon and its own pseudonym on the round's page; the same values arrive by
 * mail; and the pseudonym equals HMAC(secret, token) for the token of the submission mail,
 * with the secret unsealed under the configuration's DRAW_SECRET_KEY. Screenshots of the
 * freeze page and the round page at 390 and 1280 px go to /tmp/kic-freeze-*.png.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { DEMO_ACCOUNTS } from "@/domain/demo.ts";
import { unsealDrawSecret } from "@/domain/draw_secret.ts";
import { pseudonymOf } from "@/lottery/mod.ts";
import { setTestClockOffset } from "@/services/clock.ts";
import {
  accountId,
  applyPage,
  classIds,
  postParams,
  upload,
} from "./apply_helpers.ts";
import { describe, seriousViolations } from "./axe.ts";
import { browserAvailable, launchBrowser } from "./browser.ts";
import { addEmployee, fileApplication, freezableAt } from "./freeze_helpers.ts";
import { Client } from "./harness.ts";
import { type DeliveredMail, startMailApp } from "./mailbox.ts";

const [ADMIN, KIM, LEE] = DEMO_ACCOUNTS;

/** No serious or critical axe-core violation on the page as it is now. */
async function accessible(page: Page, what: string) {
  const violations = await seriousViolations(page);
  assert.deepEqual(violations, [], `${what}:\n${describe(violations)}`);
}

async function shoot(page: Page, name: string) {
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({
      path: `/tmp/kic-freeze-${name}-${width}.png`,
      fullPage: true,
    });
  }
  await page.setViewportSize({ width: 390, height: 900 });
}

async function signIn(
  page: Page,
  base: string,
  who: { login: string; password: string },
) {
  await page.goto(`${base}/login`);
  await page.fill('input[name="login"]', who.login);
  await page.fill('input[name="password"]', who.password);
  await Promise.all([
    page.waitForURL(`${base}/`),
    page.click('main button[type="submit"]'),
  ]);
}

/** Submits the family's application through the app (documents, then the form). */
async function submit(
  c: Client,
  options: {
    roundId: number;
    choices: Record<number, number[]>;
    linked?: number[];
    documents: string[];
    childrenCount: number;
  },
) {
  for (const kind of options.documents) {
    const res = await upload(c, { roundId: options.roundId, kind });
    assert.equal(res.status, 303, kind);
  }
  const page = await applyPage(c, options.roundId);
  const params = new URLSearchParams({
    _csrf: page.csrf,
    version: page.version,
    childrenCount: String(options.childrenCount),
    intent: "submit",
  });
  for (const [child, recs] of Object.entries(options.choices)) {
    recs.forEach((r, i) =>
      params.append(`choice-${child}-${i + 1}`, String(r))
    );
  }
  for (const id of options.linked ?? []) params.append("linked", String(id));
  const res = await postParams(c, {
    path: `/rounds/${options.roundId}/apply`,
    params,
  });
  assert.equal(res.status, 303, await res.text());
}

function mailTo(mails: DeliveredMail[], login: string, subject: RegExp) {
  return mails.filter((m) =>
    m.to === `${login}@kic.example` && subject.test(m.subject)
  ).at(-1);
}

async function forceFreeze(page: Page) {
  // The button is disabled while something blocks; the POST re-checks anyway.
  await page.$eval(
    'button[value="freeze"]',
    (b) => (b as HTMLButtonElement).disabled = false,
  );
  await Promise.all([
    page.waitForLoadState("load"),
    page.click('button[value="freeze"]'),
  ]);
}

async function exclude(page: Page, options: { id: number; reason: string }) {
  await page.selectOption('select[name="application"]', String(options.id));
  await page.fill('textarea[name="reason"]', options.reason);
  await Promise.all([
    page.waitForURL(/done=excluded/),
    page.click('button[value="exclude"]'),
  ]);
}

Deno.test({
  name:
    "in Chromium: refused while pending and duplicated, exclude, freeze, published and mailed",
  ignore: !browserAvailable(),
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const app = await startMailApp();
    const { services } = app.app;
    const db = services.db;
    const server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen: () => {} },
      (req, info) => app.app.handler(req, info),
    );
    const base = `http://127.0.0.1:${server.addr.port}`;
    const browser = await launchBrowser();
    try {
      const [r] = await db.sql<{ id: number }>`select id from rounds`;
      const roundId = Number(r.id);
      // Two families submit through the app; their mails carry the tokens.
      const kimChild = (await db.sql<{ id: number; birth_date: string }>`
        select id, birth_date::text from children where name = '김서윤'`)[0];
      const twins = (await db.sql<{ id: number }>`
        select id from children where name in ('이도윤', '이하윤') order by id`)
        .map((c) => Number(c.id));
      const age1 = await classIds(app, { roundId, age: 1 });
      const age2 = await classIds(app, { roundId, age: 2 });
      const kim = new Client(app);
      await kim.signIn(KIM.login, KIM.password);
      await submit(kim, {
        roundId,
        choices: { [kimChild.id]: age1 },
        documents: ["resident_register"],
        childrenCount: 1,
      });
      const lee = new Client(app);
      await lee.signIn(LEE.login, LEE.password);
      await submit(lee, {
        roundId,
        choices: { [twins[0]]: age2, [twins[1]]: age2 },
        linked: twins,
        documents: ["resident_register", "family_register"],
        childrenCount: 2,
      });
      const submitted = await app.mail();
      const kimSubmission = mailTo(submitted, KIM.login, /신청/);
      const token = kimSubmission?.text.match(
        /김서윤 — 추첨 토큰 ([0-9a-f]{32})/,
      )?.[1];
      assert.ok(token, "kim's submission mail holds the child's token");
      // Review (the 0010 contract): kim accepted; lee left pending. A third family names
      // kim's child again (a missing HR link): a duplicate, also pending.
      const [kimApp] = await db.sql<{ id: number }>`
        select id from applications where family_key = ${await accountId(
        app,
        KIM.login,
      )}`;
      await db.sql`update documents set status = 'accepted'
        where application_id = ${kimApp.id}`;
      await db
        .sql`update applications set status = 'accepted' where id = ${kimApp.id}`;
      const [leeApp] = await db.sql<{ id: number }>`
        select id from applications where family_key = ${await accountId(
        app,
        LEE.login,
      )}`;
      await addEmployee(db, {
        login: "choi.dup",
        name: "최중복",
        child: "김서윤",
        birthDate: kimChild.birth_date,
      });
      const choiApp = await fileApplication(db, {
        roundId,
        login: "choi.dup",
        children: ["김서윤"],
      });
      // The window has closed: move every clock to a day after it.
      const at = await freezableAt(db, roundId);
      await setTestClockOffset(services, at.getTime() - Date.now());

      const adminContext = await browser.newContext({
        locale: "ko-KR",
        bypassCSP: true,
        viewport: { width: 390, height: 900 },
      });
      const admin = await adminContext.newPage();
      await signIn(admin, base, ADMIN);
      const freezeUrl = `${base}/admin/rounds/${roundId}/freeze`;
      for (let i = 0; i < 50; i++) {
        await admin.goto(freezeUrl);
        if (!/신청 기간이/.test(await admin.textContent("main") ?? "")) break;
        await new Promise((ok) => setTimeout(ok, 100));
      }
      let main = await admin.textContent("main") ?? "";
      assert.match(main, /검토가 끝나지 않은 신청이 2건/);
      assert.match(main, /같은 아이가 여러 신청에 들어 있습니다/);
      assert.ok(
        await admin.locator('button[value="freeze"]').isDisabled(),
        "the button is disabled while something blocks",
      );
      assert.equal(
        await admin.locator(`a[href="/admin/review/${leeApp.id}"]`).count() > 0,
        true,
      );
      await shoot(admin, "blocked");
      await accessible(admin, "the freeze page, blocked");
      // Refused with a pending application.
      await forceFreeze(admin);
      assert.match(
        await admin.textContent("main") ?? "",
        /동결하지 못했습니다/,
      );
      const [noDraw] = await db.sql<{ n: number }>`
        select count(*)::int as n from draws`;
      assert.equal(noDraw.n, 0);
      // Exclude it with a reason; the duplicated child still refuses the freeze.
      await exclude(admin, {
        id: Number(leeApp.id),
        reason: "서류 보완 기한이 지났습니다",
      });
      main = await admin.textContent("main") ?? "";
      assert.match(main, /신청을 제외하고 가족에게 메일로 알렸습니다/);
      assert.match(main, /같은 아이가 여러 신청에 들어 있습니다/);
      await forceFreeze(admin);
      assert.match(
        await admin.textContent("main") ?? "",
        /동결하지 못했습니다/,
      );
      // Resolve the duplicate, then freeze.
      await admin.goto(freezeUrl);
      await exclude(admin, { id: choiApp, reason: "중복 신청입니다" });
      assert.match(await admin.textContent("main") ?? "", /막는 것이 없습니다/);
      await shoot(admin, "ready");
      await Promise.all([
        admin.waitForURL(/done=frozen/),
        admin.click('button[value="freeze"]'),
      ]);
      const [draw] = await db.sql<
        { digest: string; commitment: string; secret_sealed: string }
      >`select digest, commitment, secret_sealed from draws`;
      main = await admin.textContent("main") ?? "";
      assert.match(main, new RegExp(draw.digest));
      assert.match(main, new RegExp(draw.commitment));
      await shoot(admin, "frozen");
      await accessible(admin, "the freeze page, frozen");
      await adminContext.close();

      // The family's page: digest, commitment, beacon and its own pseudonym.
      const secret = await unsealDrawSecret(services.config.drawSecretKey, {
        roundId,
        sealed: draw.secret_sealed,
      });
      const pseudonym = pseudonymOf(secret, token);
      const family = await browser.newContext({
        javaScriptEnabled: false,
        locale: "ko-KR",
        viewport: { width: 390, height: 900 },
      });
      const page = await family.newPage();
      await signIn(page, base, KIM);
      await page.goto(`${base}/rounds/${roundId}`);
      main = await page.textContent("main") ?? "";
      assert.equal(
        await page.textContent('[data-testid="digest"]'),
        draw.digest,
      );
      assert.equal(
        await page.textContent('[data-testid="commitment"]'),
        draw.commitment,
      );
      assert.deepEqual(
        await page.locator('[data-testid="pseudonym"]').allTextContents(),
        [pseudonym],
      );
      assert.match(main, new RegExp(`김서윤\\s*${pseudonym}`));
      assert.match(main, /동행복권 로또 6\/45/);
      assert.match(main, /drand quicknet/);
      assert.match(main, /값 형식: <회차>:<당첨 번호 6개/);
      assert.match(main, /예정 시각: /);
      await shoot(page, "round");
      await page.goto(`${base}/rounds/${roundId}/frozen`);
      assert.equal(await page.locator("tr.mine").count(), 1);
      await shoot(page, "list");
      await family.close();
      const axeContext = await browser.newContext({
        locale: "ko-KR",
        bypassCSP: true,
      });
      const axePage = await axeContext.newPage();
      await signIn(axePage, base, KIM);
      for (const path of [`/rounds/${roundId}`, `/rounds/${roundId}/frozen`]) {
        await axePage.goto(`${base}${path}`);
        await accessible(axePage, path);
      }
      await axeContext.close();

      // The same values by mail; the excluded family told why, without kim's pseudonym.
      const mails = await app.mail();
      const frozenMail = mailTo(mails, KIM.login, /추첨 명단이 확정/);
      assert.ok(frozenMail, "kim got the freeze mail");
      for (const value of [draw.digest, draw.commitment, pseudonym]) {
        assert.ok(frozenMail.text.includes(value), value);
      }
      assert.match(frozenMail.text, /동행복권 로또 6\/45/);
      for (const login of [LEE.login, DEMO_ACCOUNTS[3].login]) {
        const m = mailTo(mails, login, /추첨 명단이 확정/);
        assert.ok(m, `${login} got the freeze mail`);
        assert.match(m.text, /서류 보완 기한이 지났습니다/);
        assert.ok(m.text.includes(draw.digest));
        assert.ok(!m.text.includes(pseudonym));
        assert.ok(
          mailTo(mails, login, /제외되었습니다/),
          `${login} got the exclusion mail`,
        );
      }
    } finally {
      await setTestClockOffset(services, 0).catch(() => {});
      await browser.close();
      await server.shutdown();
      await app.close();
    }
  },
});
