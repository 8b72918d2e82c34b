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
import { validateEntries } from "./digest.ts";
import { comesBefore, keyOf } from "./order.ts";
import { uOf } from "./seed.ts";

/** What the admin supplies for an amendment. */
export interface AmendmentInput {
  /** The entrant to add; its pseudonym and members must be new to the record. */
  entrant: Entrant;
  /** Seats the admin adds, per recruitment (integers ≥ 1, only recruitments the entrant lists). */
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

/** Every entrant (original and earlier amendments) listing each recruitment, with its stored key. */
function listedByRecruitment(
  record: RoundRecord,
  amendments: readonly Amendment[],
): Map<string, Listed[]> {
  const results = new Map(record.draw!.results.map((r) => [r.pseudonym, r]));
  const out = new Map<string, Listed[]>();
  const push = (rec: string, x: Listed) => {
    const list = out.get(rec);
    if (list) list.push(x);
    else out.set(rec, [x]);
  };
  for (const e of record.entrants) {
    const res = results.get(e.pseudonym);
    if (!res) {
      throw new Error(`amend: no draw result for entrant ${e.pseudonym}`);
    }
    e.choices.forEach((c, i) => {
      const o = res.choices[i];
      if (!o || o.recruitment !== c.recruitment) {
        throw new Error(`amend: draw result of ${e.pseudonym} differs`);
      }
      push(c.recruitment, {
        tier: c.tier,
        key: o.key,
        pseudonym: e.pseudonym,
        waitlisted: o.result === "waitlist",
      });
    });
  }
  for (const a of amendments) {
    a.entrant.choices.forEach((c, i) => {
      const o = a.choices[i];
      if (!o || o.recruitment !== c.recruitment) {
        throw new Error(`amend: amendment ${a.seq} differs`);
      }
      push(c.recruitment, {
        tier: c.tier,
        key: o.key,
        pseudonym: a.entrant.pseudonym,
        waitlisted: o.result === "waitlist",
      });
    });
  }
  return out;
}

/**
 * Computes the amendment that `input` appends after the record's first `prior` amendments (all
 * by default). `keys` overrides the recomputed keys (verify passes the stored ones). Throws on an
 * invalid or non-new entrant, bad extra seats, or a record without a draw.
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
  const earlier = (record.amendments ?? []).slice(0, prior);
  const { entrant, extraSeats, reason } = input;
  validateEntries(record.recruitments, [
    ...record.entrants,
    ...earlier.map((a) => a.entrant),
    entrant,
  ]);
  const listed = new Set(entrant.choices.map((c) => c.recruitment));
  for (const [id, n] of Object.entries(extraSeats ?? {})) {
    if (!listed.has(id)) {
      throw new Error(
        `amend: extraSeats for ${id}, which the entrant does not list`,
      );
    }
    if (!Number.isSafeInteger(n) || n < 1) {
      throw new Error(`amend: extraSeats for ${id} must be an integer ≥ 1`);
    }
  }
  const size = entrant.members.length;
  const u = uOf(record.seed, entrant.pseudonym);
  const placedAt = entrant.choices.findIndex((c) =>
    (extraSeats?.[c.recruitment] ?? 0) >= size
  );
  const byRec = listedByRecruitment(record, earlier);
  const choices: ChoiceOutcome[] = entrant.choices.map((c, i) => {
    const key = keys ? keys[i] : keyOf(u, c.weight);
    const me = { tier: c.tier, key, pseudonym: entrant.pseudonym };
    let before = 0, waitingBefore = 0;
    for (const x of byRec.get(c.recruitment) ?? []) {
      if (comesBefore(x, me)) {
        before++;
        if (x.waitlisted) waitingBefore++;
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
      rank: before + 1,
      result,
      waitlist: result === "waitlist" ? waitingBefore + 1 : null,
    };
  });
  return {
    seq: prior + 1,
    entrant: copyEntrant(entrant),
    ...(extraSeats !== undefined ? { extraSeats: { ...extraSeats } } : {}),
    ...(reason !== undefined ? { reason } : {}),
    u,
    placed: placedAt >= 0 ? entrant.choices[placedAt].recruitment : null,
    choices,
  };
}

function copyEntrant(e: Entrant): Entrant {
  return {
    pseudonym: e.pseudonym,
    members: [...e.members].sort(),
    choices: e.choices.map((c) => ({
      recruitment: c.recruitment,
      weight: c.weight,
      tier: c.tier,
    })),
  };
}

/**
 * Appends an amendment to a drawn record (README section 7.1) and returns the new record; the
 * input is not changed. The entrant gets the u the seed gives its pseudonym and is placed in the
 * first of its choices with `extraSeats[r] ≥ size` (that recruitment's seats grow by
 * `extraSeats[r]`), else nowhere; it displaces no one.
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
