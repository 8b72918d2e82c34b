/**
 * Issue 9, must show 5: authorisation of the admin area, built from the route manifest
 * (`fresh.gen.ts`), so that a new admin route is covered the moment it exists, or fails this
 * test when it cannot be.
 *
 * For every route under `routes/admin/` and each method it answers:
 * - an anonymous visitor is sent to sign-in (303 to `/login?next=…`), for GET and POST alike;
 * - a signed-in employee gets 403, for GET and for a POST with a valid CSRF token;
 * - every form (each route that answers POST) refuses, even for an admin, a request without a
 *   CSRF token, with a wrong one, and with the right one from a foreign origin: 403, and no
 *   audit row is written.
 *
 * Route parameters (decided here): the employee must get 403 whatever the id, never 404,
 * because the guard is the admin middleware, which runs before any route reads its id. Each
 * parameter is still filled with a real id from the demo data (`PARAM_IDS` in `tests/admin_routes.ts`), and the admin's
 * own GET must answer 200, so the 403s are not a missing object in disguise. A route with a
 * parameter this table does not know fails the test: add its look-up here.
 */
import assert from "node:assert/strict";
import type { Db } from "@/services/db.ts";
import { adminRoutes, resolveAdminUrl } from "./admin_routes.ts";
import { Client, DEMO_ACCOUNTS, ORIGIN, startTestApp } from "./harness.ts";

const [ADMIN, EMPLOYEE] = DEMO_ACCOUNTS;

async function auditCount(db: Db): Promise<number> {
  const [{ n }] = await db.sql<{ n: number }>`
    select count(*)::int as n from audit_log`;
  return n;
}

/** The CSRF token of the session: read from any form page. */
async function tokenOf(c: Client): Promise<string> {
  const { csrf } = await c.page("/login");
  if (csrf) return csrf;
  const { html } = await c.page("/admin/employees/new");
  return html.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? "";
}

Deno.test("the manifest has admin routes, and each is found here", () => {
  const routes = adminRoutes();
  assert.ok(routes.length >= 4, "the admin area has pages");
  assert.ok(routes.some((r) => r.pattern === "/admin"));
  assert.ok(routes.some((r) => r.methods.has("POST")), "and forms");
  for (const r of routes) assert.ok(r.methods.size > 0, `${r.file} answers`);
});

Deno.test("every admin URL and form: 403 to an employee, sign-in for a visitor, CSRF and origin refused", async (t) => {
  const app = await startTestApp();
  const db = app.app.services.db;
  try {
    const admin = new Client(app);
    assert.equal((await admin.signIn(ADMIN.login, ADMIN.password)).status, 303);
    const employee = new Client(app);
    assert.equal(
      (await employee.signIn(EMPLOYEE.login, EMPLOYEE.password)).status,
      303,
    );
    const anonymous = new Client(app);
    const employeeToken = await tokenOf(employee);
    const anonToken = (await anonymous.page("/login")).csrf;
    assert.ok(employeeToken && anonToken);
    const postRoutes = new Set<string>();

    for (const route of adminRoutes()) {
      const url = await resolveAdminUrl(
        db,
        route,
        app.app.services.storage,
      );
      await t.step(`${[...route.methods].join(",")} ${url}`, async () => {
        if (route.methods.has("GET")) {
          const own = await admin.fetch(url);
          assert.equal(own.status, 200, `the admin reaches ${url}`);
          const html = await own.text();
          for (const m of html.matchAll(/<form[^>]*method="post"[^>]*>/g)) {
            const action = /action="([^"]*)"/.exec(m[0])?.[1] ?? url;
            postRoutes.add(new URL(action, ORIGIN).pathname);
          }
          const emp = await employee.fetch(url);
          assert.equal(emp.status, 403, `employee GET ${url}`);
          await emp.body?.cancel();
          const anon = await anonymous.fetch(url);
          assert.equal(anon.status, 303, `anonymous GET ${url}`);
          assert.equal(
            anon.headers.get("location"),
            `/login?next=${encodeURIComponent(url)}`,
          );
          await anon.body?.cancel();
        }
        if (!route.methods.has("POST")) return;
        const before = await auditCount(db);
        const emp = await employee.post(url, {
          _csrf: employeeToken,
          intent: "deactivate",
        });
        assert.equal(emp.status, 403, `employee POST ${url}`);
        await emp.body?.cancel();
        const anon = await anonymous.post(url, { _csrf: anonToken });
        assert.equal(anon.status, 303, `anonymous POST ${url}`);
        assert.match(anon.headers.get("location") ?? "", /^\/login\?next=/);
        await anon.body?.cancel();

        const adminToken = await tokenOf(admin);
        const refusals: [string, Response][] = [
          ["no token", await admin.post(url, { intent: "deactivate" })],
          [
            "a wrong token",
            await admin.post(url, { _csrf: "x".repeat(43), intent: "grant" }),
          ],
          [
            "another session's token",
            await admin.post(url, { _csrf: employeeToken, intent: "grant" }),
          ],
          [
            "a foreign origin",
            await admin.post(url, { _csrf: adminToken, intent: "grant" }, {
              origin: "https://evil.example",
            }),
          ],
          [
            "a foreign referer and no origin",
            await admin.fetch(url, {
              method: "POST",
              body: `_csrf=${adminToken}&intent=grant`,
              headers: {
                "content-type": "application/x-www-form-urlencoded",
                "content-length": String(
                  `_csrf=${adminToken}&intent=grant`.length,
                ),
                "sec-fetch-site": "cross-site",
                referer: "https://evil.example/",
              },
            }),
          ],
        ];
        for (const [why, res] of refusals) {
          assert.equal(res.status, 403, `admin POST ${url} with ${why}`);
          await res.body?.cancel();
        }
        assert.equal(await auditCount(db), before, "nothing was written");
      });
    }

    await t.step(
      "every form on the admin pages posts to a route checked above",
      () => {
        const checked = new Set<string>();
        for (const route of adminRoutes()) {
          if (route.methods.has("POST")) {
            checked.add(route.pattern.replace(/\[[^\]]+\]/g, "*"));
          }
        }
        for (const path of postRoutes) {
          if (!path.startsWith("/admin")) continue;
          const shape = path.replace(/\/\d+(?=\/|$)/g, "/*");
          assert.ok(checked.has(shape), `${path} is a checked form route`);
        }
        assert.ok(postRoutes.size > 0, "the admin pages have forms");
      },
    );
  } finally {
    await app.close();
  }
});
