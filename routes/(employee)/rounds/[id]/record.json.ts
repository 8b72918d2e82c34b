/**
 * A round's public record (pseudonyms, weights and tiers; never a name or a factor) as JSON:
 * the frozen record after the freeze, the full record after the draw. For the round's families
 * and admins; anyone else is told it is not there.
 *
 * @module
 */
import type { FreshContext } from "$fresh/server.ts";
import { mayFollowRound } from "@/domain/round_access.ts";
import { parseId } from "@/utils/http.ts";
import type { SignedInState } from "@/utils/state.ts";

/** Answers the record, or 404. */
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
  if (req.method !== "GET" && req.method !== "HEAD") {
    return new Response(null, { status: 405, headers: { allow: "GET, HEAD" } });
  }
  const [row] = await services.db.sql<{ record: string }>`
    select record::text as record from draws where round_id = ${roundId}`;
  if (!row?.record) return ctx.renderNotFound();
  return new Response(row.record, {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `inline; filename="round-${roundId}-record.json"`,
      "cache-control": "private, no-store",
    },
  });
}
