import assert from "node:assert/strict";
import { translator } from "@/i18n/mod.ts";
import { renderMail } from "./mail_templates.ts";
import { passwordProblem } from "./passwords.ts";

Deno.test("the password rules: 10 characters at least, never the account id", () => {
  assert.equal(
    passwordProblem("123456789", "kim.hana"),
    "password.error.short",
  );
  assert.equal(passwordProblem("한글로된긴비밀번호입니다", "kim.hana"), null);
  assert.equal(
    passwordProblem("Lee.Minho.Kim", "lee.minho.kim"),
    "password.error.sameAsLogin",
  );
  assert.equal(passwordProblem("lee.minho.kim!", "lee.minho.kim"), null);
  // Characters, not UTF-16 units: five emoji are five characters.
  assert.equal(passwordProblem("🙂".repeat(5), "x"), "password.error.short");
});

Deno.test("mail templates: both languages, text and escaped HTML", () => {
  const mail = {
    kind: "passwordSetup",
    name: "<b>김하나</b>",
    login: "kim.hana",
    link: 'https://kic.example/password/setup?token=1.a"b&c',
    expires: "2027. 3. 2. 오전 9:00",
  } as const;
  const ko = renderMail(mail, "ko");
  assert.match(ko.subject, /비밀번호를 설정해 주세요/);
  assert.match(ko.text, /<b>김하나<\/b>님, 안녕하세요\./);
  assert.match(ko.text, /token=1\.a"b&c/);
  assert.doesNotMatch(ko.html, /<b>/);
  assert.match(ko.html, /&#60;b&#62;김하나/);
  assert.match(
    ko.html,
    /href="https:\/\/kic\.example\/password\/setup\?token=1\.a&#34;b&#38;c"/,
  );
  const en = renderMail(mail, "en");
  assert.match(en.subject, /Set your password/);
  assert.match(en.text, /kim\.hana/);
  assert.match(en.html, /<html lang="en">/);
  const reset = renderMail({
    kind: "passwordReset",
    name: "Kim",
    code: "012345",
    minutes: 10,
    link: "https://kic.example/password/reset?step=code",
  }, "en");
  assert.match(reset.text, /^\s+012345$/m);
  assert.match(reset.text, /within 10 minutes/);
  // Every key used is in both catalogues (the catalogue test checks parity).
  assert.ok(translator("en")("mail.signature").length > 0);
});
