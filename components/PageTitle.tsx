import { Head } from "$fresh/runtime.ts";
import type { Translate } from "@/i18n/mod.ts";

/** The page's own `<title>`: "what this page is · KIC". */
export function PageTitle(props: { title: string; t: Translate }) {
  return (
    <Head>
      <title>{`${props.title} · ${props.t("app.name")}`}</title>
    </Head>
  );
}
