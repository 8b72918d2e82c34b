/**
 * The profile page: HR data read-only with the spouse link, the language saved for mail, and a
 * password change that asks for the old password and ends the other sessions.
 */
import assert from "node:assert/strict";
import { Client, DEMO_ACCOUNTS } from "./harness.ts";
import { startMailApp } from "./mailbox.ts";

const LEE = DEMO_ACCOUNTS.find((a) => a.login === "lee.minho")!;

Deno.test("profile: HR record, language, password change ending the other sessions", async () => {
  const app = await startMailApp();
  try {
    const anonymous = await new Client(app).fetch("/profile");
    assert.equal(anonymous.status, 303);

    const phone = new Client(app, "10.8.0.1");
    const laptop = new Client(app, "10.8.0.2");
    await phone.signIn(LEE.login, LEE.password);
    await laptop.signIn(LEE.login, LEE.password);
    const home = await phone.page("/");
    assert.match(
      home.html,
      /<a class="who" href="\/profile">/,
      "the name links to the profile",
    );
    const page = await phone.page("/profile");
    assert.equal(page.res.status, 200);
    assert.match(
      page.html,
      /<dt>배우자 \(사내\)<\/dt><dd>박소라 \(사번 [^)]+\)<\/dd>/,
    );
    assert.match(page.html, /<dt>계정<\/dt><dd>lee\.minho<\/dd>/);
    assert.doesNotMatch(
      page.html,
      /name="(name|department|join_date)"/,
      "HR data is read-only",
    );

    // Language: saved for mail, and the pages follow.
    const lang = await phone.post("/profile", {
      _csrf: page.csrf,
      action: "language",
      locale: "en",
    });
    assert.equal(lang.status, 303);
    assert.match(lang.headers.getSetCookie().join(), /lang=en/);
    const [{ locale }] = await app.app.services.db.sql<{ locale: string }>`
      select locale from accounts where login = 'lee.minho'`;
    assert.equal(locale, "en");
    const saved = await phone.page(lang.headers.get("location")!);
    assert.match(saved.html, /role="status">Your language is saved\./);

    // Password: the old one is checked, the rules apply, the other sessions end.
    const wrong = await phone.post("/profile", {
      _csrf: page.csrf,
      action: "password",
      old: "not my password",
      password: "lee's new passphrase",
      confirm: "lee's new passphrase",
    });
    assert.equal(wrong.status, 400);
    assert.match(
      await wrong.text(),
      /id="field-old-error">Your current password is not right\./,
    );
    const short = await phone.post("/profile", {
      _csrf: page.csrf,
      action: "password",
      old: LEE.password,
      password: "short",
      confirm: "short",
    });
    assert.equal(short.status, 400);
    assert.match(
      await short.text(),
      /id="field-password-error">A password needs at least 10/,
    );
    const ok = await phone.post("/profile", {
      _csrf: page.csrf,
      action: "password",
      old: LEE.password,
      password: "lee's new passphrase",
      confirm: "lee's new passphrase",
    });
    assert.equal(ok.status, 303);
    const after = await phone.page(ok.headers.get("location")!);
    assert.equal(after.res.status, 200, "this session stays");
    assert.match(after.html, /Every other device is signed out\./);
    assert.equal(
      (await laptop.fetch("/profile")).status,
      303,
      "the other session ended",
    );
    const mails = await app.mail();
    assert.ok(
      mails.some((m) => m.subject === "[KIC] Your password was changed"),
      "the notice is in English now",
    );
    assert.equal(
      (await new Client(app, "10.8.0.3").signIn(
        LEE.login,
        "lee's new passphrase",
      )).status,
      303,
    );
  } finally {
    await app.close();
  }
});
