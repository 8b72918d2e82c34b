import type { Handlers, PageProps } from "$fresh/server.ts";
import { z } from "zod";
import { CsrfField } from "@/components/CsrfField.tsx";
import { PageTitle } from "@/components/PageTitle.tsx";
import { signIn } from "@/domain/signin.ts";
import type { AppState } from "@/utils/state.ts";
import { readForm, redirect, safeNext } from "@/utils/http.ts";
import { clientAddress } from "@/utils/security.ts";

interface Data {
  login: string;
  next: string;
  error?: string;
}

const LoginForm = z.object({
  login: z.string().trim().toLowerCase().min(1).max(64),
  password: z.string().min(1).max(200),
  next: z.string().optional(),
});

/** Sign-in: a plain form that works without JavaScript, rate-limited per account and client. */
export const handler: Handlers<Data, AppState> = {
  GET(req, ctx) {
    const next = safeNext(new URL(req.url).searchParams.get("next"));
    if (ctx.state.account) return redirect(next);
    return ctx.render({ login: "", next });
  },
  async POST(req, ctx) {
    const { services: svc, t } = ctx.state;
    const form = readForm(ctx.state);
    const parsed = LoginForm.safeParse(form ?? {});
    const next = safeNext(form?.next);
    const login = (form?.login ?? "").slice(0, 64);
    if (!parsed.success) {
      return ctx.render({ login, next, error: t("login.failed") }, {
        status: 400,
      });
    }
    const outcome = await signIn(svc, {
      login: parsed.data.login,
      password: parsed.data.password,
      client: clientAddress(req, ctx.remoteAddr, svc.config.trustProxy),
      userAgent: req.headers.get("user-agent"),
      previousSession: ctx.state.session?.idHash,
      deviceCookie: ctx.state.deviceCookie,
    });
    if (!outcome.ok && outcome.reason === "rate-limited") {
      const minutes = Math.max(1, Math.ceil(outcome.retryAfterMs / 60000));
      return ctx.render(
        { login, next, error: t("login.rateLimited", { minutes }) },
        { status: 429, headers: { "retry-after": String(minutes * 60) } },
      );
    }
    if (!outcome.ok) {
      return ctx.render({ login, next, error: t("login.failed") }, {
        status: 401,
      });
    }
    ctx.state.sessionChange = {
      start: outcome.cookieValue,
      device: outcome.deviceCookie,
    };
    return redirect(next);
  },
};

export default function LoginPage({ data, state }: PageProps<Data, AppState>) {
  const { t, csrfToken } = state;
  return (
    <section class="card narrow">
      <PageTitle title={t("login.title")} t={t} />
      <h1>{t("login.title")}</h1>
      {data.error && <p class="error" role="alert">{data.error}</p>}
      <form method="post" action="/login" class="form">
        <CsrfField token={csrfToken} />
        <input type="hidden" name="next" value={data.next} />
        <label>
          {t("login.account")}
          <input
            name="login"
            value={data.login}
            autocomplete="username"
            required
            maxLength={64}
          />
        </label>
        <label>
          {t("login.password")}
          <input
            name="password"
            type="password"
            autocomplete="current-password"
            required
            maxLength={200}
          />
        </label>
        <button type="submit">{t("login.submit")}</button>
      </form>
    </section>
  );
}
