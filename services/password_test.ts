import assert from "node:assert/strict";
import { burnPasswordCheck, hashPassword, verifyPassword } from "./password.ts";

Deno.test("password: salted PBKDF2 hash verifies the right password only", async () => {
  const a = await hashPassword("비밀번호-correct horse", 2000);
  const b = await hashPassword("비밀번호-correct horse", 2000);
  assert.match(a, /^pbkdf2-sha256\$2000\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
  assert.notEqual(a, b, "a fresh salt each time");
  assert.equal(await verifyPassword("비밀번호-correct horse", a), true);
  assert.equal(await verifyPassword("비밀번호-correct hors", a), false);
  assert.equal(await verifyPassword("", a), false);
});

Deno.test("password: NFC and NFD spellings of a Korean password are the same password", async () => {
  const nfc = "한글암호".normalize("NFC");
  const hash = await hashPassword(nfc, 1000);
  assert.equal(await verifyPassword(nfc.normalize("NFD"), hash), true);
});

Deno.test("password: a malformed or foreign hash never matches", async () => {
  for (
    const stored of [
      "",
      "plain",
      "bcrypt$10$x$y",
      "pbkdf2-sha256$0$AA==$AA==",
      "pbkdf2-sha256$abc$AA==$AA==",
    ]
  ) {
    assert.equal(await verifyPassword("x", stored), false, stored);
  }
  assert.equal(await burnPasswordCheck("anything"), false);
});
