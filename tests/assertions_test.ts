/**
 * Every `assert.throws` / `assert.rejects` names the error it expects (a class, a pattern or
 * a validation function), so a test cannot pass on the wrong failure.
 */
import assert from "node:assert/strict";
import { dirname, join, resolve } from "node:path";

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), "..");
const SKIP = new Set(["node_modules", ".tools", "_dist", ".data", ".git"]);

function sources(dir = ""): string[] {
  const out: string[] = [];
  for (const entry of Deno.readDirSync(join(ROOT, dir))) {
    if (SKIP.has(entry.name)) continue;
    const path = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory) out.push(...sources(path));
    else if (/\.tsx?$/.test(entry.name)) out.push(path);
  }
  return out;
}

/** Top-level arguments of the call whose "(" is at `open`, as source text. */
function argumentsAt(text: string, open: number): string[] {
  const args: string[] = [];
  let depth = 0;
  let start = open + 1;
  let quote: string | null = null;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'" || c === "`") quote = c;
    else if (c === "/" && /[(,=:[!&|?{};]\s*$/.test(text.slice(open, i))) {
      // A regular expression literal: skip it (it may hold quotes or brackets).
      let inClass = false;
      for (i++; i < text.length; i++) {
        if (text[i] === "\\") i++;
        else if (text[i] === "[") inClass = true;
        else if (text[i] === "]") inClass = false;
        else if (text[i] === "/" && !inClass) break;
      }
    } else if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") {
      depth--;
      if (depth === 0) {
        args.push(text.slice(start, i));
        return args.map((a) => a.trim()).filter(Boolean);
      }
    } else if (c === "," && depth === 1) {
      args.push(text.slice(start, i));
      start = i + 1;
    }
  }
  return args;
}

Deno.test("every assert.throws and assert.rejects names the error it expects", () => {
  const offenders: string[] = [];
  for (const file of sources()) {
    if (file === "tests/assertions_test.ts") continue;
    const text = Deno.readTextFileSync(join(ROOT, file));
    for (const m of text.matchAll(/assert\.(throws|rejects)\(/g)) {
      const args = argumentsAt(text, m.index! + m[0].length - 1);
      const second = args[1] ?? "";
      // A second argument that is only a message string names no error.
      if (args.length < 2 || /^["'`]/.test(second)) {
        const line = text.slice(0, m.index).split("\n").length;
        offenders.push(`${file}:${line}`);
      }
    }
  }
  assert.deepEqual(offenders, []);
});
