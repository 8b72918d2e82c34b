/**
 * Where a family stands in a round (its status page): each document's review state, the weight
 * of each child (or unit of linked siblings) for each choice with its addends, and once the
 * application is in the pool the chance of winning of each choice from the cached odds of the
 * current pool (domain/odds.ts). Only the signed-in parent's own family: nothing here takes an
 * id other than the round's.
 *
 * @module
 */
import type { Addend, OddsItem } from "@/lottery/mod.ts";
import type { Cache } from "@/services/cache.ts";
import type { Db } from "@/services/db.ts";
import type { ApplyRecruitment, DeclaredFacts } from "./applications.ts";
import type { FamilyDocument } from "./documents.ts";
import { type FamilyRound, familyRound } from "./family_round.ts";
import { familyOf } from "./family.ts";
import { currentOdds, recentPoolFingerprint, requestOdds } from "./odds.ts";
import { type PoolState, roundPool } from "./pool.ts";

/** One ranked choice of an entrant, weighed, with its chance when known. */
export interface StatusChoice {
  /** 1 = first choice. */
  rank: number;
  /** The class. */
  recruitment: ApplyRecruitment;
  /** Integer hundredths. */
  weight: number;
  /** 1 is the best. */
  tier: number;
  /** The weight's terms, base first. */
  addends: Addend[];
  /** The chance of a seat here, once in the pool and computed. */
  odds: OddsItem | null;
}

/** A child, or a unit of linked siblings, with its choices. */
export interface StatusEntrant {
  /** The pool's entrant id. */
  id: string;
  /** The children's names (several for a unit). */
  names: string[];
  /** Ranked choices. */
  choices: StatusChoice[];
}

/** A declared factor that adds nothing yet because its document is not accepted. */
export interface WaitingFactor {
  /** The declared factor. */
  factor:
    | "singleParent"
    | "disability"
    | "dualIncome"
    | "siblingEnrolled"
    | "children";
  /** The document it needs. */
  kind: FamilyDocument["kind"];
  /** Its document's state (never accepted), or null when none was uploaded. */
  document: "pending" | "rejected" | null;
}

/** The chance of winning part of the page. */
export type StatusOdds =
  | { kind: "not_in_pool" }
  | { kind: "computing"; live: number; reviewed: number }
  | {
    kind: "ready";
    method: "exact" | "simulated";
    live: number;
    reviewed: number;
    computedAt: Date;
  };

/** The family's status in a round. */
export interface FamilyStatus {
  /** The round, the family, its application and documents. */
  view: FamilyRound;
  /** False before the family has submitted an application (drafts included). */
  applied: boolean;
  /** Where the application stands for the draw. */
  state: PoolState | null;
  /** Each child or unit, weighed. */
  entrants: StatusEntrant[];
  /** Declared factors that do not count yet. */
  waiting: WaitingFactor[];
  /** The chance of winning. */
  odds: StatusOdds;
}

const FACTOR_DOCUMENTS: [
  WaitingFactor["factor"],
  FamilyDocument["kind"],
  (f: DeclaredFacts, couple: boolean) => boolean,
][] = [
  ["singleParent", "single_parent", (f) => f.singleParent],
  ["children", "family_register", (f) => f.childrenCount > 1],
  ["disability", "disability", (f) => f.disability],
  ["dualIncome", "employment", (f, couple) => f.dualIncome && !couple],
  ["siblingEnrolled", "sibling", (f) => f.siblingEnrolled],
];

/**
 * The status of the family of `accountId` in the round: never waits for the odds; when the
 * cached odds are not those of the current pool it queues a computation and says so.
 *
 * @example
 * ```ts
 * const status = await familyStatus(db, cache, { roundId, accountId, now: clock.now() });
 * ```
 */
export async function familyStatus(
  db: Db,
  cache: Cache,
  options: { roundId: number; accountId: number; now: Date },
): Promise<FamilyStatus> {
  // The family's own part of the pool is read fresh, alongside its round.
  const family = await familyOf(db, options.accountId);
  const [view, pool] = await Promise.all([
    familyRound(db, { ...options, family }),
    roundPool(db, options.roundId, { familyKey: family.key }),
  ]);
  const app = view.app;
  if (!app || app.status === "draft") {
    return {
      view,
      applied: false,
      state: null,
      entrants: [],
      waiting: [],
      odds: { kind: "not_in_pool" },
    };
  }
  const mine = pool.applications.find((a) => a.id === app.id);
  const state = mine?.state ?? null;
  const names = new Map(app.children.map((c) => [c.id, c.name]));
  const classes = new Map(view.round.recruitments.map((r) => [r.id, r]));
  const own = pool.entrants.filter((e) => e.applicationId === app.id);

  let odds: StatusOdds = { kind: "not_in_pool" };
  let items = new Map<string, OddsItem[]>();
  if (state === "in_pool") {
    const roundId = view.round.id;
    const entrants = own.map((e) => e.id);
    let fp = await recentPoolFingerprint(db, roundId);
    let found = await currentOdds(cache, { roundId, ...fp, entrants });
    if (found && entrants.some((e) => !found!.items.get(e)?.length)) {
      // The pod's fingerprint predates this family joining the pool: check against a fresh
      // one before saying "being computed".
      fp = await recentPoolFingerprint(db, roundId, { fresh: true });
      found = await currentOdds(cache, { roundId, ...fp, entrants });
    }
    const { fingerprint, live, reviewed } = fp;
    if (found && entrants.every((e) => found!.items.get(e)?.length)) {
      items = found.items;
      odds = {
        kind: "ready",
        method: found.method,
        live,
        reviewed,
        computedAt: new Date(found.computedAt),
      };
    } else {
      await requestOdds(db, cache, {
        roundId,
        fingerprint,
        now: options.now,
      });
      odds = { kind: "computing", live, reviewed };
    }
  }

  const entrants: StatusEntrant[] = own.map((e) => ({
    id: e.id,
    names: e.members.map((m) => names.get(m.childId) ?? ""),
    choices: e.choices.map((c, i) => ({
      rank: i + 1,
      recruitment: classes.get(c.recruitmentId)!,
      weight: c.weight,
      tier: c.tier,
      addends: c.addends,
      odds: items.get(e.id)?.find((o) => o.recruitment === c.code) ?? null,
    })),
  }));

  const docs = new Map(view.documents.map((d) => [d.kind, d.status]));
  // A sibling enrolled by the kindergarten's records counts without the document.
  const byRecord = own.some((e) =>
    e.choices.some((c) => c.addends.some((a) => a.factor === "siblingEnrolled"))
  );
  const waiting: WaitingFactor[] = FACTOR_DOCUMENTS
    .filter(([factor, kind, declared]) =>
      declared(app.facts, view.family.couple) &&
      docs.get(kind) !== "accepted" &&
      !(factor === "siblingEnrolled" && byRecord)
    )
    .map(([factor, kind]) => ({
      factor,
      kind,
      document: (docs.get(kind) ?? null) as WaitingFactor["document"],
    }));

  return { view, applied: true, state, entrants, waiting, odds };
}
