import assert from "node:assert/strict";
import { asset, Head, IS_BROWSER } from "../runtime.ts";
import { hooks } from "./shared.ts";

Deno.test("runtime: IS_BROWSER is false on the server", () => {
  assert.equal(IS_BROWSER, false);
});

Deno.test("runtime: asset() adds the build id to root-relative paths", () => {
  const previous = hooks.buildId;
  try {
    hooks.buildId = "abc123";
    assert.equal(asset("/styles.css"), "/styles.css?__frsh_c=abc123");
    assert.equal(asset("/a.png?x=1#top"), "/a.png?x=1&__frsh_c=abc123#top");
    assert.equal(
      asset("https://cdn.example/x.css"),
      "https://cdn.example/x.css",
    );
    assert.equal(asset("//cdn.example/x.css"), "//cdn.example/x.css");
    assert.equal(asset("rel.css"), "rel.css");
    hooks.buildId = "";
    assert.equal(asset("/styles.css"), "/styles.css");
  } finally {
    hooks.buildId = previous;
  }
});

Deno.test("runtime: Head renders nothing outside a page render", () => {
  assert.equal(Head({ children: "x" }), null);
});
