/**
 * The outcome of each choice after the allocation (README section 6.1).
 *
 * @module
 */
import type {
  ChoiceOutcome,
  ChoiceResult,
  Entrant,
  EntrantResult,
  Recruitment,
} from "./types.ts";
import type { Allocation } from "./allocate.ts";

const RESULTS: readonly ChoiceResult[] = ["won", "higher", "waitlist"];

function indexOfChoice(e: Entrant, id: string): number {
  const c = e.choices;
  for (let i = 0; i < c.length; i++) if (c[i].recruitment === id) return i;
  return -1;
}

/**
 * Each entrant's result, in the order of `entrants`: its u, where it was placed, and per choice
 * its key, 1-based rank in the recruitment's order, result (`won`, `higher` when placed in a
 * choice ranked higher, else `waitlist`) and 1-based frozen waitlist position (null unless the
 * result is `waitlist`). `allocation` must come from `allocate` on the same inputs.
 */
export function outcomesOf(
  recruitments: readonly Recruitment[],
  entrants: readonly Entrant[],
  us: ArrayLike<number>,
  keys: readonly ArrayLike<number>[],
  allocation: Allocation,
): EntrantResult[] {
  const E = entrants.length;
  const { placed, orders } = allocation;
  // Flat per-choice arrays: entrant e's choice i is at start[e] + i.
  const start = new Int32Array(E + 1);
  for (let e = 0; e < E; e++) {
    start[e + 1] = start[e] + entrants[e].choices.length;
  }
  const rank = new Int32Array(start[E]);
  const waitlist = new Int32Array(start[E]); // 0: none
  const result = new Uint8Array(start[E]); // 0 won, 1 higher, 2 waitlist
  // Where each entrant's placement sits in its list (-1: not placed).
  const placedAt = new Int32Array(E).fill(-1);
  for (let e = 0; e < E; e++) {
    if (placed[e] >= 0) {
      placedAt[e] = indexOfChoice(entrants[e], recruitments[placed[e]].id);
    }
  }
  for (let r = 0; r < orders.length; r++) {
    const id = recruitments[r].id, order = orders[r];
    let waiting = 0;
    for (let p = 0; p < order.length; p++) {
      const e = order[p];
      const i = indexOfChoice(entrants[e], id);
      const f = start[e] + i;
      rank[f] = p + 1;
      if (placed[e] === r) result[f] = 0;
      else if (placedAt[e] >= 0 && placedAt[e] < i) result[f] = 1;
      else {
        result[f] = 2;
        waitlist[f] = ++waiting;
      }
    }
  }
  const out = new Array<EntrantResult>(E);
  for (let e = 0; e < E; e++) {
    const list = entrants[e].choices, k = keys[e];
    const choices = new Array<ChoiceOutcome>(list.length);
    for (let i = 0, f = start[e]; i < list.length; i++, f++) {
      choices[i] = {
        recruitment: list[i].recruitment,
        key: k[i],
        rank: rank[f],
        result: RESULTS[result[f]],
        waitlist: waitlist[f] === 0 ? null : waitlist[f],
      };
    }
    out[e] = {
      pseudonym: entrants[e].pseudonym,
      u: us[e],
      placed: placed[e] < 0 ? null : recruitments[placed[e]].id,
      choices,
    };
  }
  return out;
}
