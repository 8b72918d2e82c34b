import assert from "node:assert/strict";
import { Client, DEMO_ACCOUNTS, startTestApp } from "./harness.ts";

const employee = DEMO_ACCOUNTS[1];

Deno.test("sign-in guard, error mapping and the session cookie's one home", async (t) => {
  const app = await startTestApp();
  try {
    await t.step(
      "an anonymous visitor is sent to sign-in and back, query kept",
      async () => {
        const res = await new Client(app).fetch("/rounds/1?tab=classes");
        assert.equal(res.status, 303);
        assert.equal(
          res.headers.get("location"),
          "/login?next=%2Frounds%2F1%3Ftab%3Dclasses",
        );
        assert.equal(res.headers.get("x-frame-options"), "DENY");
        assert.ok(res.headers.get("x-request-id"));
      },
    );

    await t.step(
      "after sign-in the same page answers, and aliases of an id do not",
      async () => {
        const c = new Client(app);
        const signedIn = await c.signIn(employee.login, employee.password);
        assert.equal(signedIn.status, 303);
        const page = await c.fetch("/rounds/1");
        assert.equal(page.status, 200);
        await page.body?.cancel();
        for (
          const alias of [
            "01",
            "1e0",
            "0x1",
            "+1",
            "1.0",
            "99999999999999999999",
          ]
        ) {
          const res = await c.fetch(`/rounds/${alias}`);
          assert.equal(res.status, 404, alias);
          await res.body?.cancel();
        }
      },
    );

    await t.step(
      "an employee gets a 403 page with the normal headers under /admin",
      async () => {
        const c = new Client(app);
        await c.signIn(employee.login, employee.password);
        const res = await c.fetch("/admin");
        assert.equal(res.status, 403);
        assert.match(
          res.headers.get("content-security-policy") ?? "",
          /default-src/,
        );
        await res.body?.cancel();
      },
    );

    await t.step(
      "sign-out clears the session cookie and the guard applies again",
      async () => {
        const c = new Client(app);
        await c.signIn(employee.login, employee.password);
        const { csrf } = await c.page("/");
        const out = await c.post("/logout", { _csrf: csrf });
        assert.equal(out.status, 303);
        const cleared = out.headers.getSetCookie().find((x) =>
          x.startsWith("kic_session=")
        );
        assert.match(cleared ?? "", /Max-Age=0/);
        const again = await c.fetch("/rounds/1");
        assert.equal(again.status, 303);
      },
    );
  } finally {
    await app.close();
  }
});
