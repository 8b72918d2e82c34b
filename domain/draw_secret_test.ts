import assert from "node:assert/strict";
import { randomHex } from "@/services/encoding.ts";
import { SealError } from "@/services/secret_box.ts";
import { sealDrawSecret, unsealDrawSecret } from "./draw_secret.ts";

Deno.test("draw secret: bound to its round", async () => {
  const key = randomHex(32);
  const secret = randomHex(32);
  const sealed = await sealDrawSecret(key, { roundId: 7, secret });
  assert.equal(await unsealDrawSecret(key, { roundId: 7, sealed }), secret);
  await assert.rejects(
    unsealDrawSecret(key, { roundId: 8, sealed }),
    SealError,
  );
});
