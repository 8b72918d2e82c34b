import assert from "node:assert/strict";
import { renderToString } from "preact-render-to-string";
import { translator } from "@/i18n/mod.ts";
import { z } from "zod";
import { parseForm, textField, translateErrors } from "@/utils/form.ts";
import {
  bindFields,
  Checkbox,
  ChoiceGroup,
  ErrorSummary,
  Field,
  FileField,
  Form,
  Select,
  TextArea,
} from "./mod.ts";

const ko = translator("ko");
const HOSTILE_VALUE = '김"하나 <b&';
const HOSTILE_TEXT = "줄1\n</textarea><script>";

/** Renders to HTML with the precompiled JSX's extra spaces inside tags collapsed. */
function render(node: preact.VNode): string {
  return renderToString(node).replace(
    /<[^<>]*>/g,
    (tag) => tag.replace(/ {2,}/g, " ").replace(/ >$/, ">"),
  );
}

/** The attributes of the first element matching `tag` with `id` (or the first `tag`). */
function element(html: string, tag: string, id?: string): string {
  const re = id
    ? new RegExp(`<${tag}\\b[^>]*\\bid="${id}"[^>]*>`)
    : new RegExp(`<${tag}\\b[^>]*>`);
  const m = re.exec(html);
  assert.ok(m, `no <${tag}${id ? ` id=${id}` : ""}> in ${html}`);
  return m[0];
}

Deno.test("Field: label for/id, kept value, hint and error described, aria-invalid", () => {
  const html = render(
    <Field
      name="childName"
      label="아이 이름"
      value={HOSTILE_VALUE}
      hint="주민등록상 이름"
      error="필수 항목입니다."
      required
      maxLength={40}
    />,
  );
  assert.match(html, /<label for="field-childName">아이 이름<\/label>/);
  const input = element(html, "input", "field-childName");
  assert.match(input, /name="childName"/);
  assert.match(input, /value="김&quot;하나 &lt;b&amp;"/);
  assert.match(input, /aria-invalid="true"/);
  assert.match(
    input,
    /aria-describedby="field-childName-hint field-childName-error"/,
  );
  assert.match(input, /required/);
  assert.match(input, /maxlength="40"/i);
  assert.match(
    html,
    /<p class="field-error" id="field-childName-error">필수 항목입니다.<\/p>/,
  );
  assert.match(html, /class="field field-invalid"/);
  // The message comes before the input, right beside it.
  assert.ok(html.indexOf("field-error") < html.indexOf("<input"));
});

Deno.test("Field: no error means no aria-invalid; passwords are never echoed", () => {
  const ok = render(<Field name="a" label="A" value="x" id="custom" />);
  const input = element(ok, "input", "custom");
  assert.doesNotMatch(input, /aria-invalid|aria-describedby/);
  assert.match(ok, /<label for="custom">/);
  const pw = render(
    <Field name="password" type="password" label="비밀번호" value="secret" />,
  );
  assert.doesNotMatch(pw, /secret/);
});

Deno.test("TextArea keeps its text (escaped) and links its error", () => {
  const html = render(
    <TextArea
      name="note"
      label="메모"
      value={HOSTILE_TEXT}
      error="너무 깁니다"
      optionalText="(선택)"
    />,
  );
  const ta = element(html, "textarea", "field-note");
  assert.match(ta, /aria-invalid="true"/);
  assert.match(ta, /aria-describedby="field-note-error"/);
  assert.match(html, />줄1\n&lt;\/textarea>&lt;script><\/textarea>/);
  assert.match(html, /<span class="optional">\(선택\)<\/span>/);
});

Deno.test("Select marks the kept choice and its placeholder", () => {
  const html = render(
    <Select
      name="rank1"
      label="1지망"
      placeholder="선택하세요"
      value="b"
      options={[{ value: "a", label: "만 1세반" }, {
        value: "b",
        label: "만 2세반",
      }]}
      error="입력한 값을 다시 확인해 주세요."
    />,
  );
  assert.match(element(html, "select", "field-rank1"), /aria-invalid="true"/);
  assert.match(html, /<option value="b" selected>만 2세반<\/option>/);
  assert.match(html, /<option value="a">만 1세반<\/option>/);
  assert.match(html, /<option value="">선택하세요<\/option>/);
  const none = render(
    <Select
      name="r"
      label="R"
      placeholder="-"
      options={[{ value: "a", label: "A" }]}
    />,
  );
  assert.match(none, /<option value="" selected>-<\/option>/);
});

Deno.test("Checkbox: checked kept, label after the box, error described", () => {
  const html = render(
    <Checkbox
      name="single"
      label="한부모 가정"
      checked
      error="서류가 필요합니다"
    />,
  );
  const input = element(html, "input", "field-single");
  assert.match(input, /type="checkbox"/);
  assert.match(input, /value="1"/);
  assert.match(input, /checked/);
  assert.match(input, /aria-describedby="field-single-error"/);
  assert.ok(html.indexOf("<input") < html.indexOf("<label"));
  assert.doesNotMatch(
    render(<Checkbox name="x" label="X" />),
    /checked/,
  );
});

Deno.test("FileField shows the uploaded file, its size, accept, and the error", () => {
  const html = render(
    <FileField
      t={ko}
      name="doc"
      label="장애인 증명서"
      hint="주민등록번호 뒤 7자리는 가려 주세요."
      current={{
        filename: "증명서.pdf",
        size: 1536,
        keep: { name: "docId", value: "42" },
      }}
      error="파일이 너무 큽니다. 10 MB 이하의 파일을 올려 주세요."
      required
    />,
  );
  const input = element(html, "input", "field-doc");
  assert.match(input, /type="file"/);
  assert.match(
    input,
    /accept="\.pdf,\.jpg,\.jpeg,\.png,application\/pdf,image\/jpeg,image\/png"/,
  );
  assert.match(input, /aria-invalid="true"/);
  assert.match(
    input,
    /aria-describedby="field-doc-hint field-doc-error field-doc-current"/,
  );
  assert.doesNotMatch(input, /required/); // a file is already there
  assert.match(html, /올린 파일: 증명서.pdf \(1.5 KB\)/);
  assert.match(html, /다른 파일을 고르면 지금 파일을 바꿉니다./);
  assert.match(html, /<input type="hidden" name="docId" value="42"\/?>/);
  assert.match(html, /field-doc-error">파일이 너무 큽니다/);
  const empty = render(
    <FileField
      t={ko}
      name="doc"
      label="서류"
      accept="application/pdf"
      required
    />,
  );
  assert.match(element(empty, "input", "field-doc"), /required/);
  assert.match(empty, /accept="application\/pdf"/);
  assert.doesNotMatch(empty, /올린 파일/);
});

Deno.test("ErrorSummary: alert, focusable heading, links to each bad field in page order", () => {
  const html = render(
    <ErrorSummary
      t={ko}
      errors={{
        doc: "파일 오류",
        name: "필수 항목입니다.",
        ok: undefined,
        _form: "양식 오류",
      }}
      labels={{ name: "아이 이름" }}
      order={["name", "doc"]}
      ids={{ doc: "doc-upload" }}
    />,
  );
  assert.match(html, /role="alert"/);
  assert.match(html, /aria-labelledby="error-summary-title"/);
  const h2 = element(html, "h2", "error-summary-title");
  assert.match(h2, /tabindex="-1"/);
  assert.match(h2, /autofocus/);
  assert.match(html, /입력한 내용을 확인해 주세요/);
  const items = [...html.matchAll(/<li>(.*?)<\/li>/g)].map((m) => m[1]);
  assert.deepEqual(items, [
    "양식 오류",
    '<a href="#field-name">아이 이름: 필수 항목입니다.</a>',
    '<a href="#doc-upload">파일 오류</a>',
  ]);
  assert.equal(render(<ErrorSummary t={ko} errors={{}} />), "");
});

Deno.test("Form: post, CSRF first, multipart when it has a file, a fresh _idem each render", () => {
  const renderForm = () =>
    render(
      <Form csrfToken="tok" action="/apply" multipart idempotencyKey>
        <button type="submit">제출</button>
      </Form>,
    );
  const html = renderForm();
  const form = element(html, "form");
  assert.match(form, /method="post"/);
  assert.match(form, /action="\/apply"/);
  assert.match(form, /enctype="multipart\/form-data"/);
  assert.match(
    html,
    /^<form[^>]*><input type="hidden" name="_csrf" value="tok"\/?>/,
  );
  const key = (h: string) => /name="_idem" value="([^"]+)"/.exec(h)?.[1];
  assert.match(key(html) ?? "", /^[0-9a-f-]{36}$/);
  assert.notEqual(key(html), key(renderForm()));
  const plain = render(
    <Form csrfToken="t" idempotencyKey="k1">x</Form>,
  );
  assert.doesNotMatch(plain, /enctype/);
  assert.equal(key(plain), "k1");
  assert.doesNotMatch(render(<Form csrfToken="t">x</Form>), /_idem/);
});

Deno.test("a failed parse re-renders with every value and the message beside its field", () => {
  const Schema = z.object({ name: textField({ max: 5 }), city: textField() });
  const parsed = parseForm(
    Schema,
    new Map([["name", ["김\u0000하나"]], ["city", ["서울"]]]),
  );
  assert.equal(parsed.ok, false);
  if (parsed.ok) return;
  const f = bindFields(parsed.state, translator("en"));
  const html = render(
    <Form csrfToken="t">
      <ErrorSummary t={ko} errors={translateErrors(parsed.state.errors, ko)} />
      <Field {...f("name")} label="Name" />
      <Field {...f("city")} label="City" />
    </Form>,
  );
  assert.match(element(html, "input", "field-city"), /value="서울"/);
  assert.doesNotMatch(element(html, "input", "field-city"), /aria-invalid/);
  assert.match(element(html, "input", "field-name"), /aria-invalid="true"/);
  assert.match(
    html,
    /field-name-error">This contains invisible control characters/,
  );
  assert.match(html, /<a href="#field-name">입력할 수 없는 보이지 않는 문자/);
});

Deno.test("ChoiceGroup: fieldset and legend, the first option carries the field id, choices kept", () => {
  const options = [
    { value: "single", label: "한부모" },
    { value: "disability", label: "장애" },
    { value: "dual", label: "맞벌이" },
  ];
  const html = render(
    <ChoiceGroup
      type="checkbox"
      name="factor"
      legend="해당하는 항목"
      options={options}
      value={["disability", "dual"]}
      hint="해당하는 것을 모두 고르세요."
      error="서류가 필요합니다"
    />,
  );
  assert.match(
    html,
    /<fieldset class="field field-group field-invalid" aria-describedby="field-factor-hint field-factor-error">/,
  );
  assert.match(html, /<legend>해당하는 항목<\/legend>/);
  const first = element(html, "input", "field-factor");
  assert.match(first, /value="single"/);
  assert.doesNotMatch(first, /checked/);
  assert.match(first, /aria-invalid="true"/);
  assert.match(element(html, "input", "field-factor-1"), /checked/);
  assert.match(element(html, "input", "field-factor-2"), /checked/);
  assert.match(html, /<label for="field-factor-2">맞벌이<\/label>/);
  const radio = render(
    <ChoiceGroup
      type="radio"
      name="rank"
      legend="순위"
      options={options}
      value="dual"
    />,
  );
  assert.equal((radio.match(/type="radio"/g) ?? []).length, 3);
  assert.equal((radio.match(/checked/g) ?? []).length, 1);
  assert.doesNotMatch(radio, /aria-invalid|aria-describedby/);
});
