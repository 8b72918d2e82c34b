/**
 * Issue 11 "must show" 1, the admin's side, in Chromium with JavaScript disabled (neither the
 * family nor the admin needs it): the family applies with a PDF and a JPEG; the admin rejects
 * the PDF with a reason; the mail arrives in the SMTP sink; the family replaces the document;
 * the admin accepts everything; the JPEG preview renders (naturalWidth > 0) and the PDF opens
 * as 200 application/pdf in Chromium's PDF viewer, on the folder store and on S3 (s3rver).
 * Screenshots of the queue and the application page at 390 and 1280 px go to
 * /tmp/kic-review-*.png.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import type { Browser, Page } from "playwright-core";
import { DEMO_ACCOUNTS } from "@/domain/demo.ts";
import { parseMail } from "@/services/mail_parse.ts";
import {
  startS3Sink,
  startSmtpSink,
} from "@/services/testing/local_servers.ts";
import { PDF } from "./apply_helpers.ts";
import { browserAvailable, launchBrowser } from "./browser.ts";
import { startAppProcess } from "./process.ts";

const ADMIN = DEMO_ACCOUNTS[0];
const KIM = DEMO_ACCOUNTS[1];

async function signIn(
  page: Page,
  base: string,
  who: { login: string; password: string },
) {
  await page.goto(`${base}/login`);
  await page.fill('input[name="login"]', who.login);
  await page.fill('input[name="password"]', who.password);
  await Promise.all([
    page.waitForURL(/\/(admin)?$/),
    page.click('main button[type="submit"]'),
  ]);
}

async function shoot(page: Page, name: string) {
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({
      path: `/tmp/kic-review-${name}-${width}.png`,
      fullPage: true,
    });
  }
  await page.setViewportSize({ width: 390, height: 900 });
}

/** A real JPEG, drawn by Chromium itself (so it decodes: naturalWidth > 0). */
async function drawJpeg(browser: Browser): Promise<Buffer> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const url = await page.evaluate(() => {
    const canvas = document.createElement("canvas");
    canvas.width = 120;
    canvas.height = 80;
    const g = canvas.getContext("2d")!;
    g.fillStyle = "#2a7";
    g.fillRect(0, 0, 120, 80);
    g.fillStyle = "#fff";
    g.fillRect(10, 10, 60, 20);
    return canvas.toDataURL("image/jpeg", 0.9);
  });
  await context.close();
  return Buffer.from(url.split(",")[1], "base64");
}

async function uploadFile(
  page: Page,
  options: { base: string; kind: string; name: string; buffer: Buffer },
) {
  const { base, kind } = options;
  await page.goto(`${base}/rounds/1/documents`);
  const section = page.locator(`#doc-${kind}`);
  if (!(await section.isVisible())) await page.click("details > summary");
  await section.locator('input[type="file"]').setInputFiles({
    name: options.name,
    mimeType: kind === "single_parent" ? "image/jpeg" : "application/pdf",
    buffer: options.buffer,
  });
  await Promise.all([
    page.waitForURL(new RegExp(`done=${kind}`)),
    section.locator('button[type="submit"]').click(),
  ]);
}

async function reviewFlow(
  browser: Browser,
  options: { env: Record<string, string>; label: string },
) {
  const sink = await startSmtpSink();
  const app = await startAppProcess({ ...options.env, SMTP_URL: sink.url });
  const base = app.url;
  const jpeg = await drawJpeg(browser);
  const context = (jsEnabled = false) =>
    browser.newContext({
      javaScriptEnabled: jsEnabled,
      locale: "ko-KR",
      viewport: { width: 390, height: 900 },
    });
  const familyContext = await context();
  const adminContext = await context();
  try {
    // The family applies: a PDF resident-register copy and a JPEG single-parent document.
    const family = await familyContext.newPage();
    await signIn(family, base, KIM);
    await family.goto(`${base}/rounds/1/apply`);
    await family.check('input[name="singleParent"]');
    await Promise.all([
      family.waitForURL(/done=draft/),
      family.click('button[value="draft"]'),
    ]);
    await uploadFile(family, {
      base,
      kind: "resident_register",
      name: "등본.pdf",
      buffer: Buffer.from(PDF),
    });
    await uploadFile(family, {
      base,
      kind: "single_parent",
      name: "한부모.jpg",
      buffer: jpeg,
    });
    await family.goto(`${base}/rounds/1/apply`);
    const child = family.locator("fieldset", { hasText: "김서윤" });
    await child.locator("select").nth(0).selectOption({ index: 1 });
    await Promise.all([
      family.waitForURL(/done=submitted/),
      family.click('button[value="submit"]'),
    ]);
    await sink.waitFor(1, 60_000);

    // The admin: the queue, then the application.
    const admin = await adminContext.newPage();
    await signIn(admin, base, ADMIN);
    await admin.goto(`${base}/admin/review`);
    // The demo's drawn past round holds the first applications: read this one's id.
    const href = await admin.locator('main td a[href^="/admin/review/"]')
      .first()
      .getAttribute("href");
    const appId = /^\/admin\/review\/(\d+)$/.exec(href ?? "")?.[1];
    assert.ok(appId, `an application in the queue: ${href}`);
    assert.match(
      await admin.textContent("main") ?? "",
      new RegExp(`신청서 #${appId}`),
    );
    await shoot(admin, `${options.label}-queue`);
    await Promise.all([
      admin.waitForURL(new RegExp(`/admin/review/${appId}$`)),
      admin.click(`main a[href="/admin/review/${appId}"]`),
    ]);
    const rr = admin.locator("section.review-doc", { hasText: "주민등록등본" });
    await shoot(admin, `${options.label}-application`);

    // Reject the PDF: without a reason first (the message beside the field), then with one.
    await Promise.all([
      admin.waitForLoadState(),
      rr.locator('button:has-text("반려")').click(),
    ]);
    assert.match(
      await admin.locator("section.review-doc .field-error").first()
        .textContent() ?? "",
      /필수 항목입니다/,
    );
    const reason = "주민등록번호 뒷자리를 가려서 다시 올려 주세요";
    await rr.locator("textarea").fill(reason);
    await Promise.all([
      admin.waitForURL(/done=rejected/),
      rr.locator('button:has-text("반려")').click(),
    ]);
    assert.match(await admin.textContent("main") ?? "", /반려됨/);

    // The mail with the reason arrives in the SMTP sink.
    const mails = await sink.waitFor(2, 60_000);
    const rejected = mails.map((m) => parseMail(m.raw)).find((m) =>
      m.subject?.includes("반려")
    );
    assert.ok(rejected?.text, "the rejection mail arrived");
    assert.match(rejected.text, new RegExp(reason));

    // The family sees the reason and replaces the document.
    await family.goto(`${base}/rounds/1/documents`);
    assert.match(await family.textContent("main") ?? "", new RegExp(reason));
    await uploadFile(family, {
      base,
      kind: "resident_register",
      name: "등본-가림.pdf",
      buffer: Buffer.from(PDF),
    });

    // The admin accepts everything; the application is accepted.
    await admin.goto(`${base}/admin/review/${appId}`);
    for (let i = 0; i < 3; i++) {
      const accept = admin.locator('main button:has-text("승인")').first();
      if (!(await accept.count())) break;
      await Promise.all([
        admin.waitForURL(/done=accepted/),
        accept.click(),
      ]);
    }
    assert.equal(
      await admin.locator('main button:has-text("승인")').count(),
      0,
    );
    const dl = await admin.locator("main dl.review-facts").first()
      .textContent() ?? "";
    assert.match(dl, /승인됨/);
    await shoot(admin, `${options.label}-accepted`);

    // The family sees its weight explained (the single-parent document now counts) and, once
    // the odds job has run on this process, its chance of winning (one choice: exact).
    await family.goto(`${base}/rounds/1/status`);
    const status = await family.textContent("main") ?? "";
    assert.match(status, /기본 = 1\.00/);
    assert.match(status, /한부모 가정 \(서류 승인\) = \+0\.50/);
    let chance = "";
    for (let i = 0; i < 60 && !/정확한 계산/.test(chance); i++) {
      await family.waitForTimeout(1000);
      await family.reload();
      chance = await family.textContent("main") ?? "";
    }
    assert.match(chance, /당첨 확률[\s\S]*\d+(\.\d+)?\s?%[\s\S]*정확한 계산/);

    // The previews: the JPEG renders, the PDF opens inline as a PDF.
    const img = admin.locator("main img").first();
    await img.scrollIntoViewIfNeeded();
    const src = await img.getAttribute("src");
    const loaded = await adminContext.request.get(`${base}${src}`);
    assert.equal(loaded.status(), 200);
    assert.equal(loaded.headers()["content-type"], "image/jpeg");
    const shown = await browser.newContext({
      storageState: await adminContext.storageState(),
      viewport: { width: 1280, height: 900 },
    });
    const check = await shown.newPage();
    await check.goto(`${base}/admin/review/${appId}`);
    await check.waitForLoadState("load");
    // The preview may load after the page (lazy, or a slow store): wait up to 10 s for it.
    const preview = check.locator("main img").first();
    await preview.scrollIntoViewIfNeeded();
    let width = 0;
    for (let i = 0; i < 50 && width === 0; i++) {
      width = await preview.evaluate((el) =>
        (el as HTMLImageElement).complete
          ? (el as HTMLImageElement).naturalWidth
          : 0
      );
      if (width === 0) await check.waitForTimeout(200);
    }
    assert.equal(width, 120, "the JPEG preview renders");
    const pdfHref = await check.locator('main a:has-text("PDF")').first()
      .getAttribute("href");
    const pdf = await shown.request.get(`${base}${pdfHref}`);
    assert.equal(pdf.status(), 200);
    assert.equal(pdf.headers()["content-type"], "application/pdf");
    assert.match(pdf.headers()["content-disposition"] ?? "", /^inline/);
    // Opened, it shows in Chromium's own PDF viewer (not a download), sandbox and all.
    const viewer = await shown.newPage();
    let downloaded = false;
    viewer.on("download", () => downloaded = true);
    await viewer.goto(`${base}${pdfHref}`);
    await viewer.waitForTimeout(500);
    assert.equal(downloaded, false);
    assert.ok(
      viewer.frames().some((f) => f.url().startsWith("chrome-extension://")),
      "the PDF viewer opened",
    );
    await shown.close();
  } finally {
    await familyContext.close();
    await adminContext.close();
    await app.stop();
    await sink.close();
  }
}

Deno.test({
  name:
    "in Chromium without JavaScript: reject with a reason, mail, replace, accept, previews (folder store)",
  ignore: !browserAvailable(),
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const browser = await launchBrowser();
    try {
      // The folder store even when the run names a shared S3 (CI's second run).
      await reviewFlow(browser, { env: { S3_ENDPOINT: "" }, label: "folder" });
    } finally {
      await browser.close();
    }
  },
});

Deno.test({
  name: "the same review in Chromium with documents on S3 (s3rver)",
  ignore: !browserAvailable(),
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const s3 = await startS3Sink();
    const browser = await launchBrowser();
    try {
      await reviewFlow(browser, {
        env: { S3_ENDPOINT: s3.endpoint, S3_BUCKET: s3.bucket },
        label: "s3",
      });
    } finally {
      await browser.close();
      await s3.close();
    }
  },
});
