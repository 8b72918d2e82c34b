/**
 * Must show 3: hostile values to every form of the application (children, the application,
 * documents): huge strings, wrong types, missing and repeated fields, script tags, SQL
 * fragments, and hostile files (an executable renamed .pdf, HTML renamed .png, a zero-byte
 * file, a truncated PDF, a 10.5 MiB PDF under the body cap and an 11 MiB one over it). No
 * 5xx, each message beside its field, and a rejected submission writes no application row and
 * stores no file (counted before and after).
 */
import assert from "node:assert/strict";
import {
  applyPage,
  classIds,
  counts,
  demoRound,
  PDF,
  postMultipart,
  postParams,
} from "./apply_helpers.ts";
import { Client, DEMO_ACCOUNTS, startTestApp } from "./harness.ts";

const KIM = DEMO_ACCOUNTS[1];

const HOSTILE = [
  "",
  "x".repeat(70_000),
  "\u0000",
  "<script>alert(1)</script>",
  "'; DROP TABLE applications; --",
  "1 OR 1=1",
  "-1",
  "0",
  "1e400",
  "99999999999999999999",
  "[object Object]",
  "🙂".repeat(500),
  "\ud800",
];

const MiB = 1024 * 1024;

function pdfOfSize(size: number): Uint8Array {
  const bytes = new Uint8Array(size).fill(0x20);
  bytes.set(PDF.slice(0, PDF.length - 6), 0);
  bytes.set(new TextEncoder().encode("%%EOF\n"), size - 6);
  return bytes;
}

Deno.test("hostile values to the child and application forms: no 5xx, nothing written", async () => {
  const app = await startTestApp();
  try {
    const roundId = await demoRound(app);
    const kim = new Client(app);
    await kim.signIn(KIM.login, KIM.password);
    const [child] = await app.app.services.db.sql<{ id: number }>`
      select c.id from children c join accounts a on a.id = c.account_id
      where a.login = 'kim.hana'`;
    const kid = Number(child.id);
    const [rec] = await classIds(app, { roundId, age: 1 });
    const page = await applyPage(kim, roundId);
    const good: Record<string, string> = {
      _csrf: page.csrf,
      version: page.version,
      [`choice-${kid}-1`]: String(rec),
      childrenCount: "1",
      singleParent: "1",
      intent: "submit",
    };
    const forms: [string, Record<string, string>][] = [
      ["/children", {
        _csrf: page.csrf,
        name: "김하늘",
        birthDate: "2024-01-01",
      }],
      [`/children/${kid}`, {
        _csrf: page.csrf,
        intent: "save",
        name: "김서윤",
        birthDate: "2024-05-14",
      }],
      [`/rounds/${roundId}/apply`, good],
    ];
    const start = await counts(app);
    let posts = 0;
    for (const [path, fields] of forms) {
      for (const name of Object.keys(fields).filter((n) => n !== "_csrf")) {
        for (const value of HOSTILE) {
          for (const shape of ["value", "missing", "repeated"] as const) {
            const params = new URLSearchParams();
            for (const [k, v] of Object.entries(fields)) {
              if (k !== name) params.append(k, v);
              else if (shape === "value") params.append(k, value);
              else if (shape === "repeated") {
                params.append(k, v);
                params.append(k, value);
              }
            }
            if (shape !== "value" && value !== "") continue;
            const res = await postParams(kim, { path, params });
            posts++;
            const html = await res.text();
            assert.ok(
              res.status < 500,
              `${path} ${name}=${value.slice(0, 20)} ${shape}: ${res.status}`,
            );
            assert.doesNotMatch(html, /<script>alert/);
          }
        }
      }
    }
    // The application: a submission without documents never wrote a row; a script in the
    // count is refused beside its field.
    const after = await counts(app);
    assert.equal(after.applications, start.applications);
    assert.equal(after.documents, 0);
    const res = await postParams(kim, {
      path: `/rounds/${roundId}/apply`,
      params: new URLSearchParams({ ...good, childrenCount: "<script>" }),
    });
    assert.equal(res.status, 400);
    const html = await res.text();
    assert.match(html, /id="field-childrenCount-error"/);
    assert.match(html, /name="childrenCount" type="number" value="&lt;script/);
    const noDocs = await postParams(kim, {
      path: `/rounds/${roundId}/apply`,
      params: new URLSearchParams(good),
    });
    assert.equal(noDocs.status, 400);
    assert.match(await noDocs.text(), /id="field-documents-error"/);
    assert.equal((await counts(app)).applications, 0);
    assert.ok(posts > 100, `${posts} posts`);
  } finally {
    await app.close();
  }
});

Deno.test("hostile files: never stored, the message beside the file field", async () => {
  const app = await startTestApp();
  try {
    const roundId = await demoRound(app);
    const kim = new Client(app);
    await kim.signIn(KIM.login, KIM.password);
    const exe = new Uint8Array(4096);
    exe.set([0x4d, 0x5a, 0x90, 0x00]); // "MZ": a Windows executable
    exe.set(
      new TextEncoder().encode("This program cannot be run in DOS mode."),
      0x4e,
    );
    const files: {
      name: string;
      bytes: Uint8Array;
      status: number;
      message: RegExp;
    }[] = [
      {
        name: "setup.pdf",
        bytes: exe,
        status: 400,
        message: /PDF, JPG, PNG 파일만/,
      },
      {
        name: "photo.png",
        bytes: new TextEncoder().encode(
          "<!DOCTYPE html><script>alert(1)</script>",
        ),
        status: 400,
        message: /PDF, JPG, PNG 파일만/,
      },
      {
        name: "empty.pdf",
        bytes: new Uint8Array(),
        status: 400,
        message: /빈 파일입니다|파일을 고르세요/,
      },
      {
        name: "cut.pdf",
        bytes: PDF.slice(0, 40),
        status: 400,
        message: /손상되었거나/,
      },
      {
        name: "big.pdf",
        bytes: pdfOfSize(10.5 * MiB),
        status: 400,
        message: /파일이 너무 큽니다/,
      },
      {
        name: "huge.pdf",
        bytes: pdfOfSize(11 * MiB),
        status: 413,
        message: /파일이 너무 큽니다/,
      },
    ];
    const start = await counts(app);
    for (const file of files) {
      for (const kind of ["resident_register", "disability"]) {
        const { csrf } = await kim.page(`/rounds/${roundId}/documents`);
        const res = await postMultipart(kim, {
          path: `/rounds/${roundId}/documents`,
          fields: [["_csrf", csrf], ["kind", kind]],
          file: {
            field: "document",
            name: file.name,
            bytes: file.bytes,
            type: "application/pdf",
          },
        });
        const html = await res.text();
        assert.equal(res.status, file.status, `${file.name} as ${kind}`);
        assert.match(
          html,
          new RegExp(`id="field-document-${kind}-error"`),
          file.name,
        );
        assert.match(html, file.message, file.name);
      }
    }
    // Hostile text around a file: an unknown kind, a repeated kind, no kind.
    for (const kinds of [["<script>"], ["resident_register", "sibling"], []]) {
      const { csrf } = await kim.page(`/rounds/${roundId}/documents`);
      const res = await postMultipart(kim, {
        path: `/rounds/${roundId}/documents`,
        fields: [
          ["_csrf", csrf],
          ...kinds.map((k) => ["kind", k] as [string, string]),
        ],
        file: { field: "document", name: "a.pdf", bytes: PDF },
      });
      assert.equal(res.status, 400);
      await res.body?.cancel();
    }
    const after = await counts(app);
    assert.deepEqual(after, start);
    // A good file still goes through, and only it is stored.
    const { csrf } = await kim.page(`/rounds/${roundId}/documents`);
    const ok = await postMultipart(kim, {
      path: `/rounds/${roundId}/documents`,
      fields: [["_csrf", csrf], ["kind", "resident_register"]],
      file: { field: "document", name: "a.pdf", bytes: PDF },
    });
    assert.equal(ok.status, 303);
    const end = await counts(app);
    assert.equal(end.documents, 1);
    assert.equal(end.stored, 1);
  } finally {
    await app.close();
  }
});
