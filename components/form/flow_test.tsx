/**
 * The whole path a document form takes, as the web layer will wire it: read the body once,
 * check the CSRF token from its fields, answer a flagged body with the form and a message beside
 * the file field, check the document by content, validate the text fields, re-render.
 */
import assert from "node:assert/strict";
import { renderToString } from "preact-render-to-string";
import { z } from "zod";
import { type Translate, translator } from "@/i18n/mod.ts";
import {
  bodyProblem,
  csrfTokenOf,
  documentError,
  type FormState,
  idempotencyKeyOf,
  parseForm,
  textField,
  translateErrors,
} from "@/utils/form.ts";
import { readFormBody } from "@/utils/multipart.ts";
import { checkDocument } from "@/utils/sniff.ts";
import {
  bindFields,
  type CurrentFile,
  ErrorSummary,
  Field,
  FileField,
  Form,
} from "./mod.ts";

const Upload = z.object({ title: textField({ max: 40 }) });
type Upload = z.output<typeof Upload>;

function Page(
  props: {
    t: Translate;
    state?: FormState<Upload & { doc: unknown }>;
    current?: CurrentFile;
  },
) {
  const { t, state } = props;
  const f = bindFields(state, t);
  const errors = translateErrors(state?.errors ?? {}, t);
  return (
    <Form csrfToken="tok" multipart idempotencyKey>
      <ErrorSummary t={t} errors={errors} order={["title", "doc"]} />
      <Field {...f("title")} label="title" />
      <FileField
        {...f("doc")}
        t={t}
        label="doc"
        current={props.current}
        required
      />
      <button type="submit">ok</button>
    </Form>
  );
}

/** What a POST handler does with a document form; returns the status and the page. */
async function handle(req: Request, t: Translate): Promise<[number, string]> {
  const body = await readFormBody(req);
  if (csrfTokenOf(body) !== "tok") return [403, "csrf"];
  const values = Object.fromEntries(
    [...body.fields].filter(([k]) => !k.startsWith("_")).map((
      [k, v],
    ) => [k, v[0]]),
  );
  const problem = bodyProblem(body, { fileField: "doc" });
  if (problem) {
    return [
      problem.status,
      renderToString(<Page t={t} state={{ values, errors: problem.errors }} />),
    ];
  }
  const parsed = parseForm(Upload, body.fields);
  const errors = parsed.ok ? {} : { ...parsed.state.errors };
  const check = body.file ? checkDocument(body.file.bytes) : null;
  if (check && !check.ok) {
    Object.assign(errors, { doc: documentError(check.problem) });
  }
  if (!body.file) {
    Object.assign(errors, { doc: { key: "form.error.required" } });
  }
  if (Object.keys(errors).length) {
    return [400, renderToString(<Page t={t} state={{ values, errors }} />)];
  }
  return [303, idempotencyKeyOf(body) ?? "no key"];
}

function post(
  parts: [string, string | File][],
  contentLength?: number,
): Request {
  const form = new FormData();
  for (const [k, v] of parts) form.append(k, v);
  const req = new Request("http://kic.test/docs", {
    method: "POST",
    body: form,
  });
  if (contentLength === undefined) return req;
  const headers = new Headers(req.headers);
  headers.set("content-length", String(contentLength));
  return new Request(req.url, { method: "POST", body: req.body, headers });
}

const PDF = new TextEncoder().encode(
  "%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n",
);

Deno.test("a file over the cap: 413, the form again, the message beside the file field", async () => {
  const big = new File([new Uint8Array(11.5 * 1024 * 1024)], "scan.pdf");
  const [status, html] = await handle(
    post(
      [["_csrf", "tok"], ["title", "가족관계증명서"], ["doc", big]],
      12 * 1024 * 1024,
    ),
    translator("ko"),
  );
  assert.equal(status, 413);
  assert.match(
    html,
    /id="field-doc-error">파일이 너무 큽니다. 10 MB 이하의 파일을 올려 주세요./,
  );
  assert.match(html, /<a href="#field-doc">파일이 너무 큽니다/);
  assert.match(html, /value="가족관계증명서"/);
});

Deno.test("a forged token is refused before anything else", async () => {
  const [status] = await handle(
    post([["_csrf", "nope"], ["title", "x"]]),
    translator("ko"),
  );
  assert.equal(status, 403);
});

Deno.test("HTML renamed .png and a NUL in the title: both messages, values kept", async () => {
  const html = new File(
    ["<!DOCTYPE html><script>alert(1)</script>"],
    "photo.png",
    {
      type: "image/png",
    },
  );
  const [status, page] = await handle(
    post([["_csrf", "tok"], ["title", "증명서\u0000"], ["doc", html]]),
    translator("en"),
  );
  assert.equal(status, 400);
  assert.match(page, /id="field-doc-error">Upload a PDF, JPG or PNG file./);
  assert.match(
    page,
    /id="field-title-error">This contains invisible control characters/,
  );
  assert.match(
    page,
    /<a href="#field-title">[^<]*<\/a><\/li><li\s*><a href="#field-doc">/,
  );
});

Deno.test("a good PDF with a title goes through with its idempotency key", async () => {
  const key = crypto.randomUUID();
  const [status, result] = await handle(
    post([["_csrf", "tok"], ["_idem", key], ["title", "증명서"], [
      "doc",
      new File([PDF], "a.pdf"),
    ]]),
    translator("ko"),
  );
  assert.equal(status, 303);
  assert.equal(result, key);
});
