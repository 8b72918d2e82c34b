/**
 * Lottery benchmark (a script, not `deno bench`):
 *
 * ```
 * deno run -A bench/lottery_bench.ts            # N = 1k, 10k, 100k, 1M
 * deno run -A bench/lottery_bench.ts 1000 10000 # chosen sizes
 * ```
 *
 * 1. The draw: from an in-memory entrant array with pseudonyms already computed to the ordered
 *    result: `computeUs` + keys + `allocate` (placements and every recruitment's order). JSON
 *    parsing and the digest are not timed. The round: 50 recruitments, seats = 10% of N spread
 *    evenly, each entrant 1–3 distinct choices (uniform), weights 100–345 in steps of 5, tiers
 *    1/2/3 with 5%/15%/80%, 2% units of two siblings. A second column also times the whole
 *    `drawResults` path (sort by pseudonym, u, keys, allocation, outcomes, first offers).
 * 2. Exact odds of one recruitment: 10,000 entrants, 500 seats, 50 weight classes (one tier).
 * 3. The reference's rejection-loop draw (`bench/reference_draw.ts`, `Math.random`) per
 *    recruitment on the same rounds, stopping after the first size that takes over 60 s, and
 *    the ratio reference / ours (column 1).
 *
 * @module
 */
import type { Entrant, Recruitment } from "@/lottery/types.ts";
import { computeUs } from "@/lottery/from_secret.ts";
import { keysOf } from "@/lottery/order.ts";
import { allocate } from "@/lottery/allocate.ts";
import { canonicalEntrants, drawResults } from "@/lottery/draw.ts";
import { exactOdds } from "@/lottery/odds.ts";
import { Xoshiro128 } from "@/lottery/prng.ts";
import { type ReferenceApplicant, referenceDraw } from "./reference_draw.ts";

const RECRUITMENTS = 50;
const REFERENCE_LIMIT_MS = 60_000;

function hex32(rng: Xoshiro128): string {
  let s = "";
  for (let i = 0; i < 4; i++) s += rng.next().toString(16).padStart(8, "0");
  return s;
}

/** A synthetic round of `n` entrants (see the module comment), deterministic per `n`. */
export function makeRound(
  n: number,
): { recruitments: Recruitment[]; entrants: Entrant[] } {
  const rng = new Xoshiro128(n, 0x5eed, 0xb0a7, 0x1234);
  const totalSeats = Math.round(n / 10);
  const recruitments: Recruitment[] = [];
  for (let r = 0; r < RECRUITMENTS; r++) {
    const seats = Math.floor(totalSeats / RECRUITMENTS) +
      (r < totalSeats % RECRUITMENTS ? 1 : 0);
    recruitments.push({ id: `r${String(r).padStart(2, "0")}`, seats });
  }
  const entrants: Entrant[] = [];
  for (let i = 0; i < n; i++) {
    const pseudonym = hex32(rng);
    const members = rng.next() % 50 === 0
      ? [hex32(rng), hex32(rng)].sort()
      : [pseudonym];
    const count = 1 + (rng.next() % 3);
    const picked = new Set<number>();
    while (picked.size < count) picked.add(rng.next() % RECRUITMENTS);
    const base = 100 + 5 * (rng.next() % 50);
    const t = rng.next() % 100;
    const tier = t < 5 ? 1 : t < 20 ? 2 : 3;
    entrants.push({
      pseudonym,
      members,
      choices: [...picked].map((r) => ({
        recruitment: recruitments[r].id,
        weight: base,
        tier,
      })),
    });
  }
  return { recruitments, entrants };
}

/** Our draw to the ordered result; returns a checksum so nothing is optimised away. */
function ourDraw(
  seedHex: string,
  recruitments: Recruitment[],
  entrants: Entrant[],
): number {
  const us = computeUs(seedHex, entrants.map((e) => e.pseudonym));
  const keys = keysOf(entrants, us);
  const { placed, orders } = allocate(recruitments, entrants, keys);
  let sum = 0;
  for (let e = 0; e < placed.length; e += 97) sum += placed[e];
  for (const o of orders) sum += o.length > 0 ? o[0] : 0;
  return sum;
}

/** The whole `drawResults` path (as `runDraw` after its checks). */
function fullDraw(
  seedHex: string,
  recruitments: Recruitment[],
  entrants: Entrant[],
): number {
  const sorted = canonicalEntrants(entrants);
  const us = computeUs(seedHex, sorted.map((e) => e.pseudonym));
  const draw = drawResults(recruitments, sorted, us, keysOf(sorted, us));
  return draw.results.length + draw.offers.length;
}

/** The reference's pools: per recruitment, one row per listing entrant, in entrant order. */
function referencePools(
  recruitments: Recruitment[],
  entrants: Entrant[],
): ReferenceApplicant[][] {
  const index = new Map(recruitments.map((r, i) => [r.id, i]));
  const pools: ReferenceApplicant[][] = recruitments.map(() => []);
  entrants.forEach((e, id) => {
    for (const c of e.choices) {
      pools[index.get(c.recruitment)!].push({ id, weight: c.weight / 100 });
    }
  });
  return pools;
}

function time(f: () => unknown): number {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2
    ? s[(s.length - 1) / 2]
    : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function table(head: string[], rows: string[][]): string {
  const width = head.map((h, i) =>
    Math.max(h.length, ...rows.map((r) => r[i].length))
  );
  const line = (cells: string[]) =>
    cells.map((c, i) => i === 0 ? c.padEnd(width[i]) : c.padStart(width[i]))
      .join("  ");
  return [
    line(head),
    width.map((w) => "-".repeat(w)).join("  "),
    ...rows.map(line),
  ].join("\n");
}

const ms = (x: number) =>
  x < 10 ? x.toFixed(2) : x < 1000 ? x.toFixed(1) : x.toFixed(0);

if (import.meta.main) {
  const sizes = Deno.args.length > 0
    ? Deno.args.map(Number)
    : [1_000, 10_000, 100_000, 1_000_000];
  const seedHex = "9f0c".repeat(16);
  console.log(
    `deno ${Deno.version.deno}, v8 ${Deno.version.v8}, ${Deno.build.target}`,
  );

  // 2. Exact odds, measured first so that no large heap from section 1 adds GC pauses.
  const oddsEntrants = Array.from({ length: 10_000 }, (_, i) => ({
    id: `e${i}`,
    weight: 100 + 5 * (i % 50),
    tier: 1,
  }));
  const oddsTimes: number[] = [];
  let sum = 0;
  for (let i = 0; i < 11; i++) {
    oddsTimes.push(time(() => {
      sum = 0;
      for (const p of exactOdds(500, oddsEntrants).values()) sum += p;
    }));
  }

  // 1. Our draw.
  const rounds = new Map<
    number,
    { recruitments: Recruitment[]; entrants: Entrant[] }
  >();
  ourDraw(seedHex, makeRound(5000).recruitments, makeRound(5000).entrants); // warm-up
  const ours = new Map<number, number>();
  const rows1: string[][] = [];
  const notes = new Set<string>();
  for (const n of sizes) {
    const round = makeRound(n);
    rounds.set(n, round);
    const reps = n <= 1_000 ? 51 : n <= 10_000 ? 21 : n <= 100_000 ? 7 : 3;
    const t: number[] = [], full: number[] = [];
    const first = time(() =>
      ourDraw(seedHex, round.recruitments, round.entrants)
    );
    for (let i = 0; i < reps; i++) {
      t.push(time(() => ourDraw(seedHex, round.recruitments, round.entrants)));
    }
    let fullError = "";
    try {
      for (let i = 0; i < Math.min(reps, 3); i++) {
        full.push(
          time(() => fullDraw(seedHex, round.recruitments, round.entrants)),
        );
      }
    } catch (e) {
      fullError = e instanceof Error ? e.message : String(e);
      notes.add(`full drawResults failed: ${fullError}`);
    }
    ours.set(n, median(t));
    const choices = round.entrants.reduce((s, e) => s + e.choices.length, 0);
    rows1.push([
      n.toLocaleString("en"),
      choices.toLocaleString("en"),
      round.recruitments.reduce((s, r) => s + r.seats, 0).toLocaleString("en"),
      ms(first),
      ms(median(t)),
      ms(Math.min(...t)),
      fullError ? "n/a" : ms(median(full)),
    ]);
  }
  console.log(
    "\n1. Draw: computeUs + keys + allocate (placements + every order), ms",
  );
  console.log(
    table([
      "N",
      "choices",
      "seats",
      "first",
      "median",
      "min",
      "full drawResults (median)",
    ], rows1),
  );
  for (const note of notes) console.log(`note: ${note}`);

  console.log(
    "\n2. Exact odds: 10,000 entrants, 500 seats, 50 weight classes, ms",
  );
  console.log(
    table(["case", "first (cold)", "median of next 10", "Σp − 500"], [[
      "10k/500/50",
      ms(oddsTimes[0]),
      ms(median(oddsTimes.slice(1))),
      (sum - 500).toExponential(1),
    ]]),
  );

  // 3. The reference's rejection loop.
  const rows3: string[][] = [];
  let stopped = false;
  for (const n of sizes) {
    if (stopped) {
      rows3.push([n.toLocaleString("en"), "skipped", "", ""]);
      continue;
    }
    const { recruitments, entrants } = rounds.get(n)!;
    const pools = referencePools(recruitments, entrants);
    const reps = n <= 10_000 ? 5 : n <= 100_000 ? 3 : 1;
    const runs: number[] = [];
    for (let i = 0; i < reps && !(runs[0] > REFERENCE_LIMIT_MS); i++) {
      runs.push(time(() => {
        for (let r = 0; r < recruitments.length; r++) {
          referenceDraw(pools[r], recruitments[r].seats);
        }
      }));
    }
    const t = median(runs);
    const ourMs = ours.get(n)!;
    rows3.push([
      n.toLocaleString("en"),
      ms(t),
      ms(ourMs),
      `${(t / ourMs).toFixed(1)}×`,
    ]);
    if (t > REFERENCE_LIMIT_MS) stopped = true;
  }
  console.log(
    "\n3. Reference rejection loop (per recruitment, Math.random; median) vs ours, ms",
  );
  console.log(
    table(["N", "reference", "ours (median)", "reference / ours"], rows3),
  );
}
