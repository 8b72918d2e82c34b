import type { Handlers, PageProps } from "$fresh/server.ts";
import { z } from "zod";
import { ErrorSummary, Field, Form, Select } from "@/components/form/mod.ts";
import {
  NewPasswordFields,
  newPasswordLabels,
} from "@/components/NewPasswordFields.tsx";
import { PageTitle } from "@/components/PageTitle.tsx";
import { changePassword, passwordProblem } from "@/domain/passwords.ts";
import { loadProfile, type Profile, saveLocale } from "@/domain/profile.ts";
import type { MessageKey } from "@/i18n/mod.ts";
import { setCookie } from "@/utils/cookies.ts";
import { NotFoundError } from "@/utils/errors.ts";
import {
  choiceField,
  type FieldErrors,
  fieldErrors,
  FORM_ERROR,
  translateErrors,
} from "@/utils/form.ts";
import { readForm, redirect } from "@/utils/http.ts";
import type { SignedInState } from "@/utils/state.ts";

interface Data {
  profile: Profile;
  /** The confirmation after a save. */
  saved?: MessageKey;
  /** Which form came back with errors. */
  failed?: "language" | "password";
  errors?: FieldErrors;
}

const LanguageForm = z.object({ locale: choiceField(["ko", "en"]) });
const PasswordForm = z.object({
  old: z.string().min(1, { error: "form.error.required" }).max(200),
  password: z.string().max(200),
  confirm: z.string().max(200),
});

async function profileOf(state: SignedInState): Promise<Profile> {
  const profile = await loadProfile(state.services.db, state.account.id);
  if (!profile) throw new NotFoundError();
  return profile;
}

/** The employee's own page: HR record (read-only), language, password change. */
export const handler: Handlers<Data, SignedInState> = {
  async GET(req, ctx) {
    const saved = new URL(req.url).searchParams.get("saved");
    return ctx.render({
      profile: await profileOf(ctx.state),
      saved: saved === "language"
        ? "profile.saved.language"
        : saved === "password"
        ? "profile.saved.password"
        : undefined,
    });
  },
  async POST(_req, ctx) {
    const { services: svc, account, session, clock } = ctx.state;
    const form = readForm(ctx.state);
    const profile = await profileOf(ctx.state);
    if (form?.action === "language") {
      const parsed = LanguageForm.safeParse(form);
      if (!parsed.success) {
        const errors = fieldErrors(parsed.error);
        return ctx.render({ profile, failed: "language", errors }, {
          status: 400,
        });
      }
      await saveLocale(svc.db, account.id, parsed.data.locale);
      const headers = new Headers();
      setCookie(headers, "lang", parsed.data.locale, {
        maxAge: 365 * 86400,
        secure: svc.config.mode === "production",
      });
      return redirect("/profile?saved=language", 303, headers);
    }
    if (form?.action !== "password") {
      const errors = { [FORM_ERROR]: { key: "form.error.malformed" as const } };
      return ctx.render({ profile, failed: "password", errors }, {
        status: 400,
      });
    }
    const parsed = PasswordForm.safeParse(form);
    const again = (errors: FieldErrors, status = 400) =>
      ctx.render({ profile, failed: "password", errors }, { status });
    if (!parsed.success) return again(fieldErrors(parsed.error));
    const { old, password, confirm } = parsed.data;
    const problem = passwordProblem(password, account.login);
    if (problem) return again({ password: { key: problem } });
    if (password !== confirm) {
      return again({ confirm: { key: "password.error.mismatch" } });
    }
    const outcome = await changePassword(svc, {
      accountId: account.id,
      sessionIdHash: session.idHash,
      oldPassword: old,
      newPassword: password,
      now: clock.now(),
    });
    if (outcome.ok) return redirect("/profile?saved=password");
    if (outcome.reason === "rate-limited") {
      const minutes = Math.max(1, Math.ceil(outcome.retryAfterMs / 60000));
      return again({
        [FORM_ERROR]: { key: "profile.rateLimited", params: { minutes } },
      }, 429);
    }
    return again({ old: { key: "profile.wrongOld" } });
  },
};

export default function ProfilePage(
  { data, state }: PageProps<Data, SignedInState>,
) {
  const { t, csrfToken } = state;
  const { profile } = data;
  const all = translateErrors(data.errors ?? {}, t);
  const languageErrors = data.failed === "language" ? all : {};
  const passwordErrors = data.failed === "password" ? all : {};
  const labels = {
    old: t("password.field.old"),
    ...newPasswordLabels(t),
  };
  const rows: [MessageKey, string][] = [
    ["profile.name", profile.name],
    ["profile.login", profile.login],
    ["profile.email", profile.email],
    ["profile.employeeNo", profile.employeeNo],
    ["profile.department", profile.department],
    ["profile.joinDate", profile.joinDate],
    [
      "profile.spouse",
      profile.spouse
        ? t("profile.spouseLinked", profile.spouse)
        : t("profile.spouseNone"),
    ],
  ];
  return (
    <>
      <PageTitle title={t("profile.title")} t={t} />
      <h1>{t("profile.title")}</h1>
      {data.saved && <p class="notice" role="status">{t(data.saved)}</p>}
      <section class="card" aria-labelledby="profile-hr">
        <h2 id="profile-hr">{t("profile.hr")}</h2>
        <dl class="facts">
          {rows.map(([key, value]) => (
            <div key={key}>
              <dt>{t(key)}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
        <p class="hint">{t("profile.hrNote")}</p>
      </section>
      <section class="card" aria-labelledby="profile-language">
        <h2 id="profile-language">{t("profile.languageHeading")}</h2>
        <Form csrfToken={csrfToken} action="/profile">
          <ErrorSummary
            t={t}
            errors={languageErrors}
            labels={{ locale: t("profile.language") }}
          />
          <input type="hidden" name="action" value="language" />
          <Select
            name="locale"
            label={t("profile.language")}
            value={profile.locale}
            error={languageErrors.locale}
            options={[
              { value: "ko", label: "한국어" },
              { value: "en", label: "English" },
            ]}
            required
          />
          <button type="submit">{t("profile.languageSave")}</button>
        </Form>
      </section>
      <section class="card" aria-labelledby="profile-password">
        <h2 id="profile-password">{t("profile.password")}</h2>
        <p>{t("profile.passwordNote")}</p>
        <Form csrfToken={csrfToken} action="/profile">
          <ErrorSummary
            t={t}
            errors={passwordErrors}
            labels={labels}
            order={["old", "password", "confirm"]}
          />
          <input type="hidden" name="action" value="password" />
          <input
            type="hidden"
            name="username"
            autocomplete="username"
            value={profile.login}
          />
          <Field
            name="old"
            type="password"
            label={labels.old}
            error={passwordErrors.old}
            autocomplete="current-password"
            required
            maxLength={200}
          />
          <NewPasswordFields t={t} errors={passwordErrors} />
          <button type="submit">{t("profile.passwordSubmit")}</button>
        </Form>
      </section>
    </>
  );
}
