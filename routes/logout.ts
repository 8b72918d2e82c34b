import type { Handlers } from "$fresh/server.ts";
import { destroySession } from "@/services/sessions.ts";
import type { AppState } from "@/utils/state.ts";
import { redirect } from "@/utils/http.ts";

/** Sign-out (POST only, CSRF-checked by the root middleware). */
export const handler: Handlers<unknown, AppState> = {
  async POST(_req, ctx) {
    const { services: svc, session } = ctx.state;
    if (session) await destroySession(svc.db, svc.cache, session.idHash);
    ctx.state.sessionChange = { end: true };
    return redirect("/");
  },
};
