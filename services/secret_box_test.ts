import assert from "node:assert/strict";
import { randomHex } from "./encoding.ts";
import { seal, SealError, unseal } from "./secret_box.ts";

Deno.test("secret box: opens with the key and the same binding only", async () => {
  const key = randomHex(32);
  const secret = randomHex(32);
  const sealed = await seal(key, secret, "round 7");
  assert.match(sealed, /^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  assert.ok(!sealed.includes(secret), "the sealed value is not the secret");
  assert.notEqual(
    await seal(key, secret, "round 7"),
    sealed,
    "a fresh IV each time",
  );
  assert.equal(await unseal(key, sealed, "round 7"), secret);
  await assert.rejects(unseal(randomHex(32), sealed, "round 7"), SealError);
  await assert.rejects(unseal(key, sealed, "round 8"), SealError);
  const [v, iv, data] = sealed.split(".");
  const flipped = data.slice(0, 4) + (data[4] === "A" ? "B" : "A") +
    data.slice(5);
  await assert.rejects(
    unseal(key, `${v}.${iv}.${flipped}`, "round 7"),
    SealError,
  );
  await assert.rejects(unseal(key, "plain", "round 7"), SealError);
  await assert.rejects(seal("short", secret, "x"), /64 lowercase hex/);
});
