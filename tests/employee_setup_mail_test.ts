/**
 * An employee the admin creates by hand gets the same one-time set-password mail as one from
 * the HR roster, and can set a password and sign in with it.
 */
import assert from "node:assert/strict";
import { Client, DEMO_ACCOUNTS } from "./harness.ts";
import { startMailApp } from "./mailbox.ts";

Deno.test("a hand-made employee is mailed a set-password link that works once", async () => {
  const app = await startMailApp();
  try {
    const admin = new Client(app);
    await admin.signIn(DEMO_ACCOUNTS[0].login, DEMO_ACCOUNTS[0].password);
    const { csrf } = await admin.page("/admin/employees/new");
    const res = await admin.post("/admin/employees/new", {
      _csrf: csrf,
      nameKo: "한지민",
      login: "han.jimin",
      email: "han.jimin@kic.example",
      employeeNo: "E7001",
      department: "재무팀",
      joinDate: "2022-03-02",
      spouseEmployeeNo: "",
    });
    assert.equal(res.status, 303);
    const mail = (await app.mail()).find((m) =>
      m.to === "han.jimin@kic.example"
    );
    assert.ok(mail, "the set-password mail was sent");
    const link = mail!.text.match(
      /https?:\/\/\S+\/password\/setup\?token=[\w.-]+/,
    )?.[0];
    assert.ok(link, mail!.text);
    const path = new URL(link!).pathname + new URL(link!).search;
    const employee = new Client(app);
    const page = await employee.page(path);
    assert.equal(page.res.status, 200);
    const password = "새로운-비밀번호-2026";
    const form = new URLSearchParams(
      [...page.html.matchAll(
        /<input type="hidden" name="([^"]+)" value="([^"]*)"/g,
      )]
        .map((m) => [m[1], m[2].replaceAll("&amp;", "&")]),
    );
    const set = await employee.post(path, {
      ...Object.fromEntries(form),
      password,
      confirm: password,
    });
    assert.equal(set.status, 303, await set.text());
    const signIn = await new Client(app).signIn("han.jimin", password);
    assert.equal(signIn.status, 303);
  } finally {
    await app.close();
  }
});
