/**
 * A faithful port of the reference system's draw, for the benchmark only (never used by the app).
 *
 * Source: `WeightedRandomSelection.weightedRandomSelection` and the rank walk of
 * `LotteryCommandServiceImpl` in the reference backend (reference inventory sections 4.3–4.5):
 * per recruitment, everyone wins when the pool is no larger than the seats; otherwise cumulative
 * weights in pool order, then, until `numSelected` distinct ids are selected,
 * `v = random() × W`, a linear scan for the first index with `v ≤ cumulative[i]`, and a rejection
 * when that id is already selected. Losers then get ranks 1, 2, 3, … in pool order. The random
 * numbers come from `Math.random` (the reference used an unseeded `java.util.Random`).
 *
 * @module
 */

/** One lottery row of a recruitment's pool: an application id and its `double` weight. */
export interface ReferenceApplicant {
  id: number;
  weight: number;
}

/** Selected ids in selection order, and `rankNo` per pool row (0 for a winner). */
export interface ReferenceResult {
  selected: number[];
  rankNo: Int32Array;
}

/**
 * The reference's successive weighted sampling without replacement by rejection. Like the
 * reference, it never ends when fewer than `numSelected` distinct ids have a positive weight.
 */
export function weightedRandomSelection(
  applicants: readonly ReferenceApplicant[],
  numSelected: number,
): number[] {
  let totalWeight = 0;
  for (const a of applicants) totalWeight += a.weight;
  const cumulativeWeights: number[] = [];
  let cumulativeSum = 0;
  for (const a of applicants) {
    cumulativeSum += a.weight;
    cumulativeWeights.push(cumulativeSum);
  }
  const selectedSet = new Set<number>();
  const selectedList: number[] = [];
  while (selectedSet.size < numSelected) {
    const value = Math.random() * totalWeight;
    for (let i = 0; i < cumulativeWeights.length; i++) {
      if (value <= cumulativeWeights[i]) {
        const id = applicants[i].id;
        if (!selectedSet.has(id)) {
          selectedSet.add(id);
          selectedList.push(id);
        }
        break;
      }
    }
  }
  return selectedList;
}

/**
 * The reference's draw of one recruitment: everyone wins when `pool.length ≤ seats`
 * (no random step), else {@link weightedRandomSelection}; then the walk in pool order that gives
 * each loser the next rank.
 */
export function referenceDraw(
  pool: readonly ReferenceApplicant[],
  seats: number,
): ReferenceResult {
  const selected = pool.length <= seats
    ? pool.map((a) => a.id)
    : weightedRandomSelection(pool, seats);
  const won = new Set(selected);
  const rankNo = new Int32Array(pool.length);
  let rank = 0;
  for (let i = 0; i < pool.length; i++) {
    rankNo[i] = won.has(pool[i].id) ? 0 : ++rank;
  }
  return { selected, rankNo };
}
