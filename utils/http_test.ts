import assert from "node:assert/strict";
import { PayloadTooLargeError } from "./errors.ts";
import { readForm, redirect, safeNext } from "./http.ts";
import { readFormBody } from "./multipart.ts";

Deno.test("safeNext keeps same-origin paths and refuses everything else", () => {
  assert.equal(safeNext("/rounds/1?x=1#a"), "/rounds/1?x=1#a");
  for (
    const bad of [
      "//evil.example",
      "/\\evil.example",
      "/.//evil.example/x",
      "/..//evil.example/x",
      "/%2e%2e//evil.example/x",
      "/%2E//evil.example/x",
      "/a/../..//evil.example/x",
      "/./\\evil.example/x",
      "https://evil.example",
      "rounds",
      "",
      null,
      3,
    ]
  ) {
    assert.equal(safeNext(bad), "/", String(bad));
  }
  assert.equal(safeNext("/한글"), "/%ED%95%9C%EA%B8%80");
});

Deno.test("safeNext and redirect never let a control or non-ASCII byte into Location", () => {
  for (let code = 0; code < 0x100; code++) {
    if (code >= 0x21 && code <= 0x7e) continue;
    const next = safeNext(`/a${String.fromCharCode(code)}b`);
    assert.match(next, /^[\x21-\x7e]+$/, `byte ${code}`);
    assert.equal(
      redirect(`/a${String.fromCharCode(code)}b`).headers.get("location"),
      "/",
    );
  }
});

Deno.test("readForm: the read form's first values; null when not a form; 413 when too large", async () => {
  const read = (body: BodyInit, type?: string) =>
    readFormBody(
      new Request("http://x/", {
        method: "POST",
        body,
        headers: type ? { "content-type": type } : {},
      }),
    );
  assert.equal(readForm({ form: await read("hello", "text/plain") }), null);
  assert.equal(readForm({}), null);
  assert.equal(
    readForm({
      form: await read("--x\r\n", "multipart/form-data; boundary=x"),
    }),
    null,
  );
  const ok = await read(
    new URLSearchParams([["a", "1"], ["b", "둘"], ["a", "2"]]),
  );
  assert.deepEqual(readForm({ form: ok }), { a: "1", b: "둘" });
  assert.throws(
    () => readForm({ form: { ...ok, tooLarge: true } }),
    PayloadTooLargeError,
  );
});

Deno.test("redirect never answers a protocol-relative location", () => {
  for (const location of ["//evil.example/x", "/\\evil.example"]) {
    assert.equal(redirect(location).headers.get("location"), "/", location);
  }
  assert.equal(
    redirect("/rounds/1?x=1").headers.get("location"),
    "/rounds/1?x=1",
  );
});
