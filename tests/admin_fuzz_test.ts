/**
 * Issue 9, must show 6, for the admin forms: hostile values (huge strings, wrong types,
 * missing and repeated fields, control bytes, script tags, SQL fragments, a renamed file) are
 * posted to every form of every admin page of the manifest, as an admin with a valid CSRF token.
 * Each post changes ONE field of an otherwise valid submission, so a half-written change would
 * show. No answer is a 5xx, and a rejected submission (any 4xx) leaves every table of the domain
 * exactly as it was: no object, no audit row, no mail.
 */
import assert from "node:assert/strict";
import type { Db } from "@/services/db.ts";
import { adminRoutes, resolveAdminUrl } from "./admin_routes.ts";
import { Client, DEMO_ACCOUNTS, ORIGIN, startTestApp } from "./harness.ts";

const ADMIN = DEMO_ACCOUNTS[0];

/** Tables a rejected request may touch (sessions slide, idempotency keys keep answers). */
const VOLATILE = new Set([
  "sessions",
  "job_runs",
  "idempotency_keys",
  "schema_migrations",
  "clock_offset",
  "round_events",
]);

/** A fingerprint of every domain table: its rows, hashed. */
async function fingerprint(db: Db): Promise<Map<string, string>> {
  const rows = await db.sql<{ table_name: string; fp: string }>`
    select table_name,
      (xpath('/row/c/text()', query_to_xml(format(
        'select md5(coalesce(string_agg(t::text, '','' order by t::text), '''')) as c from %I t',
        table_name), false, true, '')))[1]::text as fp
    from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE'
    order by table_name`;
  return new Map(
    rows.filter((r) => !VOLATILE.has(r.table_name)).map((
      r,
    ) => [r.table_name, r.fp]),
  );
}

function changedTables(
  a: Map<string, string>,
  b: Map<string, string>,
): string[] {
  return [...a.keys()].filter((k) => a.get(k) !== b.get(k));
}

interface PageForm {
  action: string;
  /** Each field's value as the page rendered it (hidden fields included). */
  fields: [string, string][];
}

/** The POST forms of a page, with the values they carry. */
function formsOf(html: string, page: string): PageForm[] {
  const out: PageForm[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    if (!/method="post"/.test(m[1])) continue;
    const action = m[1].match(/action="([^"]+)"/)?.[1] ?? page;
    const fields: [string, string][] = [];
    for (const f of m[2].matchAll(/<(input|textarea|select)\b([^>]*)>/g)) {
      const name = f[2].match(/\bname="([^"]+)"/)?.[1];
      if (!name || name === "_csrf" || name === "_idem") continue;
      const value = f[2].match(/\bvalue="([^"]*)"/)?.[1] ?? "";
      fields.push([
        name,
        value.replaceAll("&amp;", "&").replaceAll("&quot;", '"'),
      ]);
    }
    out.push({ action: action.replaceAll("&amp;", "&"), fields });
  }
  return out;
}

/** Values that make an empty create form valid (each post gets fresh unique ones). */
function validSample(name: string, n: number): string | undefined {
  return ({
    nameKo: "퍼즈",
    login: `fuzz.${n}`,
    email: `fuzz.${n}@kic.example`,
    employeeNo: `F${n}`,
    joinDate: "2020-01-02",
  } as Record<string, string>)[name];
}

const HOSTILE: string[] = [
  "",
  "x".repeat(100_000),
  "\u0000",
  "a\u0000b",
  "\u0001\u001f\u007f\u0085",
  "<script>alert(1)</script>",
  "'; DROP TABLE audit_log; --",
  "' OR '1'='1",
  "%00%0d%0a",
  "\ud800",
  "🙂".repeat(500),
  "1e400",
  "-1",
  "2026-02-30",
  "9999999999999999999999",
  "[object Object]",
  "admin",
];

Deno.test("hostile posts to every admin form: no 5xx, and a rejected one writes nothing", async () => {
  const app = await startTestApp();
  const db = app.app.services.db;
  const c = new Client(app, "10.9.0.1");
  try {
    assert.equal((await c.signIn(ADMIN.login, ADMIN.password)).status, 303);
    // The employee forms of someone else than the admin, too (the admin's own are refused).
    const [other] = await db.sql<{ id: number }>`
      select id from accounts where login = ${DEMO_ACCOUNTS[1].login}`;
    const pages = new Set<string>([`/admin/employees/${other.id}`]);
    for (const route of adminRoutes()) {
      if (route.methods.has("GET")) {
        pages.add(
          await resolveAdminUrl(db, route, app.app.services.storage),
        );
      }
    }
    let posts = 0;
    let rejected = 0;
    let accepted = 0;
    let n = 0;
    const forms: PageForm[] = [];
    for (const page of pages) {
      const { html } = await c.page(page);
      // The admin forms only (the header's sign-out and language forms are not theirs).
      forms.push(
        ...formsOf(html, page).filter((f) => f.action.startsWith("/admin")),
      );
    }
    assert.ok(forms.length >= 3, "the admin pages have forms");

    let current = await fingerprint(db);
    const send = async (
      form: PageForm,
      body: BodyInit,
      headers: Record<string, string>,
      label: string,
    ) => {
      const res = await c.fetch(form.action, {
        method: "POST",
        body,
        headers: { origin: ORIGIN, ...headers },
      });
      posts++;
      await res.body?.cancel();
      assert.ok(res.status < 500, `${label}: ${res.status}`);
      if (res.status >= 400) {
        rejected++;
        assert.deepEqual(
          changedTables(current, await fingerprint(db)),
          [],
          `${label} was refused (${res.status}) but wrote`,
        );
      } else {
        accepted++;
        assert.notEqual(
          res.headers.get("location")?.split("?")[0],
          "/login",
          `${label}: still signed in`,
        );
        current = await fingerprint(db);
      }
    };

    for (const form of forms) {
      const names = form.fields.map(([name]) => name);
      for (const target of names) {
        for (const value of HOSTILE) {
          for (const shape of ["value", "missing", "repeated"] as const) {
            if (shape !== "value" && value !== HOSTILE[0]) continue;
            const { csrf } = await c.page("/admin");
            const body = new URLSearchParams({ _csrf: csrf });
            n++;
            for (const [name, rendered] of form.fields) {
              const base = validSample(name, n) ?? rendered;
              if (name !== target) body.append(name, base);
              else if (shape === "value") body.append(name, value);
              else if (shape === "repeated") {
                body.append(name, base);
                body.append(name, "<b>again</b>");
              }
            }
            const bytes = new TextEncoder().encode(body.toString());
            await send(
              form,
              bytes,
              {
                "content-type": "application/x-www-form-urlencoded",
                "content-length": String(bytes.length),
              },
              `${form.action} ${target}=${
                JSON.stringify(value.slice(0, 20))
              } (${shape})`,
            );
          }
        }
      }
      // A renamed file (a script saved as .pdf) riding along, and a JSON body.
      const { csrf } = await c.page("/admin");
      const multipart = new FormData();
      multipart.append("_csrf", csrf);
      for (const [name, value] of form.fields) multipart.append(name, value);
      multipart.append(
        "file",
        new File(["<script>alert(1)</script>"], "report.pdf", {
          type: "application/pdf",
        }),
      );
      const encoded = new Response(multipart);
      const bytes = new Uint8Array(await encoded.arrayBuffer());
      await send(form, bytes, {
        "content-type": encoded.headers.get("content-type")!,
        "content-length": String(bytes.length),
      }, `${form.action} with a renamed file`);
      const json = JSON.stringify({ intent: "deactivate", nameKo: ["a", 1] });
      await send(form, json, {
        "content-type": "application/json",
        "content-length": String(json.length),
        "x-csrf-token": csrf,
      }, `${form.action} as JSON`);
    }
    console.log(
      `admin fuzz: ${posts} hostile posts to ${forms.length} forms, ${rejected} refused with nothing written, ${accepted} accepted, no 5xx`,
    );
    assert.ok(rejected > posts / 2, "most hostile posts are refused");
  } finally {
    await app.close();
  }
});
