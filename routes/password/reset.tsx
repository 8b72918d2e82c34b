import type { Handlers, PageProps } from "$fresh/server.ts";
import { z } from "zod";
import { ErrorSummary, Field, Form } from "@/components/form/mod.ts";
import { PageTitle } from "@/components/PageTitle.tsx";
import {
  NewPasswordFields,
  newPasswordLabels,
} from "@/components/NewPasswordFields.tsx";
import {
  confirmPasswordReset,
  passwordProblem,
  requestPasswordReset,
} from "@/domain/passwords.ts";
import {
  type FieldErrors,
  fieldErrors,
  FORM_ERROR,
  textField,
  translateErrors,
} from "@/utils/form.ts";
import { readForm, redirect } from "@/utils/http.ts";
import { clientAddress } from "@/utils/security.ts";
import type { AppState } from "@/utils/state.ts";

interface Data {
  step: "request" | "code";
  login: string;
  code: string;
  ticket: string;
  /** True right after a request: says a code is on its way. */
  sent?: boolean;
  errors?: FieldErrors;
}

const login = () => textField({ max: 64 }).transform((v) => v.toLowerCase());

const RequestForm = z.object({ login: login() });

const ConfirmForm = z.object({
  login: login(),
  ticket: z.string().max(64).optional().default(""),
  code: z.string().trim().regex(/^[0-9]{6}$/, {
    error: "password.reset.codeError",
  }),
  password: z.string().max(200),
  confirm: z.string().max(200),
});

const empty = { login: "", code: "", ticket: "" };

/**
 * A forgotten password: ask for a 6-digit code by mail, then enter it with a new password. The
 * answer to a request is the same whether or not the account exists.
 */
export const handler: Handlers<Data, AppState> = {
  GET(req, ctx) {
    const step = new URL(req.url).searchParams.get("step") === "code"
      ? "code"
      : "request";
    return ctx.render({ ...empty, step });
  },
  async POST(req, ctx) {
    const { services: svc, clock } = ctx.state;
    const form = readForm(ctx.state);
    if (!form) {
      const errors = { [FORM_ERROR]: { key: "form.error.malformed" as const } };
      return ctx.render({ ...empty, step: "request", errors }, { status: 400 });
    }
    const typedLogin = (form.login ?? "").slice(0, 64);
    if (form.step !== "confirm") {
      const parsed = RequestForm.safeParse(form);
      if (!parsed.success) {
        return ctx.render({
          ...empty,
          step: "request",
          login: typedLogin,
          errors: fieldErrors(parsed.error),
        }, { status: 400 });
      }
      const { ticket } = await requestPasswordReset(svc, {
        login: parsed.data.login,
        client: clientAddress(req, ctx.remoteAddr, svc.config.trustProxy),
        deviceCookie: ctx.state.deviceCookie,
        now: clock.now(),
        origin: svc.config.publicOrigin,
      });
      return ctx.render({
        step: "code",
        login: parsed.data.login,
        code: "",
        ticket,
        sent: true,
      });
    }
    const again = {
      step: "code" as const,
      login: typedLogin,
      code: (form.code ?? "").slice(0, 6),
      ticket: /^[A-Za-z0-9_-]{32}$/.test(form.ticket ?? "") ? form.ticket : "",
    };
    const parsed = ConfirmForm.safeParse(form);
    if (!parsed.success) {
      return ctx.render({ ...again, errors: fieldErrors(parsed.error) }, {
        status: 400,
      });
    }
    const { password, confirm } = parsed.data;
    const problem = passwordProblem(password, parsed.data.login);
    if (problem || password !== confirm) {
      const errors: FieldErrors = problem
        ? { password: { key: problem } }
        : { confirm: { key: "password.error.mismatch" } };
      return ctx.render({ ...again, errors }, { status: 400 });
    }
    const outcome = await confirmPasswordReset(svc, {
      login: parsed.data.login,
      ticket: parsed.data.ticket,
      code: parsed.data.code,
      password,
      now: clock.now(),
    });
    if (outcome.ok) {
      return redirect(
        `/login?notice=password-reset&login=${
          encodeURIComponent(parsed.data.login)
        }`,
      );
    }
    if (outcome.reason === "rate-limited") {
      const minutes = Math.max(1, Math.ceil(outcome.retryAfterMs / 60000));
      const errors = {
        [FORM_ERROR]: {
          key: "password.reset.rateLimited" as const,
          params: { minutes },
        },
      };
      return ctx.render({ ...again, errors }, {
        status: 429,
        headers: { "retry-after": String(minutes * 60) },
      });
    }
    const errors = { code: { key: "password.reset.wrong" as const } };
    return ctx.render({ ...again, errors }, { status: 400 });
  },
};

function LoginField(
  props: { label: string; value: string; error?: string },
) {
  return (
    <Field
      name="login"
      label={props.label}
      value={props.value}
      error={props.error}
      autocomplete="username"
      required
      maxLength={64}
    />
  );
}

export default function PasswordResetPage(
  { data, state }: PageProps<Data, AppState>,
) {
  const { t, csrfToken } = state;
  const errors = translateErrors(data.errors ?? {}, t);
  const labels = {
    login: t("login.account"),
    code: t("password.reset.code"),
    ...newPasswordLabels(t),
  };
  if (data.step === "request") {
    return (
      <section class="card narrow">
        <PageTitle title={t("password.reset.title")} t={t} />
        <h1>{t("password.reset.title")}</h1>
        <p>{t("password.reset.intro")}</p>
        <Form csrfToken={csrfToken} action="/password/reset">
          <ErrorSummary
            t={t}
            errors={errors}
            labels={labels}
            order={["login"]}
          />
          <input type="hidden" name="step" value="request" />
          <LoginField
            label={labels.login}
            value={data.login}
            error={errors.login}
          />
          <button type="submit">{t("password.reset.send")}</button>
        </Form>
        <p>
          <a href="/password/reset?step=code">
            {t("password.reset.haveCode")}
          </a>
        </p>
      </section>
    );
  }
  return (
    <section class="card narrow">
      <PageTitle title={t("password.reset.codeTitle")} t={t} />
      <h1>{t("password.reset.codeTitle")}</h1>
      {data.sent && (
        <p class="notice" role="status">
          {t("password.reset.sent", { login: data.login })}
        </p>
      )}
      <Form csrfToken={csrfToken} action="/password/reset">
        <ErrorSummary
          t={t}
          errors={errors}
          labels={labels}
          order={["login", "code", "password", "confirm"]}
        />
        <input type="hidden" name="step" value="confirm" />
        <input type="hidden" name="ticket" value={data.ticket} />
        <LoginField
          label={labels.login}
          value={data.login}
          error={errors.login}
        />
        <Field
          name="code"
          label={labels.code}
          value={data.code}
          error={errors.code}
          autocomplete="one-time-code"
          inputMode="numeric"
          required
          maxLength={6}
        />
        <NewPasswordFields t={t} errors={errors} />
        <button type="submit">{t("password.reset.submit")}</button>
      </Form>
      <p>
        <a href="/password/reset">{t("password.reset.again")}</a>
      </p>
    </section>
  );
}
