/**
 * Cross-checks the TypeScript lottery against `kic_lottery.py`, a Python re-implementation written
 * from `lottery/README.md` alone: the Python `verify` must accept every TypeScript record, the
 * Python `draw` must reproduce the TypeScript draw, and tampering must be caught by the Python side.
 *
 * @module
 */

import assert from "node:assert/strict";
import { amend, prepareRecord, runDraw } from "../draw.ts";
import { pseudonymOf } from "../from_secret.ts";
import { chainHead } from "../chain.ts";
import { entryDigest } from "../digest.ts";
import { oddsOf } from "../odds.ts";
import { beaconOf } from "../testdata/records.ts";
import type { Choice, Entrant, Recruitment, RoundRecord } from "../types.ts";

const SCRIPT = new URL("./kic_lottery.py", import.meta.url).pathname;

function hasPython(): boolean {
  try {
    return new Deno.Command("python3", {
      args: ["--version"],
      stdout: "null",
      stderr: "null",
    })
      .outputSync().success;
  } catch {
    return false;
  }
}
const NO_PYTHON = !hasPython();

/** mulberry32: a small deterministic generator (no Math.random). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function int(next: () => number, lo: number, hi: number): number {
  return lo + Math.floor(next() * (hi - lo + 1));
}

function hex(next: () => number, bytes: number): string {
  let s = "";
  for (let i = 0; i < bytes; i++) {
    s += int(next, 0, 255).toString(16).padStart(2, "0");
  }
  return s;
}

interface Round {
  secret: string;
  recruitments: Recruitment[];
  entrants: Entrant[];
}

function makeEntrant(
  next: () => number,
  secret: string,
  recruitments: readonly Recruitment[],
  maxChoices: number,
  unitShare = 0.15,
): Entrant {
  const size = next() < unitShare ? int(next, 2, 3) : 1;
  const own = pseudonymOf(secret, hex(next, 16));
  const members = size === 1
    ? [own]
    : Array.from({ length: size }, () => pseudonymOf(secret, hex(next, 16)))
      .sort();
  const ids = recruitments.map((r) => r.id);
  const count = Math.min(ids.length, int(next, 1, maxChoices));
  const choices: Choice[] = [];
  for (let i = 0; i < count; i++) {
    const pick = ids.splice(int(next, 0, ids.length - 1), 1)[0];
    const weight = next() < 0.4 ? 100 : int(next, 100, 320);
    const tier = next() < 0.5 ? 1 : int(next, 1, 3);
    choices.push({ recruitment: pick, weight, tier });
  }
  return { pseudonym: own, members, choices };
}

export function makeRound(
  seed: number,
  n: number,
  nRecruitments: number,
  maxChoices: number,
  unitShare = 0.15,
  seatMax = Math.max(1, Math.ceil(n / 3)),
): Round {
  const next = rng(seed);
  const secret = hex(next, 32);
  const recruitments: Recruitment[] = [];
  for (let i = 0; i < nRecruitments; i++) {
    const r = next();
    const seats = r < 0.1
      ? 0
      : r < 0.2
      ? n + int(next, 1, 5)
      : int(next, 1, seatMax);
    recruitments.push({ id: `k${int(next, 0, 9)}-${i}_c`, seats });
  }
  const entrants: Entrant[] = [];
  for (let i = 0; i < n; i++) {
    entrants.push(
      makeEntrant(next, secret, recruitments, maxChoices, unitShare),
    );
  }
  return { secret, recruitments, entrants };
}

const BEACON_VALUE = "1203:3,11,19,28,35,44+7";

export function preDraw(round: Round, seed: number): RoundRecord {
  const prepared = prepareRecord({
    round: { id: `test-${seed}`, name: "교차 검증" },
    recruitments: round.recruitments,
    entrants: round.entrants,
    secret: round.secret,
    beacon: beaconOf("lotto645", "로또 6/45 제1203회"),
  });
  return {
    ...prepared,
    secret: round.secret,
    beacon: { ...prepared.beacon, used: "primary", value: BEACON_VALUE },
  };
}

interface PyVerify {
  ok: boolean;
  mismatch: { field: string; expected: unknown; actual: unknown } | null;
}

function python(
  cmd: string,
  record: unknown,
  extra: string[] = [],
): { code: number; stdout: string; stderr: string } {
  const file = Deno.makeTempFileSync({ suffix: ".json" });
  try {
    Deno.writeTextFileSync(file, JSON.stringify(record));
    const out = new Deno.Command("python3", {
      args: [SCRIPT, cmd, file, ...extra],
    })
      .outputSync();
    const dec = new TextDecoder();
    return {
      code: out.code,
      stdout: dec.decode(out.stdout),
      stderr: dec.decode(out.stderr),
    };
  } finally {
    Deno.removeSync(file);
  }
}

/**
 * Python verify against published facts: by default the record's own digest and, when it has
 * amendments, its chain head as TypeScript computes it.
 */
export function pyVerify(
  record: RoundRecord,
  digest = record.digest,
  head = record.amendments?.length ? chainHead(record) : undefined,
): PyVerify {
  const { code, stdout, stderr } = python(
    "verify",
    record,
    head === undefined ? [digest] : [digest, head],
  );
  const report = JSON.parse(stdout) as PyVerify;
  assert.equal(code, report.ok ? 0 : 1, stderr);
  return report;
}

function assertKeyClose(actual: number, expected: number, where: string): void {
  const diff = Math.abs(actual - expected);
  assert.ok(
    diff <= 1e-12 * Math.max(Math.abs(actual), Math.abs(expected)),
    `${where}: ${actual} vs ${expected}`,
  );
}

/** [seed, entrants, recruitments, max choices, unit share, max seats]. */
const CASES: [number, number, number, number, number?, number?][] = [
  [1, 1, 1, 1],
  [2, 7, 2, 2],
  [3, 7, 6, 3],
  [4, 60, 3, 3],
  [5, 60, 1, 1],
  [6, 400, 5, 3],
  [7, 400, 6, 3],
  [8, 120, 4, 3],
  // Small rounds with many units, found to leave seats empty: first offers, some move-ups.
  [174, 12, 3, 3, 0.5, 5],
  [221, 12, 3, 3, 0.5, 5],
  [303, 12, 3, 3, 0.5, 5],
  [352, 12, 3, 3, 0.5, 5],
  [362, 12, 3, 3, 0.5, 5],
  // Rounds where the cascade order of first offers matters (README 6.2/8 leave it implicit):
  // 706 tells "smallest pending id first" from a FIFO of freed recruitments, 1933 tells "fill a
  // recruitment fully" from "one seat, then restart from the smallest id".
  [706, 20, 5, 3, 0.5, 5],
  [1933, 20, 5, 3, 0.5, 5],
];

let offersSeen = 0;

/** Rounds and entrants on which both implementations were compared, and amendments verified. */
const agreed = { rounds: 0, entrants: 0, amendments: 0 };

/** Draws one round in both implementations and checks they agree bit for bit (see the file doc). */
function agree(
  seed: number,
  n: number,
  nr: number,
  mc: number,
  share?: number,
  seatMax?: number,
): void {
  const round = makeRound(seed, n, nr, mc, share, seatMax);
  const before = preDraw(round, seed);
  const ts = runDraw(structuredClone(before));
  const tsDraw = ts.draw!;
  offersSeen += tsDraw.offers.length;

  // (1) Python verify accepts the TypeScript record.
  const report = pyVerify(ts);
  assert.equal(report.ok, true, JSON.stringify(report.mismatch));

  // (2) Python draw from the pre-draw record matches the TypeScript draw.
  const dig = python("digest", before);
  assert.equal(dig.code, 0, dig.stderr);
  assert.equal(dig.stdout.trim(), ts.digest);
  const run = python("draw", before);
  assert.equal(run.code, 0, run.stderr);
  const py = JSON.parse(run.stdout) as RoundRecord;
  assert.equal(py.seed, ts.seed);
  assert.equal(py.digest, ts.digest);
  const pyDraw = py.draw!;
  assert.deepEqual(
    pyDraw.results.map((r) => r.pseudonym),
    tsDraw.results.map((r) => r.pseudonym),
  );
  tsDraw.results.forEach((t, i) => {
    const p = pyDraw.results[i];
    assert.equal(p.u, t.u, `u of ${t.pseudonym}`);
    assert.equal(p.placed, t.placed, `placed of ${t.pseudonym}`);
    assert.equal(p.choices.length, t.choices.length);
    t.choices.forEach((tc, j) => {
      const pc = p.choices[j];
      const where = `${t.pseudonym} choice ${j}`;
      assert.equal(pc.recruitment, tc.recruitment, where);
      assertKeyClose(pc.key, tc.key, where);
      assert.equal(pc.rank, tc.rank, `rank of ${where}`);
      assert.equal(pc.result, tc.result, `result of ${where}`);
      assert.equal(pc.waitlist, tc.waitlist, `waitlist of ${where}`);
    });
  });
  assert.deepEqual(pyDraw.offers, tsDraw.offers);

  // (3) Tampering is caught, naming the field.
  const withChoice = tsDraw.results.findIndex((r) => r.choices.length > 0);
  const badRank = structuredClone(ts);
  const target = badRank.draw!.results[withChoice];
  const c = target.choices.length - 1;
  target.choices[c].rank += 1;
  const r1 = pyVerify(badRank);
  assert.equal(r1.ok, false);
  assert.equal(
    r1.mismatch?.field,
    `draw.results[${target.pseudonym}].choices[${c}].rank`,
  );

  const badU = structuredClone(ts);
  const last = badU.draw!.results[badU.draw!.results.length - 1];
  last.u = last.u * (1 + 2 ** -40);
  const r2 = pyVerify(badU);
  assert.equal(r2.ok, false);
  assert.equal(r2.mismatch?.field, `draw.results[${last.pseudonym}].u`);
  agreed.rounds++;
  agreed.entrants += round.entrants.length;
}

for (const [seed, n, nr, mc, share, seatMax] of CASES) {
  Deno.test({
    name:
      `python re-implementation agrees (seed ${seed}): ${n} entrants, ${nr} recruitments, ≤${mc} choices`,
    ignore: NO_PYTHON,
    fn() {
      agree(seed, n, nr, mc, share, seatMax);
    },
  });
}

Deno.test({
  name: "python re-implementation agrees on 40 more random rounds",
  ignore: NO_PYTHON,
  fn() {
    const next = rng(2026);
    for (let i = 0; i < 40; i++) {
      agree(
        5000 + i,
        int(next, 1, 150),
        int(next, 1, 6),
        int(next, 1, 3),
        next() * 0.5,
        int(next, 1, 30),
      );
    }
  },
});

Deno.test({
  name: "python re-implementation: some round exercised first offers",
  ignore: NO_PYTHON,
  fn() {
    assert.ok(
      offersSeen > 0,
      "no case produced a first offer; widen the cases",
    );
  },
});

Deno.test({
  name:
    "python re-implementation: a re-made record fails against the published digest",
  ignore: NO_PYTHON,
  fn() {
    const round = makeRound(12, 30, 3, 3);
    const published = runDraw(preDraw(round, 12));
    round.entrants[0].choices[0].weight += 1;
    const remade = runDraw(preDraw(round, 12));
    assert.equal(pyVerify(remade).ok, true);
    const r = pyVerify(remade, published.digest);
    assert.equal(r.mismatch?.field, "digest");
    const renamed = structuredClone(published);
    renamed.beacon.name += " ";
    assert.equal(pyVerify(renamed, published.digest).mismatch?.field, "digest");
    const noDigest = python("verify", published);
    assert.equal(noDigest.code, 2);
    // A draw from the fallback beacon: both sides agree and Python verifies it.
    const before = preDraw(round, 12);
    const viaFallback = {
      ...before,
      beacon: {
        ...before.beacon,
        used: "fallback" as const,
        value: `4567890:${"3c".repeat(32)}`,
      },
    };
    const ts = runDraw(structuredClone(viaFallback));
    assert.equal(pyVerify(ts).ok, true);
    const py = JSON.parse(python("draw", viaFallback).stdout) as RoundRecord;
    assert.equal(py.seed, ts.seed);
    assert.deepEqual(
      py.draw!.results.map((r) => r.u),
      ts.draw!.results.map((r) => r.u),
    );
    const swapped = structuredClone(ts);
    swapped.beacon.used = "primary";
    assert.equal(pyVerify(swapped).mismatch?.field, "beacon.value");
  },
});

Deno.test({
  name: "python re-implementation verifies amendments",
  ignore: NO_PYTHON,
  fn() {
    const round = makeRound(11, 60, 3, 3);
    let record = runDraw(preDraw(round, 11));
    const next = rng(99);
    const first = makeEntrant(next, round.secret, round.recruitments, 3);
    const second = makeEntrant(next, round.secret, round.recruitments, 3);
    const size = first.members.length;
    record = amend(record, {
      entrant: first,
      extraSeats: {
        [first.choices[first.choices.length - 1].recruitment]: size,
      },
      reason: "서류 검토 오류 정정",
    });
    record = amend(record, { entrant: second, reason: "추가" });
    // Corrections of existing entrants: a waitlisted one's weight raised, a placed one's lowered.
    const results = record.draw!.results;
    const entryOf = (p: string) =>
      record.entrants.find((e) => e.pseudonym === p)!;
    const waiting = results.find((r) =>
      r.placed === null && r.choices.length > 0 &&
      entryOf(r.pseudonym).members.length === 1
    )!;
    const holder = results.find((r) => r.placed !== null)!;
    for (
      const [p, weight] of [[waiting.pseudonym, 320], [
        holder.pseudonym,
        1,
      ]] as const
    ) {
      const e = entryOf(p);
      record = amend(record, {
        entrant: { ...e, choices: e.choices.map((c) => ({ ...c, weight })) },
        reason: "정정",
      });
    }
    assert.equal(record.amendments!.length, 4);
    agreed.amendments += 4;
    assert.equal(record.amendments![3].placed, holder.placed);
    const ok = pyVerify(record);
    assert.equal(ok.ok, true, JSON.stringify(ok.mismatch));
    const head = chainHead(record);
    const py = python("head", record);
    assert.equal(py.stdout.trim(), head);

    // Against the published head: a dropped amendment fails, so does a missing head.
    const dropped = structuredClone(record);
    dropped.amendments!.pop();
    assert.equal(
      pyVerify(dropped, record.digest, head).mismatch?.field,
      "chainHead",
    );
    assert.equal(
      JSON.parse(python("verify", record, [record.digest]).stdout).mismatch
        ?.field,
      "published.chainHead",
    );
    const edited = structuredClone(record);
    edited.amendments![2].reason = "x";
    assert.equal(
      pyVerify(edited, record.digest, head).mismatch?.field,
      "amendments[4].prev",
    );
    const fixedWeight = structuredClone(record);
    fixedWeight.amendments![2].entrant.choices[0].weight += 1;
    assert.equal(
      pyVerify(fixedWeight, record.digest, head).mismatch?.field,
      "amendments[3].choices[0].key",
    );

    const bad = structuredClone(record);
    bad.amendments![1].choices[0].rank += 1;
    const r = pyVerify(bad);
    assert.equal(r.ok, false);
    assert.ok(
      r.mismatch?.field.startsWith("amendments[2]"),
      String(r.mismatch?.field),
    );
  },
});

Deno.test({
  name:
    "python re-implementation: pool digests of non-ASCII ids agree (byte order)",
  ignore: NO_PYTHON,
  fn() {
    const ids = ["😀", "가", "z", "\uff5e", "é", "a", "\ue000", "\u{10000}"];
    const recruitments = [{ id: "r1", seats: 2 }];
    const entrants = ids.map((id, i) => ({
      pseudonym: id,
      members: [id],
      choices: [{ recruitment: "r1", weight: 100 + i, tier: 1 }],
    }));
    const py = python("pool", { recruitments, entrants });
    assert.equal(py.code, 0, py.stderr);
    assert.equal(py.stdout.trim(), entryDigest(recruitments, entrants));
    assert.equal(
      py.stdout.trim(),
      oddsOf({ recruitments, entrants }).poolDigest,
    );
  },
});

Deno.test({
  name: "python re-implementation: agreement figures",
  ignore: NO_PYTHON,
  fn() {
    console.log(
      `python and TypeScript agree bit for bit on ${agreed.rounds} rounds (${agreed.entrants} entrants, ${offersSeen} first offers); python verified ${agreed.amendments} amendments`,
    );
    assert.ok(agreed.rounds >= 55 && agreed.amendments >= 4);
  },
});
