import type { Handlers, PageProps } from "$fresh/server.ts";
import { z } from "zod";
import { CsrfField } from "../components/CsrfField.tsx";
import { authenticate } from "../domain/accounts.ts";
import {
  createSession,
  SESSION_IDLE_MS,
  sessionCookieName,
} from "../services/sessions.ts";
import type { AppState } from "../utils/app.ts";
import { setCookie } from "../utils/cookies.ts";
import { redirect, safeNext } from "../utils/http.ts";

interface Data {
  login: string;
  next: string;
  error?: string;
}

/** Failed sign-ins allowed per account and per client address in a window. */
const LIMIT = { perAccount: 5, perClient: 20, windowMs: 15 * 60 * 1000 };

const LoginForm = z.object({
  login: z.string().trim().toLowerCase().min(1).max(64),
  password: z.string().min(1).max(200),
  next: z.string().optional(),
});

function clientAddress(
  req: Request,
  remoteAddr: Deno.Addr | undefined,
  trustProxy: boolean,
): string {
  if (trustProxy) {
    const fwd = req.headers.get("x-forwarded-for")?.split(",")[0].trim();
    if (fwd) return fwd;
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
    const form = Object.fromEntries(await req.formData());
    const parsed = LoginForm.safeParse(form);
    const next = safeNext(form.next);
    const login = typeof form.login === "string" ? form.login.slice(0, 64) : "";
    if (!parsed.success) {
      return ctx.render({ login, next, error: t("login.failed") }, {
        status: 400,
      });
    }
    const client = clientAddress(req, ctx.remoteAddr, svc.config.trustProxy);
    const keys = [`login:acct:${parsed.data.login}`, `login:ip:${client}`];
    const blocked = await Promise.all(
      keys.map((k) => svc.cache.get(`${k}:blocked`)),
    );
    const tooMany = (until: number) => {
      const minutes = Math.max(1, Math.ceil((until - Date.now()) / 60000));
      const headers = { "retry-after": String(minutes * 60) };
      return ctx.render({
        login,
        next,
        error: t("login.rateLimited", { minutes }),
      }, { status: 429, headers });
    };
    const blockedUntil = Math.max(
      0,
      ...blocked.map(Number).filter(Number.isFinite),
    );
    if (blockedUntil > Date.now()) return tooMany(blockedUntil);
    const account = await authenticate(
      svc.db,
      parsed.data.login,
      parsed.data.password,
    );
    if (!account) {
      // Only failures count; the attempt that uses up a budget blocks the next ones.
      const limits = [LIMIT.perAccount, LIMIT.perClient];
      const counts = await Promise.all(
        keys.map((k, i) => svc.cache.rateLimit(k, limits[i], LIMIT.windowMs)),
      );
      for (const [i, c] of counts.entries()) {
        if (!c.allowed || c.remaining === 0) {
          const ms = c.retryAfterMs || LIMIT.windowMs;
          await svc.cache.set(
            `${keys[i]}:blocked`,
            String(Date.now() + ms),
            ms,
          );
        }
      }
      return ctx.render({ login, next, error: t("login.failed") }, {
        status: 401,
      });
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
