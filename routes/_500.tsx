import type { PageProps } from "$fresh/server.ts";
import { PageTitle } from "@/components/PageTitle.tsx";
import type { AppState } from "@/utils/state.ts";

/** Server error page: apologises without details (those go to the log). */
export default function ServerError({ state }: PageProps<unknown, AppState>) {
  return (
    <section class="card narrow">
      <PageTitle title={state.t("error.serverTitle")} t={state.t} />
      <h1>500</h1>
      <p>{state.t("error.server")}</p>
      <p>
        <a href="/">{state.t("error.back")}</a>
      </p>
    </section>
  );
}
