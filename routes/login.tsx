import type { Handlers, PageProps } from "$fresh/server.ts";
import { z } from "zod";
import { CsrfField } from "../components/CsrfField.tsx";
import { authenticate } from "../domain/accounts.ts";
import {
  createSession,
  destroySession,
  SESSION_IDLE_MS,
  sessionCookieName,
} from "../services/sessions.ts";
import type { AppState } from "../utils/app.ts";
import { setCookie } from "../utils/cookies.ts";
import { readForm, redirect, safeNext } from "../utils/http.ts";

interface Data {
  login: string;
  next: string;
  error?: string;
}

/**
 * Sign-in budgets per 15 minutes. An account's budget is spent before the password is checked
 * (so parallel guesses cannot outrun it) and refilled by a successful sign-in. A client address
 * counts failures only, with a high threshold, since a whole office may share one address.
 */
export const LOGIN_LIMITS = {
  perAccount: 5,
  perClientFailures: 100,
  windowMs: 15 * 60 * 1000,
};

const LoginForm = z.object({
  login: z.string().trim().toLowerCase().min(1).max(64),
  password: z.string().min(1).max(200),
  next: z.string().optional(),
});

/** The client address: the rightmost X-Forwarded-For entry (set by our ingress) when trusted. */
function clientAddress(
  req: Request,
  remoteAddr: Deno.Addr | undefined,
  trustProxy: boolean,
): string {
  if (trustProxy) {
    const hops = req.headers.get("x-forwarded-for")?.split(",").map((s) =>
      s.trim()
    ).filter(Boolean);
    if (hops?.length) return hops[hops.length - 1];
  }
  return remoteAddr && "hostname" in remoteAddr
    ? remoteAddr.hostname
    : "unknown";
}

/** Sign-in: a plain form that works without JavaScript, rate-limited per account and client. */
export const handler: Handlers<Data, AppState> = {
  GET(req, ctx) {
    const next = safeNext(new URL(req.url).searchParams.get("next"));
    if (ctx.state.account) return redirect(next);
    return ctx.render({ login: "", next });
  },
  async POST(req, ctx) {
    const { services: svc, t } = ctx.state;
    const form = await readForm(req);
    const parsed = LoginForm.safeParse(form ?? {});
    const next = safeNext(form?.next);
    const login = (form?.login ?? "").slice(0, 64);
    if (!parsed.success) {
      return ctx.render({ login, next, error: t("login.failed") }, {
        status: 400,
      });
    }
    const tooMany = (retryAfterMs: number) => {
      const minutes = Math.max(1, Math.ceil(retryAfterMs / 60000));
      const headers = { "retry-after": String(minutes * 60) };
      return ctx.render(
        { login, next, error: t("login.rateLimited", { minutes }) },
        { status: 429, headers },
      );
    };
    const client = clientAddress(req, ctx.remoteAddr, svc.config.trustProxy);
    const accountKey = `login:acct:${parsed.data.login}`;
    const clientKey = `login:ip:${client}`;
    const blockedUntil = Number(await svc.cache.get(`${clientKey}:blocked`));
    if (blockedUntil > Date.now()) return tooMany(blockedUntil - Date.now());
    const budget = await svc.cache.rateLimit(
      accountKey,
      LOGIN_LIMITS.perAccount,
      LOGIN_LIMITS.windowMs,
    );
    if (!budget.allowed) return tooMany(budget.retryAfterMs);

    const account = await authenticate(
      svc.db,
      parsed.data.login,
      parsed.data.password,
    );
    if (!account) {
      const failures = await svc.cache.rateLimit(
        clientKey,
        LOGIN_LIMITS.perClientFailures,
        LOGIN_LIMITS.windowMs,
      );
      if (!failures.allowed || failures.remaining === 0) {
        const ms = failures.retryAfterMs || LOGIN_LIMITS.windowMs;
        await svc.cache.set(
          `${clientKey}:blocked`,
          String(Date.now() + ms),
          ms,
        );
      }
      return ctx.render({ login, next, error: t("login.failed") }, {
        status: 401,
      });
    }
    await svc.cache.del(accountKey);
    if (ctx.state.session) {
      await destroySession(svc.db, svc.cache, ctx.state.session.idHash);
    }
    const { cookieValue } = await createSession(
      svc.db,
      account.id,
      req.headers.get("user-agent"),
    );
    const headers = new Headers();
    const secure = svc.config.mode === "production";
    setCookie(headers, sessionCookieName(secure), cookieValue, {
      httpOnly: true,
      secure,
      sameSite: "Lax",
      maxAge: SESSION_IDLE_MS / 1000,
    });
    return redirect(next, 303, headers);
  },
};

export default function LoginPage({ data, state }: PageProps<Data, AppState>) {
  const { t, csrfToken } = state;
  return (
    <section class="card narrow">
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
