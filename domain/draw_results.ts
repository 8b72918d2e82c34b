/**
 * A drawn round's results, read from the draw tables: for each entrant (a child or a unit) and
 * each of its ranked choices, where it stands now. The family's page, the result mail and the
 * admin's class lists all read this one function, so they cannot disagree.
 *
 * A choice's status (rules.md "The draw and the allocation", "Registration"):
 * - `withdrawn`: the entrant withdrew (a withdrawal kept since the freeze, applied at the draw);
 * - `won`: it holds the seat the draw gave it (or has confirmed it);
 * - `offered`: it was offered this seat (a first offer, or a seat freed down the waitlist), with
 *   the offer's deadline (the end of the 1st window for offers made before it);
 * - `higher`: it holds a seat in a choice it ranked higher, so it is not on this waitlist;
 * - `waitlist`: otherwise, with the frozen waitlist position and rank of the record.
 *
 * @module
 */
import type { Addend, BeaconKind, BeaconUsed } from "@/lottery/mod.ts";
import type { Db } from "@/services/db.ts";

/** Where an entrant stands in one of its choices. */
export type ChoiceStatus =
  | "won"
  | "offered"
  | "waitlist"
  | "higher"
  | "withdrawn";

/** One ranked choice with its outcome. */
export interface ChoiceResultView {
  /** 0-based position in the ranked list. */
  position: number;
  /** The recruitment (database id). */
  recruitmentId: number;
  /** The lottery's recruitment id. */
  code: string;
  /** The kindergarten's name. */
  kindergarten: string;
  /** The class age. */
  classAge: number;
  /** Integer hundredths. */
  weight: number;
  /** 1 is the best. */
  tier: number;
  /** The weight's terms. */
  addends: Addend[];
  /** Where it stands now. */
  status: ChoiceStatus;
  /** The frozen 1-based rank in the recruitment's order. */
  rank: number | null;
  /** The frozen 1-based waitlist position (status `waitlist`). */
  waitlist: number | null;
  /** The offer's deadline (status `offered`). */
  deadline: Date | null;
}

/** One entrant's results. */
export interface EntrantResultView {
  /** The entrant's pseudonym. */
  pseudonym: string;
  /** The application. */
  applicationId: number;
  /** Its family (`applications.family_key`). */
  familyKey: number;
  /** The child's name, or the unit's children's names. */
  names: string[];
  /** True once withdrawn. */
  withdrawn: boolean;
  /** In the ranked order. */
  choices: ChoiceResultView[];
}

/** The published facts of a drawn round. */
export interface DrawFacts {
  /** The round id. */
  roundId: number;
  /** The entry digest published at the freeze. */
  digest: string;
  /** The commitment published at the freeze. */
  commitment: string;
  /** The amendment chain head, once one was published. */
  chainHead: string | null;
  /** The seed, once drawn. */
  seed: string | null;
  /** The revealed secret, once drawn. */
  secret: string | null;
  /** When it was drawn. */
  drawnAt: Date | null;
  /** The beacon announced at the freeze, and the value used once drawn. */
  beacon: {
    kind: BeaconKind;
    name: string;
    scheduledAt: number;
    deadline: number;
    fallback: { kind: BeaconKind; name: string; scheduledAt: number };
    used: BeaconUsed | null;
    value: string | null;
    /** A value waiting for a second admin (never shown to families). */
    pendingValue: string | null;
    /** The admin who entered the pending value. */
    pendingBy: number | null;
  };
}

/**
 * The draw row's public facts, or null when the round is not frozen.
 *
 * @example
 * ```ts
 * const facts = await drawFacts(db, roundId);
 * if (facts?.seed) console.log("drawn with", facts.beacon.value);
 * ```
 */
export async function drawFacts(
  db: Db,
  roundId: number,
): Promise<DrawFacts | null> {
  const [row] = await db.sql<{
    digest: string;
    commitment: string;
    chain_head: string | null;
    seed: string | null;
    secret: string | null;
    drawn_at: Date | null;
    beacon_value: string | null;
    beacon_used: BeaconUsed | null;
    beacon_entered_by: number | null;
    beacon: DrawFacts["beacon"];
  }>`
    select digest, commitment, chain_head, seed, secret, drawn_at, beacon_value, beacon_used,
      beacon_entered_by, record -> 'beacon' as beacon
    from draws where round_id = ${roundId}`;
  if (!row) return null;
  const drawn = row.seed !== null;
  return {
    roundId,
    digest: row.digest,
    commitment: row.commitment,
    chainHead: row.chain_head,
    seed: row.seed,
    secret: row.secret,
    drawnAt: row.drawn_at,
    beacon: {
      kind: row.beacon.kind,
      name: row.beacon.name,
      scheduledAt: row.beacon.scheduledAt,
      deadline: row.beacon.deadline,
      fallback: row.beacon.fallback,
      used: drawn ? row.beacon_used : null,
      value: drawn ? row.beacon_value : null,
      pendingValue: drawn ? null : row.beacon_value,
      pendingBy: drawn || row.beacon_entered_by === null
        ? null
        : Number(row.beacon_entered_by),
    },
  };
}

/** The beacon event whose value was used (the fallback when the record says so). */
export function beaconEvent(
  facts: DrawFacts,
): { kind: BeaconKind; name: string } {
  return facts.beacon.used === "fallback"
    ? facts.beacon.fallback
    : facts.beacon;
}

interface EntrantRow {
  pseudonym: string;
  application_id: number;
  family_key: number;
  names: string[];
  withdrawn: boolean;
}

interface ChoiceRow {
  pseudonym: string;
  position: number;
  recruitment_id: number;
  code: string;
  kindergarten: string;
  class_age: number;
  weight: number;
  tier: number;
  addends: Addend[];
  rank: number | null;
  result: "won" | "higher" | "waitlist" | null;
  waitlist: number | null;
}

/**
 * The results of the round's entrants (all of them, or those of the families `familyKeys`),
 * in application then pseudonym order. Empty before the draw.
 *
 * @example
 * ```ts
 * const mine = await entrantResults(db, { roundId, familyKeys: family.memberIds });
 * ```
 */
export async function entrantResults(
  db: Db,
  options: { roundId: number; familyKeys?: number[] },
): Promise<EntrantResultView[]> {
  const { roundId } = options;
  const keys = options.familyKeys ?? null;
  const entrants = await db.sql<EntrantRow>`
    select e.pseudonym, e.application_id, a.family_key,
      case when e.child_id is not null then array[c.name]
        else array(select ch.name from application_children ac
          join children ch on ch.id = ac.child_id
          where ac.unit_id = e.unit_id order by ch.id) end as names,
      exists (select 1 from kept_withdrawals w where w.round_id = e.round_id
        and w.pseudonym = e.pseudonym and w.applied_at is not null) as withdrawn
    from draw_entrants e
    join draws d on d.round_id = e.round_id and d.seed is not null
    join applications a on a.id = e.application_id
    left join children c on c.id = e.child_id
    where e.round_id = ${roundId}
      and (${keys}::int8[] is null or a.family_key = any(${keys}::int8[]))
    order by e.application_id, e.pseudonym`;
  if (entrants.length === 0) return [];
  const pseudonyms = entrants.map((e) => e.pseudonym);
  const [choices, holdings] = await Promise.all([
    db.sql<ChoiceRow>`
      select dc.pseudonym, dc.position, dc.recruitment_id, dr.code, k.name as kindergarten,
        r.class_age, dc.weight, dc.tier, dc.addends, dc.rank, dc.result, dc.waitlist
      from draw_choices dc
      join recruitments r on r.id = dc.recruitment_id
      join kindergartens k on k.id = r.kindergarten_id
      join draw_recruitments dr on dr.round_id = dc.round_id
        and dr.recruitment_id = dc.recruitment_id
      where dc.round_id = ${roundId} and dc.pseudonym = any(${pseudonyms}::text[])
      order by dc.pseudonym, dc.position`,
    db.sql<
      {
        pseudonym: string;
        recruitment_id: number;
        status: string;
        deadline: Date | null;
      }
    >`
      select pseudonym, recruitment_id, status, deadline from seat_holdings
      where round_id = ${roundId} and pseudonym = any(${pseudonyms}::text[])`,
  ]);
  const choicesOf = new Map<string, ChoiceRow[]>();
  for (const c of choices) {
    const list = choicesOf.get(c.pseudonym) ?? [];
    list.push(c);
    choicesOf.set(c.pseudonym, list);
  }
  const seatOf = new Map(holdings.map((h) => [h.pseudonym, h]));
  return entrants.map((e) => {
    const list = choicesOf.get(e.pseudonym) ?? [];
    const seat = seatOf.get(e.pseudonym);
    const seatPosition = seat
      ? list.find((c) =>
        Number(c.recruitment_id) === Number(seat.recruitment_id)
      )
        ?.position ?? null
      : null;
    return {
      pseudonym: e.pseudonym,
      applicationId: Number(e.application_id),
      familyKey: Number(e.family_key),
      names: e.names,
      withdrawn: e.withdrawn,
      choices: list.map((c): ChoiceResultView => {
        let status: ChoiceStatus;
        if (e.withdrawn) status = "withdrawn";
        else if (seat && seatPosition === c.position) {
          status = seat.status === "offer" ? "offered" : "won";
        } else if (seatPosition !== null && seatPosition < c.position) {
          status = "higher";
        } else status = "waitlist";
        return {
          position: c.position,
          recruitmentId: Number(c.recruitment_id),
          code: c.code,
          kindergarten: c.kindergarten,
          classAge: Number(c.class_age),
          weight: Number(c.weight),
          tier: Number(c.tier),
          addends: c.addends,
          status,
          rank: c.rank === null ? null : Number(c.rank),
          waitlist: status === "waitlist" && c.waitlist !== null
            ? Number(c.waitlist)
            : null,
          deadline: status === "offered" ? seat!.deadline : null,
        };
      }),
    };
  });
}

/** One class's results for the admin. */
export interface ClassResults {
  /** The recruitment. */
  recruitmentId: number;
  /** The lottery's id. */
  code: string;
  /** The kindergarten's name. */
  kindergarten: string;
  /** The class age. */
  classAge: number;
  /** Seats at the freeze. */
  seats: number;
  /** Holders now (won or offered), in rank order. */
  holders: { names: string[]; rank: number | null; status: ChoiceStatus }[];
  /** The waitlist, in frozen order. */
  waitlist: { names: string[]; rank: number | null; waitlist: number | null }[];
  /** Entrants that listed the class. */
  applicants: number;
  /** Entrants that withdrew. */
  withdrawn: number;
}

/**
 * Per class: who holds a seat, the waitlist with names, and the counts (for admins only).
 *
 * @example
 * ```ts
 * const classes = classResults(await entrantResults(db, { roundId }), seats);
 * ```
 */
export function classResults(
  entrants: EntrantResultView[],
  seats: ReadonlyMap<number, number>,
): ClassResults[] {
  const byClass = new Map<number, ClassResults>();
  for (const e of entrants) {
    for (const c of e.choices) {
      let cls = byClass.get(c.recruitmentId);
      if (!cls) {
        byClass.set(
          c.recruitmentId,
          cls = {
            recruitmentId: c.recruitmentId,
            code: c.code,
            kindergarten: c.kindergarten,
            classAge: c.classAge,
            seats: seats.get(c.recruitmentId) ?? 0,
            holders: [],
            waitlist: [],
            applicants: 0,
            withdrawn: 0,
          },
        );
      }
      cls.applicants++;
      if (c.status === "withdrawn") cls.withdrawn++;
      if (c.status === "won" || c.status === "offered") {
        cls.holders.push({ names: e.names, rank: c.rank, status: c.status });
      }
      if (c.status === "waitlist") {
        cls.waitlist.push({
          names: e.names,
          rank: c.rank,
          waitlist: c.waitlist,
        });
      }
    }
  }
  const list = [...byClass.values()];
  for (const cls of list) {
    cls.holders.sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0));
    cls.waitlist.sort((a, b) => (a.waitlist ?? 0) - (b.waitlist ?? 0));
  }
  return list.sort((a, b) =>
    a.kindergarten.localeCompare(b.kindergarten) || a.classAge - b.classAge
  );
}
