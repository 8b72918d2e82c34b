/**
 * The shape of the code, checked from its imports: data flows one way (route → domain →
 * services and lottery), and the sign-in redirect and the session cookie have one home each.
 */
import assert from "node:assert/strict";
import { dirname, join, relative, resolve } from "node:path";

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), "..");

/** Every .ts/.tsx file under `dir` (relative to the root), tests included. */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of Deno.readDirSync(join(ROOT, d))) {
      const path = `${d}/${entry.name}`;
      if (entry.isDirectory) walk(path);
      else if (/\.tsx?$/.test(entry.name)) out.push(path);
    }
  };
  walk(dir);
  return out;
}

/** The project files a file imports (resolved relative to the root); npm imports left out. */
function importsOf(file: string): string[] {
  const text = Deno.readTextFileSync(join(ROOT, file));
  const specs = [
    ...text.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g),
  ].map((m) => m[1]);
  return specs.flatMap((spec) => {
    if (spec.startsWith("@/")) return [spec.slice(2)];
    if (spec.startsWith(".")) {
      return [relative(ROOT, resolve(ROOT, dirname(file), spec))];
    }
    return [];
  });
}

const LOWER = [
  "utils",
  "domain",
  "services",
  "lottery",
  "runtime",
  "middlewares",
];
const UPPER = /^(routes\/|app\/|fresh\.gen\.ts$|main\.ts$)/;

Deno.test("no import runs upward: lower layers never import routes/, app/ or fresh.gen.ts", () => {
  const offenders: string[] = [];
  for (const dir of LOWER) {
    for (const file of filesUnder(dir)) {
      for (const target of importsOf(file)) {
        if (UPPER.test(target)) offenders.push(`${file} → ${target}`);
      }
    }
  }
  assert.deepEqual(offenders, []);
});

Deno.test("lottery/ and runtime/ import nothing of the app", () => {
  const offenders: string[] = [];
  for (const dir of ["lottery", "runtime"]) {
    for (const file of filesUnder(dir)) {
      for (const target of importsOf(file)) {
        if (!target.startsWith(`${dir}/`)) {
          offenders.push(`${file} → ${target}`);
        }
      }
    }
  }
  assert.deepEqual(offenders, []);
});

Deno.test("the import check sees an upward import when there is one", () => {
  // Guards the checker itself: app/mod.ts imports fresh.gen.ts, which the rule would refuse.
  assert.ok(importsOf("app/mod.ts").includes("fresh.gen.ts"));
  assert.ok(UPPER.test("fresh.gen.ts") && UPPER.test("routes/index.tsx"));
});

Deno.test("no route builds a sign-in redirect or touches the session cookie itself", () => {
  const offenders: string[] = [];
  for (const file of filesUnder("routes")) {
    const text = Deno.readTextFileSync(join(ROOT, file));
    for (
      const pattern of [
        /\/login\?next/,
        /sessionCookieName/,
        /\b(set|delete)Cookie\([^)]*session/i,
        /kic_session/,
      ]
    ) {
      if (pattern.test(text)) offenders.push(`${file}: ${pattern}`);
    }
  }
  assert.deepEqual(offenders, []);
});

Deno.test("services reach requests only through ctx.state (no process singleton)", () => {
  const offenders: string[] = [];
  for (
    const dir of ["routes", "middlewares", "utils", "components", "domain"]
  ) {
    for (const file of filesUnder(dir)) {
      const text = Deno.readTextFileSync(join(ROOT, file));
      if (/\bservices\(\)|setServices|isDraining\(/.test(text)) {
        offenders.push(file);
      }
    }
  }
  assert.deepEqual(offenders, []);
});
