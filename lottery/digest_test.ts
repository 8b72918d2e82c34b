import assert from "node:assert/strict";
import { encodeEntries, entryDigest, validateEntries } from "./digest.ts";
import type { Entrant, Recruitment } from "./types.ts";

const P = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
const Q = "1".repeat(32),
  A = "a".repeat(32),
  B = "b".repeat(32),
  U = "c".repeat(32);

Deno.test("encodeEntries: the README example, exactly", () => {
  const text = encodeEntries([{ id: "r1", seats: 2 }], [{
    pseudonym: P,
    members: [P],
    choices: [{ recruitment: "r1", weight: 230, tier: 1 }],
  }]);
  assert.equal(text, `kic-entries/1\nR r1 2\nE ${P} ${P} r1:230:1\n`);
});

Deno.test("encodeEntries: sorts recruitments, entrants and members; '-' for no choice", () => {
  const recs: Recruitment[] = [{ id: "b", seats: 0 }, { id: "A", seats: 10 }, {
    id: "a",
    seats: 1,
  }];
  const ents: Entrant[] = [
    {
      pseudonym: U,
      members: [B, A],
      choices: [{ recruitment: "b", weight: 1, tier: 3 }, {
        recruitment: "A",
        weight: 100,
        tier: 1,
      }],
    },
    { pseudonym: Q, members: [Q], choices: [] },
  ];
  assert.equal(
    encodeEntries(recs, ents),
    `kic-entries/1\nR A 10\nR a 1\nR b 0\nE ${Q} ${Q} -\nE ${U} ${A},${B} b:1:3;A:100:1\n`,
  );
  assert.equal(
    entryDigest(recs, ents),
    entryDigest([...recs].reverse(), [...ents].reverse()),
  );
  const changed = structuredClone(ents);
  changed[0].choices[0].weight = 2;
  assert.notEqual(entryDigest(recs, changed), entryDigest(recs, ents));
});

Deno.test("validateEntries: accepts a valid list and rejects each bad item by name", () => {
  const recs: Recruitment[] = [{ id: "r1", seats: 2 }, {
    id: "r-2_x",
    seats: 0,
  }];
  const ok = (): Entrant[] => [
    {
      pseudonym: P,
      members: [P],
      choices: [{ recruitment: "r1", weight: 100, tier: 1 }],
    },
    {
      pseudonym: U,
      members: [A, B],
      choices: [{ recruitment: "r-2_x", weight: 120, tier: 2 }],
    },
    { pseudonym: Q, members: [Q], choices: [] },
  ];
  validateEntries(recs, ok());
  const bad: [string, (r: Recruitment[], e: Entrant[]) => void, RegExp][] = [
    ["bad id", (r) => (r[0].id = "r 1"), /bad id/],
    ["long id", (r) => (r[0].id = "x".repeat(65)), /bad id/],
    ["dup id", (r) => (r[1].id = "r1"), /duplicate id/],
    ["neg seats", (r) => (r[0].seats = -1), /seats/],
    ["frac seats", (r) => (r[0].seats = 1.5), /seats/],
    ["bad pseudonym", (_, e) => (e[0].pseudonym = "XYZ"), /bad pseudonym/],
    [
      "dup pseudonym",
      (_, e) => (e[2].pseudonym = P, e[2].members = [P]),
      /duplicate pseudonym/,
    ],
    [
      "member twice",
      (_, e) => (e[1].members = [A, Q]),
      /member of two entrants/,
    ],
    ["unit is member", (_, e) => (e[0].pseudonym = A), /member/],
    ["single member other", (_, e) => (e[0].members = [Q]), /single child/],
    [
      "unknown rec",
      (_, e) => (e[0].choices[0].recruitment = "r9"),
      /unknown recruitment/,
    ],
    [
      "twice",
      (_, e) => e[0].choices.push({ recruitment: "r1", weight: 100, tier: 1 }),
      /listed twice/,
    ],
    [
      "4 choices",
      (
        _,
        e,
      ) => (e[2].choices = [1, 2, 3, 4].map(() => ({
        recruitment: "r1",
        weight: 1,
        tier: 1,
      }))),
      /at most 3/,
    ],
    ["weight 0", (_, e) => (e[0].choices[0].weight = 0), /weight/],
    ["weight frac", (_, e) => (e[0].choices[0].weight = 1.5), /weight/],
    ["tier 0", (_, e) => (e[0].choices[0].tier = 0), /tier/],
  ];
  for (const [name, mutate, re] of bad) {
    const r = structuredClone(recs), e = ok();
    mutate(r, e);
    assert.throws(() => validateEntries(r, e), re, name);
  }
});
