import assert from "node:assert/strict";
import { trustedDevice } from "./signin.ts";

Deno.test("trustedDevice accepts only its own signature for its own account", () => {
  const secret = "s".repeat(40);
  assert.equal(trustedDevice(secret, "kim", null), null);
  assert.equal(trustedDevice(secret, "kim", "garbage"), null);
  assert.equal(
    trustedDevice(secret, "kim", "AAAAAAAAAAAAAAAAAAAAAA.forged"),
    null,
  );
  assert.equal(trustedDevice(secret, "kim", "a.b.c"), null);
});
