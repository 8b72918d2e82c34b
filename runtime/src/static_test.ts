import assert from "node:assert/strict";
import {
  FIXTURE_ROOT,
  productionHandler,
  request,
} from "../testdata/fixture.ts";
import { etagMatches } from "./static.ts";

Deno.test("static files: content type, strong ETag, 304", async () => {
  const res = await request("/styles.css");
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "text/css; charset=utf-8");
  assert.equal(res.headers.get("x-destination"), "static");
  assert.equal(res.headers.get("x-trail"), "root", "root middleware runs");
  const etag = res.headers.get("etag")!;
  assert.match(etag, /^"[0-9a-f]{32}"$/);
  assert.equal(
    await res.text(),
    await Deno.readTextFile(`${FIXTURE_ROOT}static/styles.css`),
  );
  const again = await request("/styles.css", {
    headers: { "if-none-match": etag },
  });
  assert.equal(again.status, 304);
  assert.equal(again.body, null);
  assert.equal(again.headers.get("etag"), etag);
  const nested = await request("/sub/hello.txt");
  assert.equal(nested.headers.get("content-type"), "text/plain; charset=utf-8");
  assert.equal(await nested.text(), "hello\n");
});

Deno.test("static files: no directory traversal", async () => {
  for (
    const path of [
      "/../fresh.gen.ts",
      "/%2e%2e/fresh.gen.ts",
      "/sub/%2e%2e/%2e%2e/fresh.gen.ts",
      "/..%2ffresh.gen.ts",
      "/sub/..%5c..%5cfresh.gen.ts",
    ]
  ) {
    const res = await request(path);
    const text = await res.text();
    assert.notEqual(res.headers.get("x-destination"), "static", path);
    assert.ok(!text.includes("DO NOT EDIT"), path);
  }
});

Deno.test("static files: directories are not served", async () => {
  const res = await request("/sub");
  await res.body?.cancel();
  assert.notEqual(res.headers.get("x-destination"), "static");
});

Deno.test("etagMatches uses weak comparison and lists", () => {
  assert.ok(etagMatches('"a", "b"', '"b"'));
  assert.ok(etagMatches('W/"b"', '"b"'));
  assert.ok(etagMatches("*", '"b"'));
  assert.ok(!etagMatches('"c"', '"b"'));
  assert.ok(!etagMatches(null, '"b"'));
});

Deno.test("static files: asset() URLs are immutable in production", async () => {
  const handler = await productionHandler();
  const home = await handler(new Request("http://localhost/"));
  const href =
    /href="(\/styles\.css\?__frsh_c=[0-9a-f]+)"/.exec(await home.text())![1];
  const res = await handler(new Request(`http://localhost${href}`));
  assert.equal(res.status, 200);
  assert.equal(
    res.headers.get("cache-control"),
    "public, max-age=31536000, immutable",
  );
  await res.body?.cancel();
  const plain = await handler(new Request("http://localhost/styles.css"));
  assert.equal(plain.headers.get("cache-control"), "no-cache");
  await plain.body?.cancel();
  const old = await handler(
    new Request("http://localhost/styles.css?__frsh_c=old"),
  );
  assert.equal(old.headers.get("cache-control"), "no-cache");
  await old.body?.cancel();
});
