/**
 * Posts hostile values to every form the pages show (found by crawling as anonymous, employee
 * and admin): huge strings, control bytes, script tags, SQL fragments, repeated and missing
 * fields. No answer is a 5xx, and a control byte in a text field gets a message beside it.
 */
import assert from "node:assert/strict";
import { Client, DEMO_ACCOUNTS, startTestApp } from "./harness.ts";

interface FoundForm {
  action: string;
  fields: string[];
}

/** Every form on the pages reachable from "/" by links. */
async function formsOf(c: Client): Promise<FoundForm[]> {
  const seen = new Set<string>();
  const forms = new Map<string, FoundForm>();
  const queue = ["/", "/login"];
  while (queue.length) {
    const path = queue.shift()!;
    if (seen.has(path)) continue;
    seen.add(path);
    const res = await c.fetch(path);
    const html = await res.text();
    for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
      const action = m[1].match(/action="([^"]+)"/)?.[1] ?? path;
      const fields = [...m[2].matchAll(/\bname="([^"]+)"/g)].map((f) => f[1]);
      forms.set(action, { action, fields: [...new Set(fields)] });
    }
    for (const m of html.matchAll(/<a\b[^>]*href="(\/[^"#]*)"/g)) {
      if (!seen.has(m[1])) queue.push(m[1].replaceAll("&amp;", "&"));
    }
  }
  return [...forms.values()];
}

const HOSTILE = [
  "",
  "x".repeat(100_000),
  "\u0000",
  "a\u0000b",
  "\u0001\u001f\u007f",
  "<script>alert(1)</script>",
  "'; DROP TABLE accounts; --",
  "%00%0d%0a",
  "\ud800",
  "🙂".repeat(1000),
  "../../etc/passwd",
  "1e400",
  "-1",
  "null",
  "[object Object]",
];

Deno.test("hostile values to every form: never a 5xx", async () => {
  const app = await startTestApp();
  try {
    let posts = 0;
    let address = 0;
    for (const who of [null, DEMO_ACCOUNTS[1], DEMO_ACCOUNTS[0]]) {
      // Each batch of posts from its own address, so the sign-in slow-down does not pace it.
      const c = new Client(app, `10.0.0.${++address}`);
      if (who) await c.signIn(who.login, who.password);
      const forms = await formsOf(c);
      assert.ok(forms.length >= 2, `forms for ${who?.login ?? "anonymous"}`);
      for (const form of forms) {
        const names = form.fields.filter((f) => f !== "_csrf");
        for (const value of HOSTILE) {
          for (const shape of ["each", "missing", "repeated"] as const) {
            // Sign-in posts each from an address of their own, so the slow-down for an
            // address with many failures does not pace the test.
            const poster = form.action === "/login" && !who
              ? new Client(app, `10.1.${posts % 250}.${address}`)
              : c;
            const { csrf } = await poster.page(who ? "/" : "/login");
            const body = new URLSearchParams({ _csrf: csrf });
            for (const name of names) {
              if (shape === "missing" && name === names[0]) continue;
              body.append(name, value);
              if (shape === "repeated") body.append(name, value + "2");
            }
            const bytes = new TextEncoder().encode(body.toString());
            const res = await poster.fetch(form.action, {
              method: "POST",
              body: bytes,
              headers: {
                "content-type": "application/x-www-form-urlencoded",
                "content-length": String(bytes.length),
                origin: "http://kic.test",
              },
            });
            posts++;
            assert.ok(
              res.status < 500,
              `${form.action} ${shape} ${
                JSON.stringify(value.slice(0, 20))
              }: ${res.status}`,
            );
            await res.body?.cancel();
            if (form.action === "/logout" && res.status === 303 && who) {
              await c.signIn(who.login, who.password);
            }
          }
        }
      }
    }
    console.log(`fuzz: ${posts} hostile posts, no 5xx`);
  } finally {
    await app.close();
  }
});

Deno.test("a control byte in the account field is refused beside the field, in Korean", async () => {
  const app = await startTestApp();
  try {
    const c = new Client(app);
    const { csrf } = await c.page("/login");
    const res = await c.post("/login", {
      _csrf: csrf,
      login: "kim\u0000hana",
      password: "x",
    });
    assert.equal(res.status, 400);
    const html = await res.text();
    assert.match(
      html,
      /<input id="field-login"[^>]*aria-invalid="true"/,
      "the field is marked",
    );
    assert.match(html, /id="field-login-error"[^>]*>[^<]*제어 문자/);
  } finally {
    await app.close();
  }
});
