/**
 * Amendments after the draw (README section 7.1): an entrant added without displacing anyone.
 *
 * @module
 */
import type {
  Amendment,
  ChoiceOutcome,
  ChoiceResult,
  Entrant,
  RoundRecord,
} from "./types.ts";
import { byteCompare, canonicalEntrant, validateEntries } from "./digest.ts";
import { isIntIn, MAX_SEATS, rangeMessage } from "./limits.ts";
import { chainLink } from "./chain.ts";
import { comesBefore, keyOf } from "./order.ts";
import { uOf } from "./from_secret.ts";

/** What the admin supplies for an amendment. */
export interface AmendmentInput {
  /**
   * The entrant to add (pseudonym and members new to the record), or the corrected entry of an
   * entrant already in it (same pseudonym and members; weights, tiers or choices corrected).
   */
  entrant: Entrant;
  /**
   * Seats the admin adds, per recruitment (integers 1 to `MAX_SEATS`, only recruitments the
   * entrant lists, never the one where it already holds a seat).
   */
  extraSeats?: Record<string, number>;
  /** Free text, informational. */
  reason?: string;
}

/** One entrant already in a recruitment's order, as the amendment rules see it. */
interface Listed {
  tier: number;
  key: number;
  pseudonym: string;
  waitlisted: boolean;
}

/** The latest version of one entrant: the draw's, or the last amendment's that names it. */
export interface EntrantVersion {
  /** Its entry. */
  entrant: Entrant;
  /** Where it holds a seat, or null. */
  placed: string | null;
  /** Its outcome per choice, in ranked order (stored keys). */
  choices: ChoiceOutcome[];
}

/**
 * The latest version of every entrant after the record's first `prior` amendments, by pseudonym:
 * the draw's result, replaced by each later amendment that names the same pseudonym.
 */
export function currentVersions(
  record: RoundRecord,
  prior = record.amendments?.length ?? 0,
): Map<string, EntrantVersion> {
  const results = new Map(record.draw!.results.map((r) => [r.pseudonym, r]));
  const out = new Map<string, EntrantVersion>();
  const add = (where: string, v: EntrantVersion) => {
    v.entrant.choices.forEach((c, i) => {
      if (v.choices[i]?.recruitment !== c.recruitment) {
        throw new Error(`amend: ${where} differs from its entry`);
      }
    });
    out.set(v.entrant.pseudonym, v);
  };
  for (const e of record.entrants) {
    const res = results.get(e.pseudonym);
    if (!res) {
      throw new Error(`amend: no draw result for entrant ${e.pseudonym}`);
    }
    add(`the draw result of ${e.pseudonym}`, {
      entrant: e,
      placed: res.placed,
      choices: res.choices,
    });
  }
  for (const a of (record.amendments ?? []).slice(0, prior)) {
    add(`amendment ${a.seq}`, {
      entrant: a.entrant,
      placed: a.placed,
      choices: a.choices,
    });
  }
  return out;
}

/** Every other entrant listing each recruitment, with its stored key and whether it waits there. */
function listedByRecruitment(
  versions: Map<string, EntrantVersion>,
  except: string,
): Map<string, Listed[]> {
  const out = new Map<string, Listed[]>();
  for (const [p, v] of versions) {
    if (p === except) continue;
    v.entrant.choices.forEach((c, i) => {
      const x = {
        tier: c.tier,
        key: v.choices[i].key,
        pseudonym: p,
        waitlisted: v.choices[i].result === "waitlist",
      };
      const list = out.get(c.recruitment);
      if (list) list.push(x);
      else out.set(c.recruitment, [x]);
    });
  }
  return out;
}

function checkExtraSeats(
  entrant: Entrant,
  extraSeats: Record<string, number> | undefined,
  held: string | null,
): void {
  const listed = new Set(entrant.choices.map((c) => c.recruitment));
  for (const [id, n] of Object.entries(extraSeats ?? {})) {
    if (!listed.has(id)) {
      throw new Error(
        `amend: extraSeats for ${id}, which the entrant does not list`,
      );
    }
    if (!isIntIn(n, 1, MAX_SEATS)) {
      throw new Error(
        `amend: ${rangeMessage(`extraSeats for ${id}`, 1, MAX_SEATS, n)}`,
      );
    }
    if (id === held) {
      throw new Error(
        `amend: extraSeats for ${id}, where the entrant already holds a seat`,
      );
    }
  }
}

/**
 * Computes the amendment that `input` appends after the record's first `prior` amendments (all
 * by default). `keys` overrides the recomputed keys (verify passes the stored ones). A new
 * entrant is placed in the first of its choices with `extraSeats[r] ≥ size`; a corrected one in
 * the first of its corrected choices that is either the recruitment where it already holds a seat
 * (kept, whatever its new key) or has such extra seats. Throws on an invalid entrant, a
 * correction that changes the members, bad extra seats, or a record without a draw.
 */
export function computeAmendment(
  record: RoundRecord,
  input: AmendmentInput,
  prior = record.amendments?.length ?? 0,
  keys?: readonly number[],
): Amendment {
  if (!record.draw || !record.seed) {
    throw new Error("amend: the record has no draw yet");
  }
  const { entrant, extraSeats, reason } = input;
  const versions = currentVersions(record, prior);
  const before = versions.get(entrant?.pseudonym);
  if (before) {
    const was = [...before.entrant.members].sort(byteCompare).join(",");
    const now = Array.isArray(entrant.members)
      ? [...entrant.members].sort(byteCompare).join(",")
      : "";
    if (was !== now) {
      throw new Error(
        `amend: a correction of ${entrant.pseudonym} must keep its members`,
      );
    }
  }
  validateEntries(record.recruitments, [
    ...[...versions.values()]
      .filter((v) => v !== before)
      .map((v) => v.entrant),
    entrant,
  ]);
  const kept = before?.placed ?? null;
  const held = entrant.choices.some((c) => c.recruitment === kept)
    ? kept
    : null;
  checkExtraSeats(entrant, extraSeats, held);
  const size = entrant.members.length;
  const u = uOf(record.seed, entrant.pseudonym);
  const placedAt = entrant.choices.findIndex((c) =>
    c.recruitment === held || (extraSeats?.[c.recruitment] ?? 0) >= size
  );
  const byRec = listedByRecruitment(versions, entrant.pseudonym);
  const choices: ChoiceOutcome[] = entrant.choices.map((c, i) => {
    const key = keys ? keys[i] : keyOf(u, c.weight);
    const me = { tier: c.tier, key, pseudonym: entrant.pseudonym };
    let ahead = 0, waitingAhead = 0;
    for (const x of byRec.get(c.recruitment) ?? []) {
      if (comesBefore(x, me)) {
        ahead++;
        if (x.waitlisted) waitingAhead++;
      }
    }
    const result: ChoiceResult = i === placedAt
      ? "won"
      : placedAt >= 0 && placedAt < i
      ? "higher"
      : "waitlist";
    return {
      recruitment: c.recruitment,
      key,
      rank: ahead + 1,
      result,
      waitlist: result === "waitlist" ? waitingAhead + 1 : null,
    };
  });
  return {
    seq: prior + 1,
    prev: chainLink(record, prior),
    entrant: canonicalEntrant(entrant),
    ...(extraSeats !== undefined ? { extraSeats: { ...extraSeats } } : {}),
    ...(reason !== undefined ? { reason } : {}),
    u,
    placed: placedAt >= 0 ? entrant.choices[placedAt].recruitment : null,
    choices,
  };
}

/**
 * Appends an amendment to a drawn record (README section 7.1) and returns the new record; the
 * input is not changed. The entrant gets the u the seed gives its pseudonym and is placed in the
 * first of its choices with `extraSeats[r] ≥ size` (that recruitment's seats grow by
 * `extraSeats[r]`) or, for a correction, where it already holds a seat; else nowhere. It
 * displaces no one. The new chain head is {@link chainHead} of the result.
 */
export function amend(record: RoundRecord, input: AmendmentInput): RoundRecord {
  const amendment = computeAmendment(record, input);
  return { ...record, amendments: [...(record.amendments ?? []), amendment] };
}

/**
 * Seats of each recruitment after the amendments: the drawn seats plus the `extraSeats` of every
 * amendment placed there.
 */
export function seatsAfterAmendments(
  record: RoundRecord,
): Record<string, number> {
  const seats: Record<string, number> = {};
  for (const r of record.recruitments) seats[r.id] = r.seats;
  for (const a of record.amendments ?? []) {
    if (a.placed !== null && a.extraSeats?.[a.placed] !== undefined) {
      seats[a.placed] += a.extraSeats[a.placed];
    }
  }
  return seats;
}
