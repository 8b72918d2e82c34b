/**
 * The frozen entry list as stored (`draws.record`): the public pre-draw record, for the round's
 * families and admins (404 for anyone else, and before the freeze). Its entry digest, computed
 * with `deno task lottery digest frozen.json`, is the published one.
 *
 * @module
 */
import type { FreshContext } from "$fresh/server.ts";
import { frozenFacts } from "@/domain/freeze.ts";
import { mayFollowRound } from "@/domain/round_access.ts";
import { parseId } from "@/utils/http.ts";
import type { SignedInState } from "@/utils/state.ts";

/** Answers the record as a JSON download. */
export async function handler(
  req: Request,
  ctx: FreshContext<SignedInState>,
): Promise<Response> {
  const roundId = parseId(ctx.params.id);
  const { services, account } = ctx.state;
  if (
    roundId === null || !(await mayFollowRound(services.db, account, roundId))
  ) {
    return ctx.renderNotFound();
  }
  if (req.method !== "GET") {
    return new Response(null, { status: 405, headers: { allow: "GET" } });
  }
  const frozen = await frozenFacts(services.db, roundId);
  if (!frozen) return ctx.renderNotFound();
  return new Response(JSON.stringify(frozen.record, null, 2) + "\n", {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition":
        `attachment; filename="round-${roundId}-frozen.json"`,
      "cache-control": "private, no-store",
    },
  });
}
