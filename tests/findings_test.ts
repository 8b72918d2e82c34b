/**
 * The web-layer findings of the security review (issue 7), each shown by a request that
 * failed before its fix.
 */
import assert from "node:assert/strict";
import { Client, DEMO_ACCOUNTS, startTestApp } from "./harness.ts";

const employee = DEMO_ACCOUNTS[1];

Deno.test("review findings: redirects, methods, CSRF in the query, files, trailing slash", async (t) => {
  const app = await startTestApp();
  try {
    const c = new Client(app);
    await c.signIn(employee.login, employee.password);

    await t.step(
      "signed in, /login?next= never sends the browser off-site",
      async () => {
        for (
          const next of [
            "/.//evil.example/x",
            "/..//evil.example/x",
            "/%2e%2e//evil.example/x",
            "/./\\evil.example/x",
          ]
        ) {
          const res = await c.fetch(`/login?next=${encodeURIComponent(next)}`);
          assert.equal(res.status, 303, next);
          assert.equal(res.headers.get("location"), "/", next);
        }
      },
    );

    await t.step("POST /lang never sends the browser off-site", async () => {
      const { csrf } = await c.page("/");
      const res = await c.post("/lang", {
        _csrf: csrf,
        lang: "en",
        next: "/.//evil.example/x",
      });
      assert.equal(res.status, 303);
      assert.equal(res.headers.get("location"), "/");
    });

    await t.step(
      "unknown methods get 501 first and one OTHER label",
      async () => {
        for (let i = 0; i < 30; i++) {
          const res = await app.fetch("/admin", {
            method: `MADEUP${i}`,
            body: "x",
          });
          assert.equal(res.status, 501);
          assert.equal(res.headers.get("x-content-type-options"), "nosniff");
          await res.body?.cancel();
        }
        const long = await app.fetch("/", { method: "X".repeat(4000) });
        assert.equal(long.status, 501);
        await long.body?.cancel();
        const text = await (await app.app.ops(
          new Request("http://pod:9464/metrics"),
        )).text();
        const methods = new Set(
          [...text.matchAll(/method="([^"]*)"/g)].map((m) => m[1]),
        );
        for (const m of methods) {
          assert.match(m, /^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS|OTHER)$/);
        }
        assert.ok(methods.has("OTHER"));
      },
    );

    await t.step(
      "a CSRF token in the query string is not accepted",
      async () => {
        const { csrf } = await c.page("/");
        const body = new URLSearchParams({ lang: "en", next: "/" }).toString();
        const res = await c.fetch(`/lang?_csrf=${encodeURIComponent(csrf)}`, {
          method: "POST",
          body,
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            "content-length": String(body.length),
            origin: "http://kic.test",
          },
        });
        assert.equal(res.status, 403);
        await res.body?.cancel();
      },
    );

    await t.step(
      "the trailing-slash redirect carries the security headers",
      async () => {
        const res = await app.fetch("/verify/");
        assert.equal(res.status, 307);
        assert.equal(res.headers.get("location"), "/verify");
        assert.equal(res.headers.get("x-frame-options"), "DENY");
        assert.ok(res.headers.get("content-security-policy"));
      },
    );

    const storage = app.app.services.storage;
    await t.step({
      name: "/files: a well-signed invalid key is 404; a far expiry is refused",
      ignore: storage.kind !== "folder",
      fn: async () => {
        const { folderSignature } = await import(
          "@/services/storage_folder.ts"
        );
        const secret = app.app.services.config.appSecret;
        const exp = Math.floor(Date.now() / 1000) + 60;
        await storage.put(
          "documents/test/far.pdf",
          new TextEncoder().encode("%PDF-1.7 far"),
          "application/pdf",
        );
        // Folders and keys the store refuses, each well signed.
        for (
          const key of ["documents", "documents/test", "a b", "x".repeat(600)]
        ) {
          const sig = folderSignature(secret, { key, exp });
          const path = key.split("/").map(encodeURIComponent).join("/");
          const res = await app.fetch(`/files/${path}?exp=${exp}&sig=${sig}`);
          assert.equal(res.status, 404, key);
          await res.body?.cancel();
        }
        const years = Math.floor(Date.now() / 1000) + 5 * 365 * 86400;
        const far = `/files/documents/test/far.pdf?exp=${years}&sig=${
          folderSignature(secret, { key: "documents/test/far.pdf", exp: years })
        }`;
        const res = await app.fetch(far);
        assert.equal(res.status, 404);
        await res.body?.cancel();
      },
    });
  } finally {
    await app.close();
  }
});

Deno.test("an upload over the cap is checked for CSRF and answered 413 in the user's language", async () => {
  const app = await startTestApp();
  try {
    const c = new Client(app);
    const { csrf } = await c.page("/login");
    const boundary = "----kic";
    const head =
      `--${boundary}\r\ncontent-disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n` +
      `--${boundary}\r\ncontent-disposition: form-data; name="doc"; filename="a.pdf"\r\n` +
      `content-type: application/pdf\r\n\r\n`;
    const big = new Uint8Array(12 * 1024 * 1024);
    const body = new Uint8Array([...new TextEncoder().encode(head), ...big]);
    const post = (token: boolean) =>
      c.fetch("/login", {
        method: "POST",
        body: token ? body : body.slice(head.indexOf("--", 10)),
        headers: {
          "content-type": `multipart/form-data; boundary=${boundary}`,
          "content-length": String(
            token ? body.length : body.length - head.indexOf("--", 10),
          ),
          origin: "http://kic.test",
        },
      });
    const res = await post(true);
    assert.equal(res.status, 413);
    assert.match(await res.text(), /10 MB/);
    const forged = await post(false);
    assert.equal(forged.status, 403, "no token, no 413 page");
    await forged.body?.cancel();
  } finally {
    await app.close();
  }
});
