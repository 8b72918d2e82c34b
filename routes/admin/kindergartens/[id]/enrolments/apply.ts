import type { Handlers } from "$fresh/server.ts";
import { applyEnrolments, loadEnrolmentPreview } from "@/domain/enrolments.ts";
import { NotFoundError } from "@/utils/errors.ts";
import { assertAdmin } from "@/utils/guards.ts";
import { parseId, readForm, redirect } from "@/utils/http.ts";
import type { AppState } from "@/utils/state.ts";

/** Applies an enrolment preview, then back to the import page with what it did. */
export const handler: Handlers<unknown, AppState> = {
  async POST(_req, ctx) {
    assertAdmin(ctx.state);
    const kgId = parseId(ctx.params.id);
    if (!kgId) throw new NotFoundError();
    const { services: svc, account } = ctx.state;
    const back = `/admin/kindergartens/${kgId}/enrolments/import`;
    const form = readForm(ctx.state);
    const preview = await loadEnrolmentPreview(svc.cache, {
      id: form?.preview,
      adminId: account.id,
      kindergartenId: kgId,
    });
    if (!preview) return redirect(`${back}?notice=expired`);
    const outcome = await applyEnrolments(svc.db, svc.cache, {
      preview,
      actorId: account.id,
    });
    if (!outcome.ok) {
      if (outcome.reason === "notFound") throw new NotFoundError();
      return redirect(`${back}?notice=stale`);
    }
    return redirect(
      `${back}?created=${outcome.created}&updated=${outcome.updated}`,
    );
  },
};
