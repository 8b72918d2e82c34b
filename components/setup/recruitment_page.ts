/**
 * What the recruitment pages (edit, delete) load from their URL.
 *
 * @module
 */
import {
  type RecruitmentSetup,
  recruitmentWithRound,
} from "@/domain/recruitment_setup.ts";
import type { RoundSetup } from "@/domain/round_setup.ts";
import { NotFoundError } from "@/utils/errors.ts";
import { parseId } from "@/utils/http.ts";
import type { AppState } from "@/utils/state.ts";

/** A recruitment page's round and recruitment, and the lock time when it is locked. */
export interface RecruitmentPageData {
  /** The round. */
  round: RoundSetup;
  /** The recruitment. */
  recruitment: RecruitmentSetup;
  /** Set when the round's settings are locked. */
  lockedAt?: Date;
}

/** The round (`:id`) and recruitment (`:rid`) of the URL; 404 when either is missing. */
export async function loadRecruitmentPage(
  ctx: { params: Record<string, string>; state: AppState },
): Promise<{ round: RoundSetup; recruitment: RecruitmentSetup }> {
  const found = await recruitmentWithRound(ctx.state.services.db, {
    roundId: parseId(ctx.params.id),
    id: parseId(ctx.params.rid),
  });
  if (!found) throw new NotFoundError();
  return found;
}
