import type { Handlers } from "$fresh/server.ts";
import { destroySession, sessionCookieName } from "@/services/sessions.ts";
import type { AppState } from "@/utils/app.ts";
import { deleteCookie } from "@/utils/cookies.ts";
import { redirect } from "@/utils/http.ts";

/** Sign-out (POST only, CSRF-checked by the root middleware). */
export const handler: Handlers<unknown, AppState> = {
  async POST(_req, ctx) {
    const { services: svc, session } = ctx.state;
    if (session) await destroySession(svc.db, svc.cache, session.idHash);
    const headers = new Headers();
    const secure = svc.config.mode === "production";
    deleteCookie(headers, sessionCookieName(secure), secure);
    return redirect("/", 303, headers);
  },
};
