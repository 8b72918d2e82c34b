/**
 * A round's public record as JSON (the frozen record after the freeze, the full record after
 * the draw), for the round's families and admins; the verify page fetches it.
 *
 * @module
 */
import type { FreshContext } from "$fresh/server.ts";
import { roundRecordResponse } from "@/utils/round_record.ts";
import type { SignedInState } from "@/utils/state.ts";

/** Answers the record, or 404. */
export function handler(
  req: Request,
  ctx: FreshContext<SignedInState>,
): Promise<Response> {
  return roundRecordResponse(req, ctx, {
    disposition: "inline",
    name: "record",
  });
}
