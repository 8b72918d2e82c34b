/**
 * The outcome of each choice after the allocation (README section 6.1).
 *
 * @module
 */
import type { ChoiceOutcome, ChoiceResult, Entrant, EntrantResult, Recruitment } from "./types.ts";
import type { Allocation } from "./allocate.ts";

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
  // Where each entrant's placement sits in its list (-1: not placed).
  const placedAt = new Int32Array(E).fill(-1);
  for (let e = 0; e < E; e++) {
    if (placed[e] < 0) continue;
    const id = recruitments[placed[e]].id;
    placedAt[e] = entrants[e].choices.findIndex((c) => c.recruitment === id);
  }
  const rank: number[][] = entrants.map((e) => new Array(e.choices.length).fill(0));
  const waitlist: (number | null)[][] = entrants.map((e) => new Array(e.choices.length).fill(null));
  const result: ChoiceResult[][] = entrants.map((e) => new Array(e.choices.length));
  for (let r = 0; r < orders.length; r++) {
    const id = recruitments[r].id, order = orders[r];
    let waiting = 0;
    for (let p = 0; p < order.length; p++) {
      const e = order[p];
      const i = entrants[e].choices.findIndex((c) => c.recruitment === id);
      rank[e][i] = p + 1;
      if (placed[e] === r) result[e][i] = "won";
      else if (placedAt[e] >= 0 && placedAt[e] < i) result[e][i] = "higher";
      else {
        result[e][i] = "waitlist";
        waitlist[e][i] = ++waiting;
      }
    }
  }
  const out = new Array<EntrantResult>(E);
  for (let e = 0; e < E; e++) {
    const choices: ChoiceOutcome[] = entrants[e].choices.map((c, i) => ({
      recruitment: c.recruitment,
      key: keys[e][i],
      rank: rank[e][i],
      result: result[e][i],
      waitlist: waitlist[e][i],
    }));
    out[e] = {
      pseudonym: entrants[e].pseudonym,
      u: us[e],
      placed: placed[e] < 0 ? null : recruitments[placed[e]].id,
      choices,
    };
  }
  return out;
}
