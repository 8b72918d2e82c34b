import type { AppState } from "@/utils/state.ts";
import { CsrfField } from "./CsrfField.tsx";

/** The top navigation: home, verify, admin (admins only), language switch and sign-in state. */
export function Nav(props: { state: AppState; url: URL }) {
  const { t, account, csrfToken, locale } = props.state;
  const other = locale === "ko" ? "en" : "ko";
  return (
    <header class="topbar">
      <a class="skip" href="#main">{t("nav.skip")}</a>
      <nav class="container nav" aria-label={t("nav.label")}>
        <a class="brand" href="/">{t("app.name")}</a>
        <a href="/verify">{t("nav.verify")}</a>
        {account?.role === "admin" && <a href="/admin">{t("nav.admin")}</a>}
        <span class="spacer" />
        <form method="post" action="/lang" class="inline">
          <CsrfField token={csrfToken} />
          <input type="hidden" name="lang" value={other} />
          <input
            type="hidden"
            name="next"
            value={props.url.pathname + props.url.search}
          />
          <button type="submit" class="link" lang={other}>
            {t("nav.language")}
          </button>
        </form>
        {account
          ? (
            <form method="post" action="/logout" class="inline">
              <CsrfField token={csrfToken} />
              <a class="who" href="/profile">{account.nameKo}</a>
              <button type="submit" class="link">{t("nav.signOut")}</button>
            </form>
          )
          : <a href="/login">{t("nav.signIn")}</a>}
      </nav>
    </header>
  );
}
