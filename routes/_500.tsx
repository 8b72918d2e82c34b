import type { PageProps } from "$fresh/server.ts";
import type { AppState } from "@/utils/app.ts";

/** Server error page: apologises without details (those go to the log). */
export default function ServerError({ state }: PageProps<unknown, AppState>) {
  return (
    <section class="card narrow">
      <h1>500</h1>
      <p>{state.t ? state.t("error.server") : "Server error"}</p>
      <p>
        <a href="/">{state.t ? state.t("error.back") : "Home"}</a>
      </p>
    </section>
  );
}
