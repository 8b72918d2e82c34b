import type { Handlers } from "$fresh/server.ts";
import { applyRoster, emailDomainOf, loadPreview } from "@/domain/roster.ts";
import { readForm, redirect } from "@/utils/http.ts";
import type { SignedInState } from "@/utils/state.ts";

/** Applies a roster preview, then back to the import page with what it did. */
export const handler: Handlers<unknown, SignedInState> = {
  async POST(_req, ctx) {
    const { services: svc, account, clock } = ctx.state;
    const form = readForm(ctx.state);
    const preview = await loadPreview(svc.cache, form?.preview, account.id);
    if (!preview) return redirect("/admin/roster?notice=expired");
    const outcome = await applyRoster(svc.db, svc.cache, {
      preview,
      actorId: account.id,
      now: clock.now(),
      origin: svc.config.publicOrigin,
      emailDomain: emailDomainOf(account.email),
    });
    if (!outcome.ok) return redirect("/admin/roster?notice=stale");
    return redirect(
      `/admin/roster?created=${outcome.created}&updated=${outcome.updated}`,
    );
  },
};
