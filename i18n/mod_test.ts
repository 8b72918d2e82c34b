import assert from "node:assert/strict";
import { en } from "./en.ts";
import { ko } from "./ko.ts";
import { negotiateLocale, translator } from "./mod.ts";

Deno.test("every Korean message has an English twin with the same parameters", () => {
  for (const key of Object.keys(ko) as (keyof typeof ko)[]) {
    const params = (s: string) =>
      [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    assert.deepEqual(params(en[key]), params(ko[key]), key);
  }
  assert.deepEqual(Object.keys(en).sort(), Object.keys(ko).sort());
});

Deno.test("locale: the cookie wins, then Accept-Language by q, then Korean", () => {
  assert.equal(negotiateLocale("en", "ko-KR"), "en");
  assert.equal(
    negotiateLocale(undefined, "fr-FR, en-US;q=0.8, ko;q=0.5"),
    "en",
  );
  assert.equal(negotiateLocale(undefined, "ko;q=0.1, en;q=0.9"), "en");
  assert.equal(negotiateLocale("xx", "fr"), "ko");
  assert.equal(negotiateLocale(undefined, null), "ko");
});

Deno.test("translator fills parameters", () => {
  assert.equal(
    translator("ko")("home.welcome", { name: "김하나" }),
    "김하나님, 안녕하세요.",
  );
  assert.equal(
    translator("en")("login.rateLimited", { minutes: 5 }),
    "Too many sign-in attempts. Try again in 5 minutes.",
  );
});
