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
  // Recruitment id → its first index; `canon[r]` is that index for recruitment r (the same
  // recruitment unless ids repeat), so comparing indexes is comparing ids.
  const firstIndex = new Map<string, number>();
  const canon = new Int32Array(recruitments.length);
  for (let r = 0; r < recruitments.length; r++) {
    const id = recruitments[r].id;
    let i = firstIndex.get(id);
    if (i === undefined) firstIndex.set(id, i = r);
    canon[r] = i;
  }
  // Flat per-choice arrays: entrant e's choice i is at start[e] + i.
  const start = new Int32Array(E + 1);
  for (let e = 0; e < E; e++) {
    start[e + 1] = start[e] + entrants[e].choices.length;
  }
  // The recruitment index of each choice (-1 for an unknown id).
  const choiceRec = new Int32Array(start[E]);
  for (let e = 0, f = 0; e < E; e++) {
    const list = entrants[e].choices;
    for (let i = 0; i < list.length; i++, f++) {
      choiceRec[f] = firstIndex.get(list[i].recruitment) ?? -1;
    }
  }
  /** As `indexOfChoice(entrants[e], recruitments[r].id)`. */
  const choiceOf = (e: number, r: number): number => {
    const c = canon[r], s = start[e], n = start[e + 1] - s;
    for (let i = 0; i < n; i++) if (choiceRec[s + i] === c) return i;
    return -1;
  };
  const rank = new Int32Array(start[E]);
  const waitlist = new Int32Array(start[E]); // 0: none
  const result = new Uint8Array(start[E]); // 0 won, 1 higher, 2 waitlist
  // Where each entrant's placement sits in its list (-1: not placed).
  const placedAt = new Int32Array(E).fill(-1);
  for (let e = 0; e < E; e++) {
    if (placed[e] >= 0) placedAt[e] = choiceOf(e, placed[e]);
  }
  for (let r = 0; r < orders.length; r++) {
    const order = orders[r];
    let waiting = 0;
    for (let p = 0; p < order.length; p++) {
      const e = order[p];
      const i = choiceOf(e, r);
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
    const choices: ChoiceOutcome[] = [];
    for (let i = 0, f = start[e]; i < list.length; i++, f++) {
      choices.push({
        recruitment: list[i].recruitment,
        key: k[i],
        rank: rank[f],
        result: RESULTS[result[f]],
        waitlist: waitlist[f] === 0 ? null : waitlist[f],
      });
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
