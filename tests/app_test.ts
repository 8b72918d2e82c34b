import assert from "node:assert/strict";
import { Client, DEMO_ACCOUNTS, ORIGIN, startTestApp } from "./harness.ts";

const employee = DEMO_ACCOUNTS[1];
const admin = DEMO_ACCOUNTS[0];

Deno.test("web layer on the app's own services", async (t) => {
  const app = await startTestApp();
  try {
    await t.step(
      "the home page shows the open demo round, and has no script",
      async () => {
        const res = await app.fetch("/");
        assert.equal(res.status, 200);
        const html = await res.text();
        assert.match(html, /정기 모집/);
        assert.doesNotMatch(html, /<script/i);
        assert.match(
          res.headers.get("content-security-policy") ?? "",
          /script-src 'self' 'nonce-/,
        );
        assert.equal(res.headers.get("x-content-type-options"), "nosniff");
        assert.equal(res.headers.get("x-frame-options"), "DENY");
      },
    );

    await t.step(
      "English is chosen by Accept-Language, Korean by default, the cookie wins",
      async () => {
        assert.match(
          await (await app.fetch("/login", {
            headers: { "accept-language": "en-US,en;q=0.9" },
          })).text(),
          /Sign in/,
        );
        assert.match(await (await app.fetch("/login")).text(), /로그인/);
        const html = await (await app.fetch("/login", {
          headers: { "accept-language": "en", cookie: "lang=ko" },
        })).text();
        assert.match(html, /<html lang="ko"/);
      },
    );

    await t.step(
      "sign-in works with a plain form and sets an HttpOnly, SameSite=Lax session cookie",
      async () => {
        const c = new Client(app);
        const res = await c.signIn(employee.login, employee.password);
        assert.equal(res.status, 303);
        assert.equal(res.headers.get("location"), "/");
        const cookie = res.headers.getSetCookie().find((x) =>
          x.startsWith("kic_session=")
        );
        assert.ok(cookie, "a session cookie is set");
        assert.match(cookie!, /HttpOnly/);
        assert.match(cookie!, /SameSite=Lax/);
        assert.match(
          cookie!,
          /kic_session=[A-Za-z0-9_-]{22};/,
          "an opaque 128-bit id",
        );
        const home = await (await c.fetch("/")).text();
        assert.match(home, new RegExp(`${employee.name}님`));
      },
    );

    await t.step(
      "a wrong password and an unknown account get the same answer",
      async () => {
        const wrong = await new Client(app).signIn(
          employee.login,
          "not-the-password",
        );
        const unknown = await new Client(app).signIn(
          "nobody.here",
          "not-the-password",
        );
        assert.equal(wrong.status, 401);
        assert.equal(unknown.status, wrong.status);
        const strip = (s: string) =>
          s.replace(/value="[^"]*"/g, "").replace(/nonce-[^']+/g, "");
        assert.equal(strip(await unknown.text()), strip(await wrong.text()));
      },
    );

    await t.step(
      "a POST without a valid CSRF token changes nothing",
      async () => {
        const c = new Client(app);
        await c.page("/login");
        const noToken = await c.post("/login", {
          login: employee.login,
          password: employee.password,
        });
        assert.equal(noToken.status, 403);
        assert.ok(
          !noToken.headers.getSetCookie().some((x) =>
            x.startsWith("kic_session=")
          ),
        );
        const badToken = await c.post("/login", {
          _csrf: "x".repeat(32),
          login: employee.login,
          password: employee.password,
        });
        assert.equal(badToken.status, 403);
        // Signed in, a forged sign-out (token missing) leaves the session alive.
        await c.signIn(employee.login, employee.password);
        const forged = await c.post("/logout", {});
        assert.equal(forged.status, 403);
        assert.match(
          await (await c.fetch("/")).text(),
          new RegExp(`${employee.name}님`),
        );
        // A foreign Origin is refused even with the right token.
        const { csrf } = await c.page("/");
        const foreign = await c.post("/logout", { _csrf: csrf }, {
          origin: "https://evil.example",
        });
        assert.equal(foreign.status, 403);
        const ok = await c.post("/logout", { _csrf: csrf });
        assert.equal(ok.status, 303);
        assert.doesNotMatch(
          await (await c.fetch("/")).text(),
          new RegExp(`${employee.name}님`),
        );
      },
    );

    await t.step(
      "an employee gets 403 under /admin, an admin gets the dashboard",
      async () => {
        const anon = await new Client(app).fetch("/admin");
        assert.equal(anon.status, 303);
        const c = new Client(app);
        await c.signIn(employee.login, employee.password);
        assert.equal((await c.fetch("/admin")).status, 403);
        const a = new Client(app);
        await a.signIn(admin.login, admin.password);
        const res = await a.fetch("/admin");
        assert.equal(res.status, 200);
        assert.match(await res.text(), /관리자/);
      },
    );

    await t.step("sign-in is rate-limited per account", async () => {
      const c = new Client(app);
      const login = DEMO_ACCOUNTS[3].login;
      const statuses = [];
      for (let i = 0; i < 6; i++) {
        statuses.push((await c.signIn(login, "wrong")).status);
      }
      assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429]);
      const blocked = await c.signIn(login, DEMO_ACCOUNTS[3].password);
      assert.equal(blocked.status, 429, "even the right password waits");
      assert.ok(Number(blocked.headers.get("retry-after")) > 0);
    });

    await t.step(
      "/metrics labels requests by route pattern, not raw path",
      async () => {
        const c = new Client(app);
        await c.signIn(employee.login, employee.password);
        const round = (await (await c.fetch("/")).text()).match(
          /href="\/rounds\/(\d+)"/,
        )?.[1];
        assert.ok(round, "the home page links the open round");
        const page = await c.fetch(`/rounds/${round}`);
        assert.equal(page.status, 200);
        await page.body?.cancel();
        const text = await (await app.app.ops(
          new Request("http://pod:9464/metrics"),
        )).text();
        assert.match(
          text,
          /http_request_duration_seconds_bucket\{[^}]*route="\/rounds\/\[id\]"/,
        );
        assert.doesNotMatch(text, new RegExp(`route="/rounds/${round}"`));
        assert.match(text, /kic_dependency_up\{dependency="db"\} 1/);
        assert.match(text, /process_resident_memory_bytes \d+/);
        for (const line of text.split("\n")) {
          if (line === "" || line.startsWith("#")) continue;
          assert.match(
            line,
            /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[^}]*\})? [-+]?([0-9.e+-]+|NaN|\+Inf|-Inf)$/,
            line,
          );
        }
      },
    );

    await t.step(
      "/metrics and readiness details are not on the public port, whatever the headers",
      async () => {
        for (
          const headers of <Record<string, string>[]> [
            {},
            { "x-forwarded-for": "203.0.113.9" },
            { forwarded: "for=203.0.113.9" },
            { "x-real-ip": "203.0.113.9" },
          ]
        ) {
          const res = await app.fetch("/metrics", { headers });
          assert.equal(res.status, 404);
          await res.body?.cancel();
        }
        const ready = await app.fetch("/healthz/ready");
        assert.equal(await ready.text(), "ready\n");
      },
    );

    await t.step(
      "hostile form input gets a clear answer, never a 500 or a crash",
      async () => {
        const c = new Client(app);
        const { csrf } = await c.page("/login");
        for (
          const next of [
            "/\x7fx",
            "/\x01",
            "/\x00",
            "/한",
            "//evil.example",
            "https://evil.example",
          ]
        ) {
          const res = await c.post("/lang", { _csrf: csrf, lang: "en", next });
          assert.equal(res.status, 303, next);
          assert.match(res.headers.get("location")!, /^\/[\x21-\x7e]*$/, next);
          assert.ok(!res.headers.get("location")!.startsWith("//"), next);
        }
        const text = await c.fetch("/login", {
          method: "POST",
          body: "login=x",
          headers: {
            "content-type": "text/plain",
            "content-length": "7",
            "x-csrf-token": csrf,
            origin: ORIGIN,
          },
        });
        assert.equal(text.status, 400);
        await text.body?.cancel();
        const big = await c.fetch("/login", {
          method: "POST",
          body: "x",
          headers: {
            "content-length": String(50 * 1024 * 1024),
            "x-csrf-token": csrf,
            origin: ORIGIN,
          },
        });
        assert.equal(big.status, 413);
        await big.body?.cancel();
        const chunked = await c.fetch("/login", {
          method: "POST",
          body: new ReadableStream({
            start(ctl) {
              ctl.enqueue(new TextEncoder().encode("login=x"));
              ctl.close();
            },
          }),
          headers: { "x-csrf-token": csrf, origin: ORIGIN },
        });
        assert.equal(chunked.status, 411);
        await chunked.body?.cancel();
        assert.equal(
          (await app.fetch("/healthz/live")).status,
          200,
          "still alive",
        );
      },
    );

    await t.step(
      "parallel guesses cannot outrun the per-account budget",
      async () => {
        const login = DEMO_ACCOUNTS[2].login;
        const clients = Array.from({ length: 12 }, () => new Client(app));
        const statuses = await Promise.all(
          clients.map((c) => c.signIn(login, "guess").then((r) => r.status)),
        );
        assert.equal(
          statuses.filter((s) => s === 401).length,
          5,
          String(statuses),
        );
        assert.equal(statuses.filter((s) => s === 429).length, 7);
      },
    );

    await t.step("static files carry no cookie", async () => {
      const css = await app.fetch("/styles.css");
      assert.equal(css.status, 200);
      assert.deepEqual(css.headers.getSetCookie(), []);
      await css.body?.cancel();
    });

    const storage = app.app.services.storage;
    const putTestDocuments = async () => {
      await storage.put(
        "documents/test/a.pdf",
        new TextEncoder().encode("%PDF-1.7 test"),
        "application/pdf",
      );
      await storage.put(
        "documents/test/b.html",
        new TextEncoder().encode("<script>x</script>"),
        "text/html",
      );
    };

    await t.step({
      name: "folder storage: private files need a fresh signature",
      ignore: storage.kind !== "folder",
      async fn() {
        await putTestDocuments();
        const pdf = await app.fetch(
          await storage.signedUrl("documents/test/a.pdf", 60),
        );
        assert.equal(pdf.status, 200);
        assert.equal(pdf.headers.get("content-type"), "application/pdf");
        assert.match(pdf.headers.get("content-security-policy")!, /sandbox/);
        assert.equal(await pdf.text(), "%PDF-1.7 test");
        const html = await app.fetch(
          await storage.signedUrl("documents/test/b.html", 60),
        );
        assert.equal(html.headers.get("content-disposition"), "attachment");
        assert.equal(
          html.headers.get("content-type"),
          "application/octet-stream",
        );
        await html.body?.cancel();
        const forged = (await storage.signedUrl("documents/test/a.pdf", 60))
          .replace(/sig=[^&]+/, "sig=AAAA");
        assert.equal((await app.fetch(forged)).status, 404);
        assert.equal(
          (await app.fetch("/files/documents/test/a.pdf")).status,
          404,
        );
      },
    });

    // s3rver accepts any signature, so expiry and tampering are tested on the folder store.
    await t.step({
      name:
        "S3 storage: private files are read through presigned S3 URLs, never /files",
      ignore: storage.kind !== "s3",
      async fn() {
        await putTestDocuments();
        const url = await storage.signedUrl("documents/test/a.pdf", 60);
        const parsed = new URL(url);
        const s3 = app.app.services.config.storage;
        assert.equal(
          s3.kind === "s3" && new URL(s3.endpoint).origin,
          parsed.origin,
        );
        assert.match(parsed.pathname, /\/documents\/test\/a\.pdf$/);
        assert.equal(parsed.searchParams.get("X-Amz-Expires"), "60");
        assert.ok(parsed.searchParams.get("X-Amz-Signature"));
        const pdf = await fetch(url);
        assert.equal(pdf.status, 200);
        assert.equal(pdf.headers.get("content-type"), "application/pdf");
        assert.equal(await pdf.text(), "%PDF-1.7 test");
        assert.deepEqual(await storage.get("documents/test/b.html"), {
          bytes: new TextEncoder().encode("<script>x</script>"),
          contentType: "text/html",
        });
        // The app's /files route serves the folder store only, signed or not.
        const folderStyle = `/files/documents/test/a.pdf?exp=${
          Math.floor(Date.now() / 1000) + 60
        }&sig=${parsed.searchParams.get("X-Amz-Signature")}`;
        for (const path of [folderStyle, "/files/documents/test/a.pdf"]) {
          const res = await app.fetch(path);
          assert.equal(res.status, 404, path);
          await res.body?.cancel();
        }
        await storage.delete("documents/test/a.pdf");
        assert.equal(await storage.get("documents/test/a.pdf"), null);
      },
    });

    await t.step("health endpoints", async () => {
      assert.equal((await app.fetch("/healthz/live")).status, 200);
      const ready = await app.fetch("/healthz/ready");
      assert.equal(ready.status, 200);
      await ready.body?.cancel();
      const details = await app.app.ops(
        new Request("http://pod:9464/healthz/ready"),
      );
      assert.equal((await details.json()).ready, true);
    });

    await t.step(
      "bad ids and unknown pages answer 404, never 500",
      async () => {
        const c = new Client(app);
        await c.signIn(employee.login, employee.password);
        for (
          const path of [
            "/rounds/abc",
            "/rounds/99999999",
            "/rounds/1e400",
            "/nope/../../etc",
          ]
        ) {
          const res = await c.fetch(path);
          assert.equal(res.status, 404, path);
          await res.body?.cancel();
        }
      },
    );

    await t.step(
      "the verify page ships one nonce'd module script for its island",
      async () => {
        const res = await app.fetch("/verify");
        const html = await res.text();
        const nonce = res.headers.get("content-security-policy")!.match(
          /'nonce-([^']+)'/,
        )![1];
        const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
        const modules = scripts.filter((s) => s.includes('type="module"'));
        assert.equal(modules.length, 1);
        assert.ok(modules[0].includes(`nonce="${nonce}"`));
      },
    );
  } finally {
    await app.close();
  }
});

Deno.test("every response carries a request id (the ingress's when it is plain)", async () => {
  const app = await startTestApp();
  try {
    const fresh = await app.fetch("/healthz/live");
    assert.match(fresh.headers.get("x-request-id") ?? "", /^[0-9a-f-]{36}$/);
    const kept = await app.fetch("/login", {
      headers: { "x-request-id": "ingress-abc-123" },
    });
    assert.equal(kept.headers.get("x-request-id"), "ingress-abc-123");
    await kept.body?.cancel();
    const odd = await app.fetch("/login", {
      headers: { "x-request-id": "bad id\twith tab" },
    });
    assert.notEqual(odd.headers.get("x-request-id"), "bad id\twith tab");
    await odd.body?.cancel();
  } finally {
    await app.close();
  }
});
