/**
 * Crawls every page reachable by links as an anonymous visitor, an employee and an admin:
 * each page has its own title and exactly one h1, and error pages use the normal layout.
 */
import assert from "node:assert/strict";
import {
  Client,
  DEMO_ACCOUNTS,
  startTestApp,
  type TestApp,
} from "./harness.ts";

/** Pages found from "/" by following same-origin links: path → html. */
async function crawl(c: Client): Promise<Map<string, string>> {
  const seen = new Map<string, string>();
  const queue = ["/", "/login", "/definitely-not-a-page"];
  while (queue.length) {
    const path = queue.shift()!;
    if (seen.has(path)) continue;
    const res = await c.fetch(path);
    if (!res.headers.get("content-type")?.startsWith("text/html")) {
      await res.body?.cancel();
      continue;
    }
    const html = await res.text();
    seen.set(path, html);
    for (const m of html.matchAll(/<a\b[^>]*href="(\/[^"#]*)"/g)) {
      const next = m[1].replaceAll("&amp;", "&");
      if (!next.startsWith("//") && !seen.has(next)) queue.push(next);
    }
  }
  return seen;
}

const titleOf = (html: string) => html.match(/<title>([^<]*)<\/title>/)?.[1];

Deno.test("every reachable page has its own title and exactly one h1", async () => {
  const app: TestApp = await startTestApp();
  try {
    const pages = new Map<string, string>();
    for (const who of [null, DEMO_ACCOUNTS[1], DEMO_ACCOUNTS[0]]) {
      const c = new Client(app);
      if (who) await c.signIn(who.login, who.password);
      for (const [path, html] of await crawl(c)) pages.set(path, html);
    }
    assert.ok(pages.size >= 6, `crawled ${[...pages.keys()]}`);
    const titles = new Map<string, string>();
    for (const [path, html] of pages) {
      const h1s = html.match(/<h1\b/g)?.length ?? 0;
      assert.equal(h1s, 1, `${path} has ${h1s} h1`);
      const title = titleOf(html);
      assert.ok(title, `${path} has a title`);
      const other = titles.get(title!);
      assert.ok(!other, `${path} and ${other} share the title "${title}"`);
      titles.set(title!, path);
      assert.match(html, /<meta name="viewport"/, path);
      assert.match(html, /<nav\b/, `${path} has the navigation`);
    }
  } finally {
    await app.close();
  }
});

Deno.test("error pages (403, CSRF) use the normal layout", async () => {
  const app = await startTestApp();
  try {
    const c = new Client(app);
    await c.signIn(DEMO_ACCOUNTS[1].login, DEMO_ACCOUNTS[1].password);
    const forbidden = await c.fetch("/admin");
    assert.equal(forbidden.status, 403);
    const html = await forbidden.text();
    assert.match(html, /<meta name="viewport"/);
    assert.match(html, /<nav\b/);
    assert.equal(html.match(/<h1\b/g)?.length, 1);
    assert.match(titleOf(html) ?? "", /403/);
    const csrf = await c.post("/lang", { lang: "en", next: "/" });
    assert.equal(csrf.status, 403);
    assert.match(await csrf.text(), /<nav\b/);
  } finally {
    await app.close();
  }
});

Deno.test("the language switch keeps the query string and names its language", async () => {
  const app = await startTestApp();
  try {
    const c = new Client(app);
    const { html, csrf } = await c.page("/login?next=%2Fverify");
    assert.match(html, /name="next" value="\/login\?next=%2Fverify"/);
    assert.match(html, /<button type="submit" class="link" lang="en">English/);
    assert.match(html, /<nav class="container nav" aria-label="주 메뉴"/);
    const res = await c.post("/lang", {
      _csrf: csrf,
      lang: "en",
      next: "/login?next=%2Fverify",
    });
    assert.equal(res.headers.get("location"), "/login?next=%2Fverify");
  } finally {
    await app.close();
  }
});

Deno.test("the app serves its own Korean font and breaks Korean between words", async () => {
  const app = await startTestApp();
  try {
    const css = await (await app.fetch("/styles.css")).text();
    assert.match(css, /:lang\(ko\) \{\s*word-break: keep-all/);
    const url = css.match(/url\("(\/fonts\/Pretendard-Regular[^"]+)"\)/)?.[1];
    assert.ok(url, "the stylesheet names the font file");
    const font = await app.fetch(url!);
    assert.equal(font.status, 200);
    assert.equal(font.headers.get("content-type"), "font/woff2");
    const bytes = new Uint8Array(await font.arrayBuffer());
    assert.equal(new TextDecoder().decode(bytes.slice(0, 4)), "wOF2");
  } finally {
    await app.close();
  }
});
