/**
 * One round as a signed-in family sees it: the round and its phase, the family, its
 * application and its documents. The application, documents and home pages start from it.
 *
 * @module
 */
import type { Db } from "@/services/db.ts";
import {
  type ApplyRound,
  applyRound,
  type FamilyApplication,
  familyApplication,
  type RoundPhase,
  roundPhase,
} from "./applications.ts";
import { type FamilyDocument, familyDocuments } from "./documents.ts";
import { type Family, familyOf } from "./family.ts";

/** A round with the family's part in it. */
export interface FamilyRound {
  /** The round and its classes. */
  round: ApplyRound;
  /** Where the round stands now. */
  phase: RoundPhase;
  /** The family. */
  family: Family;
  /** The family's application, or null. */
  app: FamilyApplication | null;
  /** The family's documents for the round. */
  documents: FamilyDocument[];
}

/**
 * Loads a round for the family of `accountId`; a `NotFoundError` when there is no such
 * published round.
 *
 * @example
 * ```ts
 * const view = await familyRound(db, { roundId: 1, accountId: 7, now: clock.now() });
 * ```
 */
export async function familyRound(
  db: Db,
  options: { roundId: number; accountId: number; now: Date; family?: Family },
): Promise<FamilyRound> {
  const round = await applyRound(db, options.roundId);
  const family = options.family ?? await familyOf(db, options.accountId);
  const [app, documents] = await Promise.all([
    familyApplication(db, { roundId: round.id, family }),
    familyDocuments(db, { roundId: round.id, family }),
  ]);
  return {
    round,
    phase: roundPhase(round, options.now),
    family,
    app,
    documents,
  };
}
