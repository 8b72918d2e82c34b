import assert from "node:assert/strict";
import {
  clientAddress,
  expectedOrigin,
  originAllowed,
  tokenMatches,
} from "./security.ts";

const req = (
  headers: Record<string, string>,
  url = "http://10.0.0.5:8000/login",
) => new Request(url, { method: "POST", headers });

Deno.test("security: behind a TLS-terminating ingress the expected origin is the public one", () => {
  const r = req({
    "x-forwarded-proto": "https",
    "x-forwarded-host": "kic.example.com",
  });
  assert.equal(
    expectedOrigin(r, "https://kic.example.com", false),
    "https://kic.example.com",
  );
  assert.equal(expectedOrigin(r, undefined, true), "https://kic.example.com");
  assert.equal(
    expectedOrigin(r, undefined, false),
    "http://10.0.0.5:8000",
    "forwarded headers need TRUST_PROXY",
  );
});

Deno.test("security: Origin and Sec-Fetch-Site checks", () => {
  const origin = "https://kic.example.com";
  assert.equal(originAllowed(req({ origin }), origin), true);
  assert.equal(
    originAllowed(req({ origin: "https://evil.example" }), origin),
    false,
  );
  assert.equal(originAllowed(req({ origin: "null" }), origin), false);
  assert.equal(
    originAllowed(req({ "sec-fetch-site": "cross-site" }), origin),
    false,
  );
  assert.equal(
    originAllowed(req({ "sec-fetch-site": "same-origin" }), origin),
    true,
  );
  assert.equal(
    originAllowed(req({}), origin),
    true,
    "non-browser clients still need the token",
  );
});

Deno.test("security: tokens compare exactly; a missing token never matches", () => {
  assert.equal(tokenMatches("abc", "abc"), true);
  assert.equal(tokenMatches("abd", "abc"), false);
  assert.equal(tokenMatches(null, "abc"), false);
  assert.equal(tokenMatches("", ""), false);
  assert.equal(tokenMatches("abc", null), false);
});

Deno.test("security: the client address is the rightmost forwarded hop, only behind a trusted proxy", () => {
  const addr = {
    transport: "tcp",
    hostname: "10.0.0.9",
    port: 1,
  } as Deno.NetAddr;
  const r = req({ "x-forwarded-for": "6.6.6.6, 203.0.113.7" });
  assert.equal(clientAddress(r, addr, true), "203.0.113.7");
  assert.equal(clientAddress(r, addr, false), "10.0.0.9");
  assert.equal(clientAddress(req({}), addr, true), "10.0.0.9");
  assert.equal(clientAddress(req({}), undefined, false), "unknown");
});
