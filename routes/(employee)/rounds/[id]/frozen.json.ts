/**
 * The frozen entry list as stored (`draws.record`) as a download, for the round's families and
 * admins. Its entry digest, computed with `deno task lottery digest frozen.json`, is the one
 * published at the freeze (after the draw the file is the full record, with the same entries).
 *
 * @module
 */
import type { FreshContext } from "$fresh/server.ts";
import { roundRecordResponse } from "@/utils/round_record.ts";
import type { SignedInState } from "@/utils/state.ts";

/** Answers the record as a JSON download, or 404. */
export function handler(
  req: Request,
  ctx: FreshContext<SignedInState>,
): Promise<Response> {
  return roundRecordResponse(req, ctx, {
    disposition: "attachment",
    name: "frozen",
  });
}
