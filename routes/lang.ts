import type { Handlers } from "$fresh/server.ts";
import { z } from "zod";
import type { AppState } from "@/utils/state.ts";
import { setCookie } from "@/utils/cookies.ts";
import { readForm, redirect, safeNext } from "@/utils/http.ts";

const LangForm = z.object({
  lang: z.enum(["ko", "en"]),
  next: z.string().optional(),
});

/** Switches the language (a cookie), then goes back to the page. */
export const handler: Handlers<unknown, AppState> = {
  POST(_req, ctx) {
    const parsed = LangForm.safeParse(readForm(ctx.state) ?? {});
    const headers = new Headers();
    if (parsed.success) {
      setCookie(headers, "lang", parsed.data.lang, {
        maxAge: 365 * 86400,
        secure: ctx.state.services.config.mode === "production",
      });
    }
    return redirect(
      safeNext(parsed.success ? parsed.data.next : "/"),
      303,
      headers,
    );
  },
};
