import assert from "node:assert/strict";
import { z } from "zod";
import { translator } from "@/i18n/mod.ts";
import {
  bodyError,
  bodyProblem,
  checkboxField,
  choiceField,
  csrfTokenOf,
  documentError,
  fieldErrors,
  formatBytes,
  formObject,
  hasControlCharacters,
  idempotencyKeyOf,
  parseForm,
  textField,
  translateErrors,
} from "./form.ts";

Deno.test("control characters: every C0, DEL and C1 is refused; multi-line keeps tab and newline", () => {
  for (let code = 0; code < 0xa0; code++) {
    const c = String.fromCharCode(code);
    const control = code < 0x20 || (code >= 0x7f && code <= 0x9f);
    assert.equal(hasControlCharacters(`a${c}b`), control, `single ${code}`);
    const allowed = code === 9 || code === 10;
    assert.equal(
      hasControlCharacters(`a${c}b`, { multiline: true }),
      control && !allowed,
      `multi ${code}`,
    );
  }
  assert.equal(hasControlCharacters("a\r\nb", { multiline: true }), false);
  assert.equal(hasControlCharacters("a\rb", { multiline: true }), true);
  assert.equal(hasControlCharacters("김하나 😀 ‍"), false);
});

Deno.test("textField: required, trimmed, lengths, control characters, multi-line", () => {
  const Form = z.object({
    name: textField({ max: 5 }),
    note: textField({ max: 20, multiline: true, optional: true }),
    code: textField({ min: 3, max: 10, optional: true }),
  });
  assert.deepEqual(Form.parse({ name: " 김하나 " }), {
    name: "김하나",
    note: "",
    code: "",
  });
  assert.deepEqual(
    Form.parse({ name: "a", note: "1\r\n\t2\r\n", code: "abc" }),
    { name: "a", note: "1\n\t2", code: "abc" },
  );
  const errors = (input: unknown) => {
    const r = Form.safeParse(input);
    return r.success ? {} : fieldErrors(r.error);
  };
  assert.deepEqual(errors({}), { name: { key: "form.error.required" } });
  assert.deepEqual(errors({ name: "   " }), {
    name: { key: "form.error.required" },
  });
  assert.deepEqual(errors({ name: "a\0b" }), {
    name: { key: "form.error.control" },
  });
  assert.deepEqual(errors({ name: "a\nb" }), {
    name: { key: "form.error.control" },
  });
  assert.deepEqual(errors({ name: "abcdef" }), {
    name: { key: "form.error.tooLong", params: { max: 5 } },
  });
  assert.deepEqual(errors({ name: "a", note: "x\u0007" }), {
    note: { key: "form.error.control" },
  });
  assert.deepEqual(errors({ name: "a", code: "ab" }), {
    code: { key: "form.error.tooShort", params: { min: 3 } },
  });
  assert.deepEqual(errors({ name: 42 }), {
    name: { key: "form.error.invalid" },
  });
});

Deno.test("choice and checkbox fields", () => {
  const Form = z.object({
    rank: choiceField(["1", "2"]),
    agree: checkboxField(),
  });
  assert.deepEqual(Form.parse({ rank: "2", agree: "1" }), {
    rank: "2",
    agree: true,
  });
  assert.deepEqual(Form.parse({ rank: "1" }), { rank: "1", agree: false });
  const r = Form.safeParse({ rank: "<script>" });
  assert.equal(r.success, false);
  if (!r.success) {
    assert.deepEqual(fieldErrors(r.error), {
      rank: { key: "form.error.invalid" },
    });
  }
  const missing = Form.safeParse({});
  if (!missing.success) {
    assert.deepEqual(fieldErrors(missing.error), {
      rank: { key: "form.error.required" },
    });
  }
});

Deno.test("formObject: first values, declared arrays, hidden fields left out", () => {
  const fields = new Map([
    ["_csrf", ["t"]],
    ["_idem", ["k"]],
    ["name", ["first", "second"]],
    ["choice", ["3", "1"]],
  ]);
  assert.deepEqual(formObject(fields, { arrays: ["choice", "unit"] }), {
    name: "first",
    choice: ["3", "1"],
    unit: [],
  });
});

Deno.test("parseForm gives data, or the typed values with a message per field", () => {
  const Schema = z.object({
    name: textField({ max: 10 }),
    choice: z.array(choiceField(["a", "b"])).max(3),
  });
  const ok = parseForm(
    Schema,
    new Map([["name", ["김"]], ["choice", ["a", "b"]]]),
    { arrays: ["choice"] },
  );
  assert.equal(ok.ok, true);
  if (ok.ok) assert.deepEqual(ok.data, { name: "김", choice: ["a", "b"] });
  const bad = parseForm(
    Schema,
    new Map([["name", ["x\0"]], ["choice", ["a", "z"]]]),
    { arrays: ["choice"] },
  );
  assert.equal(bad.ok, false);
  if (!bad.ok) {
    assert.deepEqual(bad.state.values, { name: "x\0", choice: ["a", "z"] });
    assert.deepEqual(bad.state.errors, {
      name: { key: "form.error.control" },
      choice: { key: "form.error.invalid" },
    });
    assert.deepEqual(translateErrors(bad.state.errors, translator("ko")), {
      name:
        "입력할 수 없는 보이지 않는 문자(제어 문자)가 들어 있습니다. 붙여 넣은 내용이라면 직접 다시 입력해 주세요.",
      choice: "입력한 값을 다시 확인해 주세요.",
    });
  }
});

Deno.test("body and document problems become messages with the limit", () => {
  const clean = {
    tooLarge: false,
    tooManyFiles: false,
    malformed: false,
    fieldLimitHit: false,
  };
  assert.equal(bodyError(clean), null);
  assert.deepEqual(bodyError({ ...clean, tooLarge: true }), {
    key: "form.error.fileTooLarge",
    params: { limit: "10 MB" },
  });
  assert.deepEqual(bodyError({ ...clean, tooManyFiles: true }), {
    key: "form.error.oneFile",
  });
  assert.deepEqual(bodyError({ ...clean, fieldLimitHit: true }), {
    key: "form.error.malformed",
  });
  const t = translator("ko");
  const large = documentError("tooLarge");
  assert.equal(
    t(large.key, large.params),
    "파일이 너무 큽니다. 10 MB 이하의 파일을 올려 주세요.",
  );
  assert.deepEqual(documentError("unsupported"), {
    key: "form.error.fileType",
  });
  assert.deepEqual(documentError("truncated"), {
    key: "form.error.fileBroken",
  });
  assert.deepEqual(documentError("empty"), { key: "form.error.fileEmpty" });
  assert.equal(formatBytes(512), "512 B");
  assert.equal(formatBytes(1536), "1.5 KB");
  assert.equal(formatBytes(10.5 * 1024 * 1024), "10.5 MB");
});

Deno.test("bodyProblem puts size and file-count messages beside the file field", () => {
  const clean = {
    tooLarge: false,
    tooManyFiles: false,
    malformed: false,
    fieldLimitHit: false,
  };
  assert.equal(bodyProblem(clean), null);
  assert.deepEqual(
    bodyProblem({ ...clean, tooLarge: true }, { fileField: "doc" }),
    {
      status: 413,
      errors: {
        doc: { key: "form.error.fileTooLarge", params: { limit: "10 MB" } },
      },
    },
  );
  assert.deepEqual(
    bodyProblem({ ...clean, tooManyFiles: true }, { fileField: "doc" }),
    {
      status: 400,
      errors: { doc: { key: "form.error.oneFile" } },
    },
  );
  assert.deepEqual(bodyProblem({ ...clean, tooLarge: true }), {
    status: 413,
    errors: {
      _form: { key: "form.error.fileTooLarge", params: { limit: "10 MB" } },
    },
  });
  assert.deepEqual(
    bodyProblem({ ...clean, malformed: true }, { fileField: "doc" }),
    {
      status: 400,
      errors: { _form: { key: "form.error.malformed" } },
    },
  );
});

Deno.test("csrfTokenOf and idempotencyKeyOf take exactly one well-formed value", () => {
  const key = crypto.randomUUID();
  const body = (entries: [string, string[]][]) => ({
    fields: new Map(entries),
  });
  assert.equal(csrfTokenOf(body([["_csrf", ["t"]]])), "t");
  assert.equal(csrfTokenOf(body([["_csrf", ["t", "u"]]])), null);
  assert.equal(csrfTokenOf(body([["_csrf", [""]]])), null);
  assert.equal(csrfTokenOf(body([])), null);
  assert.equal(idempotencyKeyOf(body([["_idem", [key]]])), key);
  assert.equal(idempotencyKeyOf(body([["_idem", ["not-a-uuid"]]])), null);
  assert.equal(idempotencyKeyOf(body([["_idem", [key, key]]])), null);
});
