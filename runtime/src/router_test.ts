import assert from "node:assert/strict";
import { Router } from "./router.ts";
import type { MiddlewareHandler } from "./types.ts";

const page = () => null;
const mw = (name: string): MiddlewareHandler => {
  const fn: MiddlewareHandler = (_req, ctx) => ctx.next();
  Object.defineProperty(fn, "name", { value: name });
  return fn;
};

function router(files: string[], extra: Record<string, object> = {}) {
  const routes: Record<string, object> = {};
  // insertion order must not matter: add in reverse
  for (const f of [...files].reverse()) {
    routes[`./routes/${f}`] = { default: page };
  }
  Object.assign(routes, extra);
  return new Router({ routes, islands: {}, baseUrl: "file:///x/fresh.gen.ts" });
}

Deno.test("router: precedence static > [param] > [...rest]", () => {
  const r = router([
    "[...all].tsx",
    "[slug].tsx",
    "about.tsx",
    "index.tsx",
    "blog/[id].tsx",
    "blog/new.tsx",
    "blog/[...rest].tsx",
    "blog/[id]/edit.tsx",
  ]);
  const at = (path: string) => r.match(path)?.route.pattern;
  assert.equal(at("/"), "/");
  assert.equal(at("/about"), "/about");
  assert.equal(at("/other"), "/[slug]");
  assert.equal(at("/a/b/c"), "/[...all]");
  assert.equal(at("/blog/new"), "/blog/new");
  assert.equal(at("/blog/7"), "/blog/[id]");
  assert.equal(at("/blog/7/edit"), "/blog/[id]/edit");
  assert.equal(at("/blog/7/x"), "/blog/[...rest]");
  assert.equal(at("/blog"), "/blog/[...rest]");
  assert.deepEqual(r.match("/blog/7/edit")?.params, { id: "7" });
  assert.deepEqual(r.match("/blog/a/b")?.params, { rest: "a/b" });
});

Deno.test("router: groups vanish from URLs, index maps to the folder", () => {
  const r = router(["(shop)/cart.tsx", "(shop)/index.tsx", "admin/index.tsx"]);
  assert.equal(r.match("/cart")?.route.file, "./routes/(shop)/cart.tsx");
  assert.equal(r.match("/")?.route.file, "./routes/(shop)/index.tsx");
  assert.equal(r.match("/admin")?.route.pattern, "/admin");
  assert.equal(r.match("/admin/x"), null);
  assert.equal(r.match("/(shop)/cart"), null);
});

Deno.test("router: middlewares outermost first; groups scope theirs", () => {
  const [root, adminA, adminB, group] = ["root", "a", "b", "g"].map(mw);
  const r = router(["admin/index.tsx", "(g)/x.tsx", "y.tsx"], {
    "./routes/_middleware.ts": { handler: root },
    "./routes/admin/_middleware.ts": { handler: [adminA, adminB] },
    "./routes/(g)/_middleware.ts": { handler: group },
  });
  const names = (path: string) =>
    r.match(path)!.route.middlewares.map((m) => m.name);
  assert.deepEqual(names("/admin"), ["root", "a", "b"]);
  assert.deepEqual(names("/x"), ["root", "g"]);
  assert.deepEqual(names("/y"), ["root"]);
  const unmatched = (path: string) => r.middlewaresFor(path).map((m) => m.name);
  assert.deepEqual(unmatched("/admin/missing"), ["root", "a", "b"]);
  assert.deepEqual(unmatched("/nope"), ["root"]);
});

Deno.test("router: layouts nest and skipInheritedLayouts cuts them", () => {
  const layout = (name: string, config = {}) => ({
    default: page,
    name,
    config,
  });
  const r = router(["a/b/page.tsx", "a/c/page.tsx"], {
    "./routes/_layout.tsx": layout("root"),
    "./routes/a/_layout.tsx": layout("a"),
    "./routes/a/b/_layout.tsx": layout("b"),
    "./routes/a/c/_layout.tsx": layout("c", { skipInheritedLayouts: true }),
  });
  const names = (path: string) =>
    r.match(path)!.route.layouts.map((l) => (l as { name?: string }).name);
  assert.deepEqual(names("/a/b/page"), ["root", "a", "b"]);
  assert.deepEqual(names("/a/c/page"), ["c"]);
});

Deno.test("router: rejects middleware that is not a function", () => {
  assert.throws(
    () => router(["x.tsx"], { "./routes/_middleware.ts": { handler: 1 } }),
    /not a fn/,
  );
});
