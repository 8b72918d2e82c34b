import type { Handlers, PageProps } from "$fresh/server.ts";
import { z } from "zod";
import { ErrorSummary, Form } from "@/components/form/mod.ts";
import { PageTitle } from "@/components/PageTitle.tsx";
import {
  NewPasswordFields,
  newPasswordLabels,
} from "@/components/NewPasswordFields.tsx";
import {
  checkSetupToken,
  completePasswordSetup,
  passwordProblem,
  type SetupLinkProblem,
} from "@/domain/passwords.ts";
import {
  type FieldErrors,
  fieldErrors,
  FORM_ERROR,
  textField,
  translateErrors,
} from "@/utils/form.ts";
import { readForm, redirect } from "@/utils/http.ts";
import type { AppState } from "@/utils/state.ts";

interface Data {
  token: string;
  link?: { login: string; name: string };
  problem?: SetupLinkProblem;
  errors?: FieldErrors;
}

const SetupForm = z.object({
  token: textField({ max: 200 }),
  password: z.string().max(200),
  confirm: z.string().max(200),
});

/** The one-time set-password link of a new employee: choose a password, then sign in. */
export const handler: Handlers<Data, AppState> = {
  async GET(req, ctx) {
    const token = new URL(req.url).searchParams.get("token") ?? "";
    const link = await checkSetupToken(
      ctx.state.services.db,
      token,
      ctx.state.clock.now(),
    );
    if (!link.ok) {
      return ctx.render({ token: "", problem: link.problem }, { status: 404 });
    }
    return ctx.render({ token, link });
  },
  async POST(_req, ctx) {
    const { services: svc, clock } = ctx.state;
    const form = readForm(ctx.state);
    const parsed = SetupForm.safeParse(form ?? {});
    if (!form || !parsed.success) {
      const errors = form && !parsed.success
        ? fieldErrors(parsed.error)
        : { [FORM_ERROR]: { key: "form.error.malformed" as const } };
      if (errors.token) {
        return ctx.render({ token: "", problem: "invalid" }, { status: 400 });
      }
      const link = await checkSetupToken(svc.db, form?.token, clock.now());
      return link.ok
        ? ctx.render({ token: form!.token, link, errors }, { status: 400 })
        : ctx.render({ token: "", problem: link.problem }, { status: 400 });
    }
    const { token, password, confirm } = parsed.data;
    const link = await checkSetupToken(svc.db, token, clock.now());
    if (!link.ok) {
      return ctx.render({ token: "", problem: link.problem }, { status: 400 });
    }
    const problem = passwordProblem(password, link.login);
    const errors: FieldErrors = problem
      ? { password: { key: problem } }
      : password !== confirm
      ? { confirm: { key: "password.error.mismatch" } }
      : {};
    if (Object.keys(errors).length) {
      return ctx.render({ token, link, errors }, { status: 400 });
    }
    const done = await completePasswordSetup(svc, {
      token,
      password,
      now: clock.now(),
    });
    if (!done.ok) {
      return ctx.render({ token: "", problem: done.problem }, { status: 400 });
    }
    return redirect(
      `/login?notice=password-set&login=${encodeURIComponent(done.login)}`,
    );
  },
};

export default function PasswordSetupPage(
  { data, state }: PageProps<Data, AppState>,
) {
  const { t, csrfToken } = state;
  const errors = translateErrors(data.errors ?? {}, t);
  const labels = newPasswordLabels(t);
  return (
    <section class="card narrow">
      <PageTitle title={t("password.setup.title")} t={t} />
      <h1>{t("password.setup.title")}</h1>
      {data.link
        ? (
          <>
            <p>
              {t("password.setup.intro", {
                name: data.link.name,
                login: data.link.login,
              })}
            </p>
            <Form csrfToken={csrfToken} action="/password/setup">
              <ErrorSummary
                t={t}
                errors={errors}
                labels={labels}
                order={["password", "confirm"]}
              />
              <input type="hidden" name="token" value={data.token} />
              <input
                type="hidden"
                name="username"
                autocomplete="username"
                value={data.link.login}
              />
              <NewPasswordFields t={t} errors={errors} />
              <button type="submit">{t("password.setup.submit")}</button>
            </Form>
          </>
        )
        : (
          <>
            <p role="alert">
              {t(
                data.problem === "expired"
                  ? "password.setup.expired"
                  : data.problem === "used"
                  ? "password.setup.used"
                  : "password.setup.invalid",
              )}
            </p>
            <p>{t("password.setup.next")}</p>
            <p>
              <a class="button" href="/password/reset">
                {t("password.forgot")}
              </a>
            </p>
          </>
        )}
    </section>
  );
}
