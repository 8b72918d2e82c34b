/**
 * The allocation: deferred acceptance with a fixed schedule, greedy hold with pass-over for
 * units (README section 6).
 *
 * @module
 */
import type { Entrant, Recruitment } from "./types.ts";
import { sortIndices } from "./sort.ts";
import { isIntIn, MAX_SEATS, MAX_TIER, MAX_UNIT_SIZE } from "./limits.ts";

/** The result of {@link allocate}. */
export interface Allocation {
  /** Per entrant index: the recruitment index where it is placed, or -1. */
  placed: Int32Array;
  /** Per recruitment index: the entrant indices that list it, in its order (tier, key, pseudonym). */
  orders: Int32Array[];
}

/** Flattened choices of the entrants. */
interface Flat {
  /** `start[e]..start[e+1]` are entrant e's choices. */
  start: Int32Array;
  rec: Int32Array;
  tier: Int32Array;
  key: Float64Array;
  size: Int32Array;
}

function flatten(
  recruitments: readonly Recruitment[],
  entrants: readonly Entrant[],
  keys: readonly ArrayLike<number>[],
): Flat {
  const index = new Map<string, number>();
  recruitments.forEach((r, i) => {
    if (index.has(r.id)) throw new Error(`recruitment ${r.id}: duplicate id`);
    index.set(r.id, i);
  });
  if (keys.length !== entrants.length) {
    throw new Error("allocate: one key list per entrant expected");
  }
  const E = entrants.length;
  const start = new Int32Array(E + 1);
  for (let e = 0; e < E; e++) {
    start[e + 1] = start[e] + entrants[e].choices.length;
  }
  const N = start[E];
  const rec = new Int32Array(N),
    tier = new Int32Array(N),
    key = new Float64Array(N);
  const size = new Int32Array(E);
  for (let e = 0; e < E; e++) {
    const { choices, members, pseudonym } = entrants[e];
    const k = keys[e];
    if (k.length !== choices.length) {
      throw new Error(`entrant ${pseudonym}: one key per choice expected`);
    }
    if (!isIntIn(members.length, 1, MAX_UNIT_SIZE)) {
      throw new Error(`entrant ${pseudonym}: bad unit size ${members.length}`);
    }
    size[e] = members.length;
    for (let c = 0, f = start[e]; c < choices.length; c++, f++) {
      const r = index.get(choices[c].recruitment);
      if (r === undefined) {
        throw new Error(
          `entrant ${pseudonym}: unknown recruitment ${choices[c].recruitment}`,
        );
      }
      const t = choices[c].tier;
      if (!isIntIn(t, 1, MAX_TIER)) {
        throw new Error(`entrant ${pseudonym}: bad tier ${t}`);
      }
      rec[f] = r;
      tier[f] = t;
      key[f] = k[c];
    }
  }
  return { start, rec, tier, key, size };
}

/**
 * Sorts each recruitment's listers. Returns the orders (entrant indices) and, per flat choice,
 * its 0-based position in its recruitment's order.
 */
function buildOrders(
  R: number,
  entrants: readonly Entrant[],
  flat: Flat,
): { orders: Int32Array[]; pos: Int32Array } {
  const { start, rec, tier, key } = flat;
  const N = rec.length, E = entrants.length;
  const owner = new Int32Array(N);
  for (let e = 0; e < E; e++) owner.fill(e, start[e], start[e + 1]);
  const offset = new Int32Array(R + 1);
  for (let f = 0; f < N; f++) offset[rec[f] + 1]++;
  for (let r = 0; r < R; r++) offset[r + 1] += offset[r];
  const byRec = new Int32Array(N);
  const fill = offset.slice(0, R);
  for (let f = 0; f < N; f++) byRec[fill[rec[f]]++] = f;
  const orders: Int32Array[] = [];
  const pos = new Int32Array(N);
  for (let r = 0; r < R; r++) {
    const items = byRec.subarray(offset[r], offset[r + 1]);
    const n = items.length;
    const t = new Int32Array(n), k = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      t[i] = tier[items[i]];
      k[i] = key[items[i]];
    }
    const perm = sortIndices(t, k, (i) => entrants[owner[items[i]]].pseudonym);
    const order = new Int32Array(n);
    for (let p = 0; p < n; p++) {
      const f = items[perm[p]];
      order[p] = owner[f];
      pos[f] = p;
    }
    orders.push(order);
  }
  return { orders, pos };
}

/**
 * Runs deferred acceptance with a fixed schedule. `keys[e][c]` is the key of entrant `e`'s
 * choice `c`. In each step every entrant held nowhere with a choice left proposes to its next
 * choice; each recruitment walks its held entrants and new proposers merged in its order with
 * `free = seats`, holding an entrant when its size fits and passing over (rejecting) it
 * otherwise. A rejected entrant is never reconsidered there. Does not validate the entries
 * beyond what it needs (see `validateEntries`).
 */
export function allocate(
  recruitments: readonly Recruitment[],
  entrants: readonly Entrant[],
  keys: readonly ArrayLike<number>[],
): Allocation {
  const R = recruitments.length, E = entrants.length;
  const flat = flatten(recruitments, entrants, keys);
  const { orders, pos } = buildOrders(R, entrants, flat);
  const { start, rec, size } = flat;
  const seats = new Int32Array(R);
  const held: Int32Array[] = [];
  const heldLen = new Int32Array(R);
  let maxHeld = 0;
  for (let r = 0; r < R; r++) {
    const s = recruitments[r].seats;
    if (!isIntIn(s, 0, MAX_SEATS)) {
      // Checked here too, so the Int32Array below never wraps a value.
      throw new Error(
        `recruitment ${
          recruitments[r].id
        }: seats must be an integer from 0 to ${MAX_SEATS}, got ${s}`,
      );
    }
    seats[r] = s;
    const cap = Math.min(recruitments[r].seats, orders[r].length);
    held.push(new Int32Array(cap));
    if (cap > maxHeld) maxHeld = cap;
  }
  const scratch = new Int32Array(maxHeld);
  const next = new Int32Array(E); // next choice index (relative)
  let queue = new Int32Array(E), queueLen = 0;
  let nextQueue = new Int32Array(E);
  for (let e = 0; e < E; e++) {
    if (start[e + 1] > start[e]) queue[queueLen++] = e;
  }
  const count = new Int32Array(R + 1);
  const bucket = new Int32Array(E);
  const touched = new Int32Array(R);
  while (queueLen > 0) {
    // 1. Propose: bucket the proposers' positions by recruitment.
    count.fill(0);
    for (let i = 0; i < queueLen; i++) {
      count[rec[start[queue[i]] + next[queue[i]]] + 1]++;
    }
    let nTouched = 0;
    for (let r = 0; r < R; r++) {
      if (count[r + 1] > 0) touched[nTouched++] = r;
      count[r + 1] += count[r];
    }
    for (let i = 0; i < queueLen; i++) {
      const e = queue[i];
      const f = start[e] + next[e]++;
      bucket[count[rec[f]]++] = pos[f];
    }
    // count[r] now ends r's bucket; it starts at count[r] − (number of proposers to r).
    // 2. Hold: merge held and proposers in order, greedy with pass-over.
    let nextLen = 0;
    for (let ti = 0; ti < nTouched; ti++) {
      const r = touched[ti];
      const end = count[r], begin = r === 0 ? 0 : count[r - 1];
      const props = bucket.subarray(begin, end).sort();
      const h = held[r], hn = heldLen[r], order = orders[r];
      let free = seats[r], i = 0, j = 0, k = 0;
      while (i < hn || j < props.length) {
        const p = j >= props.length || (i < hn && h[i] < props[j])
          ? h[i++]
          : props[j++];
        const e = order[p];
        if (size[e] <= free) {
          scratch[k++] = p;
          free -= size[e];
        } else if (next[e] < start[e + 1] - start[e]) {
          nextQueue[nextLen++] = e;
        }
      }
      h.set(scratch.subarray(0, k));
      heldLen[r] = k;
    }
    [queue, nextQueue] = [nextQueue, queue];
    queueLen = nextLen;
  }
  const placed = new Int32Array(E).fill(-1);
  for (let r = 0; r < R; r++) {
    for (let i = 0; i < heldLen[r]; i++) placed[orders[r][held[r][i]]] = r;
  }
  return { placed, orders };
}
