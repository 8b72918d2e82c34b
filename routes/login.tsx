import type { Handlers, PageProps } from "$fresh/server.ts";
import { z } from "zod";
import { ErrorSummary, Field, Form } from "@/components/form/mod.ts";
import { PageTitle } from "@/components/PageTitle.tsx";
import { signIn } from "@/domain/signin.ts";
import {
  type FieldErrors,
  fieldErrors,
  FORM_ERROR,
  textField,
  translateErrors,
} from "@/utils/form.ts";
import { readForm, redirect, safeNext } from "@/utils/http.ts";
import { clientAddress } from "@/utils/security.ts";
import type { AppState } from "@/utils/state.ts";

interface Data {
  login: string;
  next: string;
  /** A confirmation from the password pages. */
  notice?: "password.notice.set" | "password.notice.reset";
  errors?: FieldErrors;
}

const LoginForm = z.object({
  login: textField({ max: 64 }).transform((v) => v.toLowerCase()),
  password: textField({ max: 200 }),
});

/** Sign-in: a plain form that works without JavaScript, with budgets per browser and account. */
export const handler: Handlers<Data, AppState> = {
  GET(req, ctx) {
    const params = new URL(req.url).searchParams;
    const next = safeNext(params.get("next"));
    if (ctx.state.account) return redirect(next);
    const notice = params.get("notice") === "password-set"
      ? "password.notice.set"
      : params.get("notice") === "password-reset"
      ? "password.notice.reset"
      : undefined;
    const login = notice ? (params.get("login") ?? "").slice(0, 64) : "";
    return ctx.render({ login, next, notice });
  },
  async POST(req, ctx) {
    const { services: svc } = ctx.state;
    const form = readForm(ctx.state);
    const next = safeNext(form?.next);
    const login = (form?.login ?? "").slice(0, 64);
    if (!form) {
      const errors = { [FORM_ERROR]: { key: "form.error.malformed" as const } };
      return ctx.render({ login, next, errors }, { status: 400 });
    }
    const parsed = LoginForm.safeParse(form);
    if (!parsed.success) {
      const errors = fieldErrors(parsed.error);
      return ctx.render({ login, next, errors }, { status: 400 });
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
      const errors = {
        [FORM_ERROR]: {
          key: "login.rateLimited" as const,
          params: { minutes },
        },
      };
      return ctx.render({ login, next, errors }, {
        status: 429,
        headers: { "retry-after": String(minutes * 60) },
      });
    }
    if (!outcome.ok) {
      const errors = { [FORM_ERROR]: { key: "login.failed" as const } };
      return ctx.render({ login, next, errors }, { status: 401 });
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
  const errors = translateErrors(data.errors ?? {}, t);
  return (
    <section class="card narrow">
      <PageTitle title={t("login.title")} t={t} />
      <h1>{t("login.title")}</h1>
      {data.notice && <p class="notice" role="status">{t(data.notice)}</p>}
      <Form csrfToken={csrfToken} action="/login">
        <ErrorSummary
          t={t}
          errors={errors}
          labels={{ login: t("login.account"), password: t("login.password") }}
          order={["login", "password"]}
        />
        <input type="hidden" name="next" value={data.next} />
        <Field
          name="login"
          label={t("login.account")}
          value={data.login}
          error={errors.login}
          autocomplete="username"
          required
          maxLength={64}
        />
        <Field
          name="password"
          type="password"
          label={t("login.password")}
          error={errors.password}
          autocomplete="current-password"
          required
          maxLength={200}
        />
        <button type="submit">{t("login.submit")}</button>
      </Form>
      <p>
        <a href="/password/reset">{t("password.forgot")}</a>
      </p>
    </section>
  );
}
