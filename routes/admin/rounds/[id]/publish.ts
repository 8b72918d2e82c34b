import type { Handlers } from "$fresh/server.ts";
import { publishRound } from "@/domain/round_setup.ts";
import { NotFoundError } from "@/utils/errors.ts";
import { assertAdmin } from "@/utils/guards.ts";
import { parseId, redirect } from "@/utils/http.ts";
import type { AppState } from "@/utils/state.ts";

/** Publishes a draft round to employees, then back to its page with a confirmation. */
export const handler: Handlers<unknown, AppState> = {
  async POST(_req, ctx) {
    assertAdmin(ctx.state);
    const id = parseId(ctx.params.id);
    if (!id) throw new NotFoundError();
    const outcome = await publishRound(ctx.state.services.db, {
      actorId: ctx.state.account.id,
      id,
    });
    if (!outcome.ok && outcome.reason === "notFound") throw new NotFoundError();
    return redirect(
      `/admin/rounds/${id}${outcome.ok ? "?done=roundPublished" : ""}`,
    );
  },
};
