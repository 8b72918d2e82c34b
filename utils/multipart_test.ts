import assert from "node:assert/strict";
import fc from "fast-check";
import {
  type FormBody,
  type FormLimits,
  parseHeaderParams,
  readFormBody,
} from "./multipart.ts";

const MiB = 1024 * 1024;
const enc = new TextEncoder();

interface Part {
  name: string;
  value: string | Uint8Array;
  filename?: string;
  type?: string;
  /** Extra raw header lines, or a full replacement of the headers when `raw` is set. */
  raw?: string;
}

function multipart(
  parts: Part[],
  boundary = "----kicBoundary7MA4YWxk",
): Uint8Array {
  const chunks: Uint8Array[] = [];
  for (const p of parts) {
    let head = `--${boundary}\r\n`;
    if (p.raw !== undefined) head += p.raw;
    else {
      head += `Content-Disposition: form-data; name="${p.name}"`;
      if (p.filename !== undefined) head += `; filename="${p.filename}"`;
      head += "\r\n";
      if (p.type) head += `Content-Type: ${p.type}\r\n`;
    }
    head += "\r\n";
    chunks.push(enc.encode(head));
    chunks.push(typeof p.value === "string" ? enc.encode(p.value) : p.value);
    chunks.push(enc.encode("\r\n"));
  }
  chunks.push(enc.encode(`--${boundary}--\r\n`));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  chunks.reduce((at, c) => (out.set(c, at), at + c.length), 0);
  return out;
}

/** A pull stream over `bytes` in chunks of the given sizes (cycled); counts what was pulled. */
function stream(bytes: Uint8Array, sizes: number[] = [64 * 1024]) {
  const stats = { pulled: 0, cancelled: false };
  let at = 0;
  let i = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      const n = Math.max(1, sizes[i++ % sizes.length]);
      const chunk = bytes.slice(at, at + n);
      at += chunk.length;
      stats.pulled += chunk.length;
      controller.enqueue(chunk);
    },
    cancel() {
      stats.cancelled = true;
    },
  }, { highWaterMark: 0 });
  return { body, stats };
}

function read(
  bytes: Uint8Array,
  options: {
    type?: string;
    sizes?: number[];
    limits?: FormLimits;
    length?: number;
  } = {},
): Promise<FormBody> & { stats: { pulled: number; cancelled: boolean } } {
  const { body, stats } = stream(bytes, options.sizes);
  const headers = new Headers({
    "content-type": options.type ??
      "multipart/form-data; boundary=----kicBoundary7MA4YWxk",
  });
  if (options.length !== undefined) {
    headers.set("content-length", String(options.length));
  }
  return Object.assign(readFormBody({ headers, body }, options.limits), {
    stats,
  });
}

const plain = (b: FormBody) => Object.fromEntries(b.fields);

function pattern(size: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = (i * 31 + 7) & 0xff;
  return out;
}

Deno.test("multipart: fields, a Korean file name and the file bytes", async () => {
  const file = pattern(5000);
  const body = multipart([
    { name: "_csrf", value: "tok" },
    { name: "name", value: "김하나" },
    { name: "choice", value: "a" },
    { name: "choice", value: "b" },
    {
      name: "doc",
      value: file,
      filename: "가족관계증명서.pdf",
      type: "application/pdf",
    },
  ]);
  const got = await read(body);
  assert.deepEqual(plain(got), {
    _csrf: ["tok"],
    name: ["김하나"],
    choice: ["a", "b"],
  });
  assert.equal(got.file?.field, "doc");
  assert.equal(got.file?.filename, "가족관계증명서.pdf");
  assert.equal(got.file?.contentType, "application/pdf");
  assert.deepEqual(got.file?.bytes, file);
  assert.equal(got.tooLarge || got.malformed || got.tooManyFiles, false);
});

Deno.test("multipart: every split point of a small body gives the same result", async () => {
  const file = enc.encode("%PDF-1.7\r\n--not-a-boundary\r\n\r\n%%EOF\r\n");
  const body = multipart([
    { name: "_csrf", value: "tok" },
    { name: "memo", value: "줄1\r\n줄2\r\n------kicBoundary7MA4YWx" },
    { name: "doc", value: file, filename: "a.pdf", type: "application/pdf" },
    { name: "after", value: "" },
  ]);
  const whole = await read(body, { sizes: [body.length] });
  assert.equal(whole.malformed, false);
  assert.deepEqual(whole.file?.bytes, file);
  assert.deepEqual(whole.fields.get("memo"), [
    "줄1\r\n줄2\r\n------kicBoundary7MA4YWx",
  ]);
  for (let cut = 1; cut < body.length; cut++) {
    const got = await read(body, { sizes: [cut, body.length] });
    assert.deepEqual(plain(got), plain(whole), `cut at ${cut}`);
    assert.deepEqual(got.file, whole.file, `cut at ${cut}`);
    assert.equal(got.malformed, false, `cut at ${cut}`);
  }
  const bytewise = await read(body, { sizes: [1] });
  assert.deepEqual(plain(bytewise), plain(whole));
  assert.deepEqual(bytewise.file, whole.file);
});

Deno.test("multipart: a 10.5 MiB file passes under the 11 MiB limit", async () => {
  const file = pattern(10.5 * MiB);
  const body = multipart([
    { name: "_csrf", value: "tok" },
    { name: "doc", value: file, filename: "scan.jpg", type: "image/jpeg" },
  ]);
  const got = await read(body, { limits: { maxBytes: 11 * MiB } });
  assert.equal(got.tooLarge, false);
  assert.equal(got.malformed, false);
  assert.equal(got.file?.bytes.length, file.length);
  assert.deepEqual(got.file?.bytes, file);
});

Deno.test("multipart: 11.5 MiB is too large, reading stops at the limit, earlier fields survive", async () => {
  const body = multipart([
    { name: "_csrf", value: "tok" },
    { name: "kind", value: "disability" },
    { name: "doc", value: pattern(11.5 * MiB), filename: "big.pdf" },
    { name: "late", value: "never seen" },
  ]);
  for (const length of [undefined, body.length]) {
    const got = read(body, { sizes: [64 * 1024], length });
    const result = await got;
    assert.equal(result.tooLarge, true);
    assert.equal(result.file, null);
    assert.deepEqual(plain(result), { _csrf: ["tok"], kind: ["disability"] });
    // Without a length it reads to the limit; with one over it, it stops at the file part.
    const most = length === undefined ? 11 * MiB + 64 * 1024 : 64 * 1024;
    assert.ok(got.stats.pulled <= most, `${length}: ${got.stats.pulled}`);
    assert.ok(got.stats.pulled < body.length);
    assert.equal(got.stats.cancelled, true);
  }
});

Deno.test("urlencoded: values, repeats, the limit keeps complete pairs", async () => {
  const text = "_csrf=tok&name=%EA%B9%80+%ED%95%98%EB%82%98&c=1&c=2&empty=";
  const got = await read(enc.encode(text), {
    type: "application/x-www-form-urlencoded;charset=UTF-8",
    sizes: [3],
  });
  assert.deepEqual(plain(got), {
    _csrf: ["tok"],
    name: ["김 하나"],
    c: ["1", "2"],
    empty: [""],
  });
  const big = enc.encode(`_csrf=tok&a=1&b=${"x".repeat(5000)}`);
  const cut = read(big, {
    type: "application/x-www-form-urlencoded",
    sizes: [100],
    limits: { maxBytes: 1000, maxFieldBytes: 10_000 },
  });
  const res = await cut;
  assert.equal(res.tooLarge, true);
  assert.deepEqual(plain(res), { _csrf: ["tok"], a: ["1"] });
  assert.ok(cut.stats.pulled <= 1100);
  assert.equal(cut.stats.cancelled, true);
});

Deno.test("field count and field size limits drop and flag", async () => {
  const many = Array.from({ length: 10 }, (_, i) => ({
    name: `f${i}`,
    value: "v",
  }));
  const got = await read(multipart(many), { limits: { maxFields: 4 } });
  assert.equal(got.fields.size, 4);
  assert.equal(got.fieldLimitHit, true);
  const long = await read(
    multipart([{ name: "a", value: "ok" }, {
      name: "b",
      value: "x".repeat(3000),
    }]),
    { limits: { maxFieldBytes: 1000 }, sizes: [100] },
  );
  assert.deepEqual(plain(long), { a: ["ok"] });
  assert.equal(long.fieldLimitHit, true);
  const url = await read(enc.encode("a=1&b=" + "y".repeat(2000)), {
    type: "application/x-www-form-urlencoded",
    limits: { maxFieldBytes: 1000 },
  });
  assert.deepEqual(plain(url), { a: ["1"] });
  assert.equal(url.fieldLimitHit, true);
});

Deno.test("one file per request: the second is dropped and flagged", async () => {
  const got = await read(multipart([
    { name: "a", value: pattern(10), filename: "1.png" },
    { name: "b", value: pattern(20), filename: "2.png" },
    { name: "after", value: "kept" },
  ]));
  assert.equal(got.tooManyFiles, true);
  assert.equal(got.file?.filename, "1.png");
  assert.equal(got.file?.bytes.length, 10);
  assert.deepEqual(plain(got), { after: ["kept"] });
});

Deno.test("an empty file input is no file; a named empty file is one", async () => {
  const none = await read(multipart([
    { name: "doc", value: "", filename: "", type: "application/octet-stream" },
    { name: "x", value: "1" },
  ]));
  assert.equal(none.file, null);
  assert.equal(none.tooManyFiles, false);
  const empty = await read(
    multipart([{ name: "doc", value: "", filename: "e.pdf" }]),
  );
  assert.equal(empty.file?.filename, "e.pdf");
  assert.equal(empty.file?.bytes.length, 0);
  assert.equal(empty.file?.contentType, "application/octet-stream");
});

Deno.test("boundaries: quoted, unquoted, and padding after the delimiter", async () => {
  const b = "a'b(c)+_,-./:=?";
  const body = multipart([{ name: "x", value: "1" }], b);
  for (
    const type of [
      `multipart/form-data; boundary="${b}"`,
      `Multipart/Form-Data;charset=utf-8;BOUNDARY="${b}"`,
    ]
  ) {
    const got = await read(body, { type });
    assert.deepEqual(plain(got), { x: ["1"] }, type);
    assert.equal(got.malformed, false);
  }
  const simple = multipart([{ name: "x", value: "2" }], "simple");
  assert.deepEqual(
    plain(await read(simple, { type: "multipart/form-data; boundary=simple" })),
    { x: ["2"] },
  );
  const padded = enc.encode(
    'preamble\r\n--simple  \r\nContent-Disposition: form-data; name="p"\r\n\r\nv\r\n--simple--',
  );
  const got = await read(padded, {
    type: "multipart/form-data; boundary=simple",
  });
  assert.deepEqual(plain(got), { p: ["v"] });
  assert.equal(got.malformed, false);
});

Deno.test("filename* wins, folders are stripped, escaped quotes are read", async () => {
  const got = await read(multipart([{
    name: "doc",
    value: "x",
    raw:
      `Content-Disposition: form-data; name="doc"; filename="fallback.pdf"; ` +
      `filename*=UTF-8''%EC%A6%9D%EB%AA%85%EC%84%9C.pdf\r\n`,
  }]));
  assert.equal(got.file?.filename, "증명서.pdf");
  const win = await read(multipart([{
    name: "doc",
    value: "x",
    raw:
      `Content-Disposition: form-data; name="doc"; filename="C:\\\\Users\\\\me\\\\a \\"b\\".pdf"\r\n`,
  }]));
  assert.equal(win.file?.filename, 'a "b".pdf');
  assert.deepEqual(
    parseHeaderParams(`form-data; name=plain; filename=" sp ace "`),
    {
      value: "form-data",
      params: new Map([["name", "plain"], ["filename", " sp ace "]]),
    },
  );
});

Deno.test("parts without Content-Disposition or a name are ignored", async () => {
  const got = await read(multipart([
    { name: "", value: "skipped", raw: "Content-Type: text/plain\r\n" },
    { name: "", value: "no headers at all", raw: "" },
    { name: "", value: "no name", raw: "Content-Disposition: form-data\r\n" },
    {
      name: "",
      value: "attachment",
      raw: 'Content-Disposition: attachment; name="z"\r\n',
    },
    { name: "ok", value: "1" },
  ]));
  assert.deepEqual(plain(got), { ok: ["1"] });
  assert.equal(got.malformed, false);
});

Deno.test("malformed: no final boundary, bad framing, bad types; never throws", async () => {
  const full = multipart([
    { name: "a", value: "1" },
    { name: "doc", value: pattern(100), filename: "x.png" },
  ]);
  const cut = await read(full.subarray(0, full.length - 30));
  assert.equal(cut.malformed, true);
  assert.equal(cut.file, null);
  assert.deepEqual(plain(cut), { a: ["1"] });
  const cases: [string, Uint8Array][] = [
    ["multipart/form-data", full],
    ["multipart/form-data; boundary=", full],
    ["multipart/form-data; boundary=" + "x".repeat(71), full],
    ["text/plain", full],
    ["", full],
    ["multipart/form-data; boundary=zz", enc.encode("")],
    ["multipart/form-data; boundary=zz", enc.encode("--zzgarbage\r\n")],
    [
      "multipart/form-data; boundary=zz",
      enc.encode("--zz\r\nno end of headers"),
    ],
    ["multipart/form-data; boundary=zz", pattern(100_000)],
  ];
  for (const [type, bytes] of cases) {
    const got = await read(bytes, { type });
    assert.equal(got.malformed, true, type);
  }
  const failing = new ReadableStream<Uint8Array>({
    pull(c) {
      c.error(new Error("connection reset"));
    },
  });
  const got = await readFormBody({
    headers: new Headers({
      "content-type": "multipart/form-data; boundary=zz",
    }),
    body: failing,
  });
  assert.equal(got.malformed, true);
  const used = new Request("http://kic.test/", {
    method: "POST",
    body: new URLSearchParams("a=1"),
  });
  await used.text();
  assert.equal((await readFormBody(used)).malformed, true);
  const nobody = await readFormBody({
    headers: new Headers({
      "content-type": "application/x-www-form-urlencoded",
    }),
    body: null,
  });
  assert.equal(nobody.malformed, false);
  assert.equal(nobody.fields.size, 0);
});

Deno.test("a real Request built from FormData reads back the same", async () => {
  const form = new FormData();
  form.append("_csrf", "tok");
  form.append("이름", "박 둘");
  form.append(
    "doc",
    new File([pattern(3000)], "사진.png", { type: "image/png" }),
  );
  const got = await readFormBody(
    new Request("http://kic.test/", { method: "POST", body: form }),
  );
  assert.deepEqual(plain(got), { _csrf: ["tok"], 이름: ["박 둘"] });
  assert.equal(got.file?.filename, "사진.png");
  assert.deepEqual(got.file?.bytes, pattern(3000));
});

Deno.test("property: random fields and a file, split at random chunk sizes, round-trip", async () => {
  const name = fc.string({ minLength: 1, maxLength: 12 }).filter((s) =>
    !/["\\\r\n%]/.test(s)
  );
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.tuple(name, fc.string({ maxLength: 60, unit: "grapheme" })), {
        maxLength: 8,
      }),
      fc.option(fc.uint8Array({ minLength: 1, maxLength: 3000 })),
      fc.array(fc.integer({ min: 1, max: 200 }), {
        minLength: 1,
        maxLength: 6,
      }),
      async (fields, file, sizes) => {
        const parts: Part[] = fields.map(([n, v]) => ({ name: n, value: v }));
        if (file) {
          parts.splice(parts.length >> 1, 0, {
            name: "doc",
            value: file,
            filename: "f.bin",
          });
        }
        const got = await read(multipart(parts), { sizes });
        const expected = new Map<string, string[]>();
        for (const [n, v] of fields) {
          expected.set(n, [...(expected.get(n) ?? []), v]);
        }
        assert.deepEqual(got.fields, expected);
        assert.deepEqual(got.file?.bytes ?? null, file);
        assert.equal(got.malformed, false);
      },
    ),
    { numRuns: 200 },
  );
});

Deno.test("property: arbitrary bytes under any content type never throw", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(
        fc.uint8Array({ maxLength: 400 }),
        fc.string({ maxLength: 400 }).map((t) =>
          enc.encode(t.replace(/\|/g, "\r\n"))
        ),
        fc.array(
          fc.constantFrom(
            "--zz",
            "\r\n",
            "--",
            'Content-Disposition: form-data; name="a"',
            '; filename="f"',
            "x",
            "\r\n\r\n",
          ),
          { maxLength: 30 },
        ).map((t) => enc.encode(t.join(""))),
      ),
      fc.constantFrom(
        "multipart/form-data; boundary=zz",
        "application/x-www-form-urlencoded",
        "multipart/form-data",
      ),
      fc.integer({ min: 1, max: 50 }),
      async (bytes, type, size) => {
        const got = await read(bytes, {
          type,
          sizes: [size],
          limits: { maxBytes: 300, maxFields: 5, maxFieldBytes: 50 },
        });
        assert.ok(got.fields.size <= 5);
        for (const values of got.fields.values()) {
          for (const v of values) assert.ok(enc.encode(v).length <= 50);
        }
        if (got.tooLarge || got.malformed) assert.equal(got.file, null);
      },
    ),
    { numRuns: 500 },
  );
});
