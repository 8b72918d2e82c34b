/**
 * The near-linear fill of the registration state machine, which reproduces `slowFill` of
 * `_fill.ts` exactly, and the entrant index it looks entrants up with.
 *
 * @module
 */
import {
  type Ctx,
  leaveWaitlists,
  recordSeat,
  removeHolder,
  searchSorted,
  smallest,
} from "./_helpers.ts";
import { type EntrantState, offerDeadline } from "./types.ts";

/** Exact entrant look-up for the fast fill. */
export interface EntrantIndex {
  /** The entrant named `pseudonym`, if any. */
  get(pseudonym: string): EntrantState | undefined;
  /** A lower bound of every entrant's size. */
  minSize: number;
}

/**
 * A binary-search index of entrants strictly sorted by pseudonym with integer sizes (where it
 * finds exactly what {@link findEnt} finds), or undefined for any other list.
 */
export function entrantIndexOf(list: EntrantState[]): EntrantIndex | undefined {
  let minSize = Infinity;
  for (let i = 0; i < list.length; i++) {
    const e = list[i];
    if (!Number.isInteger(e.size)) return undefined;
    if (e.size < minSize) minSize = e.size;
    if (i > 0 && !(list[i - 1].pseudonym < e.pseudonym)) return undefined;
  }
  return sortedIndex(list, minSize);
}

/** Binary search in `list`, strictly sorted by pseudonym, whose sizes are all ≥ `minSize`. */
export function sortedIndex(
  list: EntrantState[],
  minSize: number,
): EntrantIndex {
  return {
    minSize,
    get: (pseudonym: string) => searchSorted(list, pseudonym),
  };
}

/** Lookups of one waitlist after which it gets a pseudonym → index map. */
const MAP_AFTER = 8;

/**
 * The fill of {@link slowFill} in near-linear time: seats in use, each entrant's seat and a
 * waitlist's removed places are kept in side tables; removed places are only marked (a head
 * pointer skips them) and the waitlists are compacted once at the end. A recruitment is skipped
 * at once when its free seats are below the smallest size still waiting there. Returns false,
 * having changed nothing, when the state is outside what it reproduces exactly.
 */
export function fastFill(ctx: Ctx, idx: EntrantIndex): boolean {
  const { s, at } = ctx;
  const recs = s.recruitments;
  const R = recs.length;
  const posOf = new Map<string, number>();
  for (let i = 0; i < R; i++) posOf.set(recs[i].id, i);
  if (posOf.size !== R) return false;
  const sizeOfP = (p: string): number => idx.get(p)?.size ?? 1;
  /** Pseudonym → position of the recruitment where it holds its seat. */
  const seatAt = new Map<string, number>();
  const usedN = new Array<number>(R).fill(0);
  for (let i = 0; i < R; i++) {
    let n = 0;
    for (const h of recs[i].holders) {
      if (seatAt.has(h.entrant)) return false;
      seatAt.set(h.entrant, i);
      n += sizeOfP(h.entrant);
    }
    usedN[i] = n;
  }
  const lowest = Math.min(idx.minSize, 1);
  const minBound = new Array<number>(R).fill(lowest);
  const head = new Array<number>(R).fill(0);
  const gone: (Uint8Array | null)[] = new Array(R).fill(null);
  const goneN = new Array<number>(R).fill(0);
  const lookups = new Array<number>(R).fill(0);
  const where: (Map<string, number> | null)[] = new Array(R).fill(null);
  const repeated = new Array<boolean>(R).fill(false);

  const mark = (pos: number, j: number): void => {
    let g = gone[pos];
    if (!g) g = gone[pos] = new Uint8Array(recs[pos].waitlist.length);
    g[j] = 1;
    goneN[pos]++;
  };

  /** As {@link removePlace}: marks every place of `p` in recruitment `pos`. */
  const removeAt = (pos: number, p: string): boolean => {
    const wl = recs[pos].waitlist;
    lookups[pos]++;
    let m = where[pos];
    if (!m && !repeated[pos] && lookups[pos] > MAP_AFTER) {
      m = new Map();
      for (let j = 0; j < wl.length; j++) {
        const q = wl[j].entrant;
        if (m.has(q)) {
          repeated[pos] = true;
          m = null;
          break;
        }
        m.set(q, j);
      }
      where[pos] = m;
    }
    const g = gone[pos];
    if (m) {
      const j = m.get(p);
      if (j === undefined || (g && g[j])) return false;
      mark(pos, j);
      return true;
    }
    let found = false;
    for (let j = head[pos]; j < wl.length; j++) {
      if (wl[j].entrant === p && !(g && g[j])) {
        mark(pos, j);
        found = true;
      }
    }
    return found;
  };

  /** The index of the first waitlisted place whose entrant fits `free` seats, or -1. */
  const firstFit = (pos: number, free: number): number => {
    const wl = recs[pos].waitlist;
    const g = gone[pos];
    let j = head[pos];
    if (g) { while (j < wl.length && g[j]) j++; }
    head[pos] = j;
    let m = Infinity;
    for (; j < wl.length; j++) {
      if (g && g[j]) continue;
      const size = sizeOfP(wl[j].entrant);
      if (size <= free) return j;
      if (size < m) m = size;
    }
    minBound[pos] = m;
    return -1;
  };

  /** As {@link place}. */
  const placeAt = (
    pos: number,
    e: EntrantState,
    pending: Set<string>,
  ): void => {
    const r = recs[pos];
    const prevPos = seatAt.get(e.pseudonym);
    const prevR = prevPos === undefined ? undefined : recs[prevPos];
    const prevH = prevR?.holders.find((x) => x.entrant === e.pseudonym);
    const status = prevH?.status === "confirmed" ? "confirmed" : "offer";
    const deadline = status === "offer" ? offerDeadline(s.calendar, at) : null;
    removeAt(pos, e.pseudonym);
    r.holders.push({ entrant: e.pseudonym, status, deadline, since: at });
    usedN[pos] += e.size;
    seatAt.set(e.pseudonym, pos);
    recordSeat(ctx, e.pseudonym, r.id, prevR?.id, status, deadline);
    if (prevR && prevPos !== undefined) {
      const before = prevR.holders.length;
      removeHolder(prevR, e.pseudonym);
      usedN[prevPos] -= e.size * (before - prevR.holders.length);
      if (prevPos === pos) seatAt.delete(e.pseudonym);
      ctx.moves.push({
        kind: "freed",
        entrant: e.pseudonym,
        recruitment: prevR.id,
        at,
      });
      pending.add(prevR.id);
    }
    leaveWaitlists(
      ctx,
      e.pseudonym,
      e.choices.slice(e.choices.indexOf(r.id) + 1),
      "higher",
      (c) => {
        const lower = posOf.get(c);
        return lower !== undefined && removeAt(lower, e.pseudonym);
      },
    );
  };

  const pending = new Set(recs.map((r) => r.id));
  while (pending.size > 0) {
    const id = smallest(pending);
    pending.delete(id);
    const pos = posOf.get(id);
    if (pos === undefined) continue;
    const r = recs[pos];
    for (;;) {
      const free = r.seats - usedN[pos];
      if (free < minBound[pos]) break;
      const j = firstFit(pos, free);
      if (j < 0) break;
      const p = r.waitlist[j].entrant;
      const e = idx.get(p);
      if (!e) {
        removeAt(pos, p);
        continue;
      }
      placeAt(pos, e, pending);
    }
  }
  for (let pos = 0; pos < R; pos++) {
    const g = gone[pos];
    if (g && goneN[pos] > 0) {
      recs[pos].waitlist = recs[pos].waitlist.filter((_, j) => g[j] === 0);
    }
  }
  return true;
}
