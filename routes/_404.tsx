import type { PageProps } from "$fresh/server.ts";
import type { AppState } from "@/utils/state.ts";

/** Not found, in the user's language. */
export default function NotFound({ state }: PageProps<unknown, AppState>) {
  return (
    <section class="card narrow">
      <h1>404</h1>
      <p>{state.t("error.notFound")}</p>
      <p>
        <a href="/">{state.t("error.back")}</a>
      </p>
    </section>
  );
}
