import assert from "node:assert/strict";
import { NEEDS_CHAIN_HEAD, NEEDS_DIGEST, runCli } from "./cli.ts";
import { amend } from "./amend.ts";
import { chainHead } from "./chain.ts";
import { offerRecord, ps, vectorRecord } from "./testdata/records.ts";

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
  const rec = JSON.parse(drawn.stdout);
  const ok = await runCli(["verify", "out.json", rec.digest], read);
  assert.equal(ok.code, 0);
  assert.equal(JSON.parse(ok.stdout).ok, true);
  rec.draw.results[0].u /= 2;
  files.set("bad.json", JSON.stringify(rec));
  const bad = await runCli(["verify", "bad.json", rec.digest], read);
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

Deno.test("cli: verify refuses to run without the published digest and says how to give it", async () => {
  files.set("rec.json", JSON.stringify(offerRecord()));
  for (const args of [["rec.json"], ["rec.json", "12ab"]]) {
    const out = await runCli(["verify", ...args], read);
    assert.equal(out.code, 2);
    assert.equal(out.stdout, "");
    assert.equal(out.stderr, `error: ${NEEDS_DIGEST}\n`);
    assert.match(out.stderr, /lottery verify FILE DIGEST/);
  }
  // With amendments, the published chain head is required too.
  const amended = amend(offerRecord(), {
    entrant: { pseudonym: ps(90), members: [ps(90)], choices: [] },
  });
  files.set("amended.json", JSON.stringify(amended));
  const noHead = await runCli(["verify", "amended.json", amended.digest], read);
  assert.equal(noHead.code, 2);
  assert.equal(noHead.stderr, `error: ${NEEDS_CHAIN_HEAD}\n`);
  const withHead = await runCli(
    ["verify", "amended.json", amended.digest, chainHead(amended)],
    read,
  );
  assert.equal(withHead.code, 0, withHead.stderr);
  const oldHead = await runCli(
    ["verify", "amended.json", amended.digest, chainHead(offerRecord())],
    read,
  );
  assert.equal(oldHead.code, 1);
  assert.match(oldHead.stderr, /^mismatch: chainHead/);
});

Deno.test("cli: every malformed odds input gets a clear error, exit 2, no stack trace", async () => {
  const r = [{ id: "r1", seats: 1 }];
  const e = (x: Record<string, unknown>) => ({
    pseudonym: "a1",
    members: ["a1"],
    choices: [{ recruitment: "r1", weight: 100, tier: 1 }],
    ...x,
  });
  const cases: [unknown, RegExp][] = [
    [[], /odds input: expected an object/],
    [null, /odds input: expected an object/],
    [{}, /odds input: recruitments must be a list/],
    [{ recruitments: r }, /odds input: entrants must be a list/],
    [
      { recruitments: r, entrants: [{}] },
      /entrants\[0\]: bad application id undefined/,
    ],
    [
      { recruitments: r, entrants: [e({ pseudonym: "a b" })] },
      /bad application id "a b"/,
    ],
    [
      { recruitments: r, entrants: [e({ members: undefined })] },
      /members must be a non-empty list/,
    ],
    [
      { recruitments: r, entrants: [e({}), e({})] },
      /entrant a1: duplicate application id/,
    ],
    [{
      recruitments: r,
      entrants: [e({ choices: [{ recruitment: "r9", weight: 100, tier: 1 }] })],
    }, /unknown recruitment "r9"/],
    [{
      recruitments: r,
      entrants: [e({ choices: [{ recruitment: "r1", weight: 0, tier: 1 }] })],
    }, /weight must be an integer from 1 to 1000000, got 0/],
    [{
      recruitments: r,
      entrants: [
        e({ choices: [{ recruitment: "r1", weight: 100, tier: "1" }] }),
      ],
    }, /tier must be an integer from 1 to 1000, got "1"/],
    [
      { recruitments: r, entrants: [e({ choices: "r1" })] },
      /choices must be a list/,
    ],
    [
      { recruitments: [{ id: "r1", seats: 2 ** 32 }], entrants: [] },
      /seats must be an integer from 0 to 100000, got 4294967296/,
    ],
    [
      { recruitments: [{ id: "r 1", seats: 1 }], entrants: [] },
      /recruitments\[0\]: bad id "r 1"/,
    ],
    [
      { recruitments: [r[0], r[0]], entrants: [] },
      /recruitment r1: duplicate id/,
    ],
  ];
  for (const [input, message] of cases) {
    files.set("odds.json", JSON.stringify(input));
    const out = await runCli(["odds", "odds.json"], read);
    assert.equal(out.code, 2, JSON.stringify(input));
    assert.equal(out.stdout, "");
    assert.match(out.stderr, /^error: /);
    assert.match(out.stderr, message, JSON.stringify(input));
    assert.doesNotMatch(out.stderr, /\n\s+at /);
    assert.equal(out.stderr.split("\n").length, 2, out.stderr);
  }
  files.set("odds.json", "[1, 2");
  const junk = await runCli(["odds", "odds.json"], read);
  assert.equal(junk.code, 2);
  assert.match(junk.stderr, /^error: /);
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

Deno.test("cli: digest prints the entry digest of a record, not its digest field", async () => {
  const rec = vectorRecord();
  files.set("frozen.json", JSON.stringify(rec));
  const out = await runCli(["digest", "frozen.json"], read);
  assert.equal(out.code, 0, out.stderr);
  assert.equal(out.stdout, `${rec.digest}\n`);
  // A changed weight changes the printed digest (the stored field is not echoed).
  const changed = structuredClone(rec);
  changed.entrants[0].choices[0].weight += 1;
  files.set("changed.json", JSON.stringify(changed));
  const other = await runCli(["digest", "changed.json"], read);
  assert.equal(other.code, 0);
  assert.match(other.stdout, /^[0-9a-f]{64}\n$/);
  assert.notEqual(other.stdout, out.stdout);
  files.set("junk.json", "{}");
  const junk = await runCli(["digest", "junk.json"], read);
  assert.equal(junk.code, 2);
  assert.match(junk.stderr, /^error: not a round record/);
  assert.equal((await runCli(["digest"], read)).code, 2);
});
