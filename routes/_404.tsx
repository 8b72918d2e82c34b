import type { PageProps } from "$fresh/server.ts";
import type { AppState } from "@/utils/app.ts";

/** Not found, in the user's language. */
export default function NotFound({ state }: PageProps<unknown, AppState>) {
  return (
    <section class="card narrow">
      <h1>404</h1>
      <p>{state.t ? state.t("error.notFound") : "Not found"}</p>
      <p>
        <a href="/">{state.t ? state.t("error.back") : "Home"}</a>
      </p>
    </section>
  );
}
