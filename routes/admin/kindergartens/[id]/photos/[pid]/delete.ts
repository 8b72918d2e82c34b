import type { Handlers } from "$fresh/server.ts";
import { deletePhoto } from "@/domain/kindergartens.ts";
import { NotFoundError } from "@/utils/errors.ts";
import { assertAdmin } from "@/utils/guards.ts";
import { parseId, redirect } from "@/utils/http.ts";
import type { AppState } from "@/utils/state.ts";

/** Deletes one photo of a kindergarten, then back to its page with a confirmation. */
export const handler: Handlers<unknown, AppState> = {
  async POST(_req, ctx) {
    assertAdmin(ctx.state);
    const id = parseId(ctx.params.id), pid = parseId(ctx.params.pid);
    if (!id || !pid) throw new NotFoundError();
    const done = await deletePhoto(
      ctx.state.services.db,
      ctx.state.services.storage,
      {
        actorId: ctx.state.account.id,
        kindergartenId: id,
        photoId: pid,
      },
    );
    if (!done) throw new NotFoundError();
    return redirect(`/admin/kindergartens/${id}?done=photoDeleted`);
  },
};
