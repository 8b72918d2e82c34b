import assert from "node:assert/strict";
import { runCli } from "./cli.ts";
import { vectorRecord } from "./testdata/records.ts";

const files = new Map<string, string>();
const read = (path: string) => {
  const text = files.get(path);
  return text === undefined
    ? Promise.reject(new Error(`no file ${path}`))
    : Promise.resolve(text);
};

Deno.test("cli: draw then verify; tampered verify exits 1 naming the field", async () => {
  files.set("in.json", JSON.stringify(vectorRecord()));
  const drawn = await runCli(["draw", "in.json"], read);
  assert.equal(drawn.code, 0, drawn.stderr);
  files.set("out.json", drawn.stdout);
  const ok = await runCli(["verify", "out.json"], read);
  assert.equal(ok.code, 0);
  assert.equal(JSON.parse(ok.stdout).ok, true);
  const rec = JSON.parse(drawn.stdout);
  rec.draw.results[0].u /= 2;
  files.set("bad.json", JSON.stringify(rec));
  const bad = await runCli(["verify", "bad.json"], read);
  assert.equal(bad.code, 1);
  assert.match(
    bad.stderr,
    new RegExp(`draw\\.results\\[${rec.draw.results[0].pseudonym}\\]\\.u`),
  );
  const wrongDigest = await runCli(
    ["verify", "out.json", "00".repeat(32)],
    read,
  );
  assert.equal(wrongDigest.code, 1);
  assert.match(wrongDigest.stderr, /^mismatch: digest/);
});

Deno.test("cli: usage and input errors exit 2", async () => {
  assert.equal((await runCli([], read)).code, 2);
  assert.equal((await runCli(["shuffle", "x"], read)).code, 2);
  assert.equal((await runCli(["draw", "missing.json"], read)).code, 2);
  files.set("junk.json", "{}");
  const junk = await runCli(["draw", "junk.json"], read);
  assert.equal(junk.code, 2);
  assert.match(junk.stderr, /not a round record/);
});

Deno.test("cli: odds loads the odds module lazily", async () => {
  const rec = vectorRecord();
  files.set(
    "pool.json",
    JSON.stringify({ recruitments: rec.recruitments, entrants: rec.entrants }),
  );
  const out = await runCli(["odds", "pool.json"], read);
  assert.equal(out.code, 0, out.stderr);
  assert.ok(JSON.parse(out.stdout));
});
