/**
 * The answer of the routes that serve a round's public record (`draws.record`: the frozen
 * record from the freeze, the full record from the draw; pseudonyms, weights and tiers, never a
 * name or a factor): to the round's families and admins only, 404 for anyone else and before
 * the freeze.
 *
 * @module
 */
import type { FreshContext } from "$fresh/server.ts";
import { mayFollowRound } from "@/domain/round_access.ts";
import { parseId } from "@/utils/http.ts";
import type { SignedInState } from "@/utils/state.ts";

/**
 * Answers the round's record as JSON, or 404; `disposition` and `filename` say how the browser
 * offers it (`attachment` for a download, `inline` for the verify page's fetch).
 *
 * @example
 * ```ts
 * export const handler = (req: Request, ctx: FreshContext<SignedInState>) =>
 *   roundRecordResponse(req, ctx, { disposition: "inline", name: "record" });
 * ```
 */
export async function roundRecordResponse(
  req: Request,
  ctx: FreshContext<SignedInState>,
  options: { disposition: "inline" | "attachment"; name: string },
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
  const [row] = await services.db.sql<{ record: string | null }>`
    select jsonb_pretty(record) as record from draws where round_id = ${roundId}`;
  if (!row?.record) return ctx.renderNotFound();
  return new Response(row.record + "\n", {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition":
        `${options.disposition}; filename="round-${roundId}-${options.name}.json"`,
      "cache-control": "private, no-store",
    },
  });
}
