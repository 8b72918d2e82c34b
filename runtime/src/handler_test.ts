import assert from "node:assert/strict";
import { productionHandler, request } from "../testdata/fixture.ts";
import { type ComponentType, h } from "preact";
import { createHandler, defineApp, defineLayout } from "../server.ts";

async function page(path: string, init?: RequestInit) {
  const res = await request(path, init);
  return { res, html: await res.text() };
}

Deno.test("routing: static segments beat [param] beat [...rest]", async () => {
  const cases: [string, string, string][] = [
    ["/items/new", "/items/new", "new item form"],
    ["/items/42", "/items/[id]", "item 42"],
    ["/docs/a/b", "/docs/[...rest]", "docs:a/b"],
    ["/x/y", "/[...catchall]", "catchall:x/y"],
    ["/", "/", "<h1>Home</h1>"],
    ["/custom/abc", "/custom/:slug", "slug:abc"],
  ];
  for (const [path, route, text] of cases) {
    const { res, html } = await page(path);
    assert.equal(res.status, 200, path);
    assert.equal(res.headers.get("x-route"), route, path);
    assert.equal(res.headers.get("x-route-before"), route, path);
    assert.ok(html.includes(text), `${path}: ${html}`);
  }
});

Deno.test("routing: (group) folders are not in the URL but keep their layout", async () => {
  const { res, html } = await page("/pricing");
  assert.equal(res.status, 200);
  assert.match(html, /layout-root.*layout-marketing.*pricing/);
  const other = await page("/items/new");
  assert.ok(!other.html.includes("layout-marketing"));
});

Deno.test("params are decoded", async () => {
  const { html } = await page("/items/a%20b");
  assert.ok(html.includes("item a b"));
});

Deno.test("middlewares run outermost first and share state", async () => {
  const { res, html } = await page("/items/7");
  assert.equal(res.headers.get("x-trail"), "root,items-a,items-b:7,handler");
  assert.ok(html.includes("via root>items-a>items-b:7>handler"), html);
  assert.equal(res.headers.get("x-destination"), "route");
});

Deno.test("_app wraps layouts which wrap the page", async () => {
  const { html } = await page("/items/1");
  assert.match(
    html,
    /^<!DOCTYPE html><html lang="en">.*<main id="app"><div class="layout-root"><section class="layout-items"><p class="item">/,
  );
});

Deno.test("skipAppWrapper and skipInheritedLayouts", async () => {
  const { html } = await page("/bare");
  assert.ok(!html.includes('id="app"'));
  assert.ok(!html.includes("layout-root"));
  assert.match(html, /^<!DOCTYPE html><html><head>.*<body><p class="bare">/);
});

Deno.test("Head moves into <head> and replaces the app's title", async () => {
  const { html } = await page("/");
  const head = html.slice(0, html.indexOf("</head>"));
  assert.ok(head.includes("<title>Home</title>"));
  assert.ok(!html.includes("<title>Fixture</title>"));
  assert.match(head, /href="\/styles\.css\?__frsh_c=[0-9a-f]{20}"/);
});

Deno.test("async route components", async () => {
  const { html } = await page("/async?v=ok");
  assert.ok(html.includes("async:ok"));
});

Deno.test("404: unknown paths and renderNotFound use _404 with status 404", async () => {
  // only /missing* is delegated to _404 by the catch-all route
  const { res, html } = await page("/missing-thing");
  assert.equal(res.status, 404);
  assert.ok(html.includes("Nothing at /missing-thing"));
  assert.ok(html.includes("layout-root"), "404 page is wrapped");
});

Deno.test("500: a throwing handler renders _500 with the error", async () => {
  const { res, html } = await page("/boom");
  assert.equal(res.status, 500);
  assert.ok(html.includes("Failed: kaboom"));
});

Deno.test("functions as island props fail with a clear error", async () => {
  const { res, html } = await page("/badprops");
  assert.equal(res.status, 500);
  assert.ok(html.includes("prop &quot;onPick&quot; is a function"), html);
});

Deno.test("405 with Allow for unsupported methods", async () => {
  let res = await request("/api/only-post");
  assert.equal(res.status, 405);
  assert.equal(res.headers.get("allow"), "POST");
  await res.body?.cancel();
  res = await request("/form", { method: "DELETE" });
  assert.equal(res.status, 405);
  assert.equal(res.headers.get("allow"), "GET, HEAD, POST");
  await res.body?.cancel();
  res = await request("/pricing", { method: "POST" });
  assert.equal(res.status, 405);
  assert.equal(res.headers.get("allow"), "GET, HEAD");
  await res.body?.cancel();
});

Deno.test("per-method handlers", async () => {
  const body = new FormData();
  body.set("name", "kim");
  const { res, html } = await page("/form", { method: "POST", body });
  assert.equal(res.status, 201);
  assert.ok(html.includes("<output>got kim</output>"));
});

Deno.test("HEAD works for GET routes and has no body", async () => {
  for (const path of ["/items/3", "/pricing", "/styles.css"]) {
    const res = await request(path, { method: "HEAD" });
    assert.equal(res.status, 200, path);
    assert.equal(res.body, null, path);
    assert.ok(res.headers.get("content-type"), path);
  }
});

Deno.test("pages without islands ship no <script> at all", async () => {
  for (
    const path of ["/", "/items/1", "/pricing", "/bare", "/missing-x", "/boom"]
  ) {
    const { html } = await page(path);
    assert.ok(!/<script/i.test(html), `${path} has a script: ${html}`);
  }
});

Deno.test("island page: markers, props block and exactly one nonce'd module script", async () => {
  const { res, html } = await page("/counter");
  const nonce = res.headers.get("x-nonce")!;
  assert.match(nonce, /^[A-Za-z0-9+/]{22}==$/);
  const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]);
  assert.equal(scripts.length, 2, html);
  const modules = scripts.filter((a) => a.includes('type="module"'));
  assert.equal(modules.length, 1);
  assert.ok(modules[0].includes(`nonce="${nonce}"`));
  assert.ok(scripts.some((a) => a.includes('id="__FRSH_STATE"')));
  const code = /<script type="module"[^>]*>(.*?)<\/script>/.exec(html)![1];
  const imports = [...code.matchAll(/from"([^"]+)"/g)].map((m) => m[1]);
  assert.equal(imports.length, 3, code); // boot + Counter + Badge
  for (const url of imports) {
    assert.match(url, /^\/_frsh\/js\/[0-9a-f]{20}\/[\w-]+\.js$/);
    const js = await request(url);
    assert.equal(js.status, 200, url);
    assert.equal(
      js.headers.get("cache-control"),
      "public, max-age=31536000, immutable",
    );
    assert.match(js.headers.get("content-type")!, /javascript/);
    const text = await js.text();
    assert.ok(!text.includes("jsxTemplate"), "precompiled JSX leaked");
    assert.ok(!text.includes("npm:"), "npm: specifier leaked");
  }
  // Every module the script imports, and every chunk those import, is
  // preloaded (so the browser fetches them in parallel).
  const preloads = [
    ...html.matchAll(/<link rel="modulepreload" href="([^"]+)">/g),
  ]
    .map((m) => m[1]);
  for (const url of imports) assert.ok(preloads.includes(url), url);
  for (const url of preloads) {
    const text = await (await request(url)).text();
    for (const dep of text.matchAll(/from"\.\/([\w-]+\.js)"/g)) {
      assert.ok(
        preloads.some((p) => p.endsWith(`/${dep[1]}`)),
        `${url} → ${dep[1]}`,
      );
    }
  }
  assert.match(html, /<!--frsh-island:Counter:0-->.*<!--\/frsh-island:0-->/);
  // Badge inside Counter's own output is a plain component; the Badge
  // passed as a child (slot) is an island of its own.
  assert.match(
    html,
    /<!--frsh-slot:0:children--><em class="slot">server child<\/em><!--frsh-island:Badge\.Badge:1-->/,
  );
  assert.equal([...html.matchAll(/<!--frsh-island:/g)].length, 2);
  const state = JSON.parse(/id="__FRSH_STATE">(.*?)<\/script>/.exec(html)![1]);
  assert.deepEqual(state.props, [
    { count: { __frsh_signal: 3 }, label: "clicks" },
    { text: "nested" },
  ]);
});

Deno.test("each response gets a fresh nonce", async () => {
  const a = (await request("/pricing")).headers.get("x-nonce");
  const b = (await request("/pricing")).headers.get("x-nonce");
  assert.notEqual(a, b);
});

Deno.test("unknown bundle or build id is a 404", async () => {
  const res = await request("/_frsh/js/0000/boot.js");
  assert.equal(res.status, 404);
  assert.equal(res.headers.get("x-destination"), "internal");
  await res.body?.cancel();
});

Deno.test("production mode without a build fails and names deno task build", async () => {
  const root = await Deno.makeTempDir({ prefix: "fresh-nobuild-" });
  try {
    await assert.rejects(
      () =>
        createHandler({
          routes: {},
          islands: {},
          baseUrl: `file://${root}/fresh.gen.ts`,
        }),
      /deno task build/,
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("production mode with a fresh build serves islands", async () => {
  const handler = await productionHandler();
  const res = await handler(new Request("http://localhost/counter"));
  assert.equal(res.status, 200);
  assert.ok((await res.text()).includes('<script type="module"'));
});

Deno.test("a trailing slash redirects (307) to the canonical path, never off-site", async () => {
  for (
    const [path, location] of [
      ["/items/7/", "/items/7"],
      ["/items/7/?a=1", "/items/7?a=1"],
      ["http://localhost//evil.example/", "/evil.example"],
      ["http://localhost///", "/"],
    ]
  ) {
    const res = await request(path);
    assert.equal(res.status, 307, path);
    assert.equal(res.headers.get("location"), location, path);
    // The folder middlewares ran (the fixture's root middleware tags every response).
    assert.equal(res.headers.get("x-destination"), "internal", path);
    await res.body?.cancel();
  }
  const root = await request("/");
  assert.equal(root.status, 200);
  await root.body?.cancel();
});

Deno.test("async _app and _layout each keep their own inner Component", async () => {
  const root = await Deno.makeTempDir({ prefix: "fresh-async-" });
  try {
    const lazy = (get: () => ComponentType) => h(() => h(get(), {}), {});
    const handler = await createHandler({
      routes: {
        "./routes/_app.tsx": {
          default: defineApp((_req, ctx) =>
            Promise.resolve(
              h("html", null, h("body", null, lazy(() => ctx.Component))),
            )
          ),
        },
        "./routes/_layout.tsx": {
          default: defineLayout((_req, ctx) =>
            Promise.resolve(
              h("div", { class: "layout" }, lazy(() => ctx.Component)),
            )
          ),
        },
        "./routes/index.tsx": { default: () => h("p", null, "the page") },
      },
      islands: {},
      baseUrl: `file://${root}/fresh.gen.ts`,
    }, { dev: true });
    const res = await handler(new Request("http://localhost/"));
    assert.equal(res.status, 200);
    assert.match(
      await res.text(),
      /<div class="layout"><p>the page<\/p><\/div>/,
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("config.state gives every request its own initial state", async () => {
  const root = await Deno.makeTempDir({ prefix: "fresh-state-" });
  try {
    let made = 0;
    const handler = await createHandler({
      routes: {
        "./routes/index.tsx": {
          handler: (_req: Request, ctx: { state: Record<string, unknown> }) => {
            const seen = JSON.stringify(ctx.state);
            ctx.state.touched = true;
            return new Response(seen);
          },
        },
      },
      islands: {},
      baseUrl: `file://${root}/fresh.gen.ts`,
    }, { dev: true, state: () => ({ services: "open", n: ++made }) });
    const first = await (await handler(new Request("http://localhost/")))
      .text();
    const second = await (await handler(new Request("http://localhost/")))
      .text();
    assert.deepEqual(JSON.parse(first), { services: "open", n: 1 });
    assert.deepEqual(JSON.parse(second), { services: "open", n: 2 });
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
