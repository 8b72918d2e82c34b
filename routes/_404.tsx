import type { PageProps } from "$fresh/server.ts";
import { PageTitle } from "@/components/PageTitle.tsx";
import type { AppState } from "@/utils/state.ts";

/** Not found, in the user's language. */
export default function NotFound({ state }: PageProps<unknown, AppState>) {
  return (
    <section class="card narrow">
      <PageTitle title={state.t("error.notFoundTitle")} t={state.t} />
      <h1>404</h1>
      <p>{state.t("error.notFound")}</p>
      <p>
        <a href="/">{state.t("error.back")}</a>
      </p>
    </section>
  );
}
