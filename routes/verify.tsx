import type { Handlers, PageProps } from "$fresh/server.ts";
import { samplePublished, sampleRecord } from "@/domain/sample_record.ts";
import { VerifyDraw, type VerifyLabels } from "@/islands/VerifyDraw.tsx";
import type { RoundRecord } from "@/lottery/types.ts";
import type { PublishedFacts } from "@/lottery/verify.ts";
import { PageTitle } from "@/components/PageTitle.tsx";
import type { AppState } from "@/utils/state.ts";
import { parseId, redirect } from "@/utils/http.ts";

interface Data {
  sample: RoundRecord;
  samplePublished: PublishedFacts;
}

/**
 * The verify-it-yourself page. Public: a record holds no names and no factors. With
 * `?round=ID` it sends the user to that round's verify page (for its families and admins).
 */
export const handler: Handlers<Data, AppState> = {
  GET(_req, ctx) {
    const round = parseId(ctx.url.searchParams.get("round") ?? undefined);
    if (round !== null) return redirect(`/rounds/${round}/verify`, 302);
    return ctx.render({
      sample: sampleRecord(),
      samplePublished: samplePublished(),
    });
  },
};

export default function VerifyPage({ data, state }: PageProps<Data, AppState>) {
  const { t } = state;
  const labels: VerifyLabels = {
    paste: t("verify.paste"),
    run: t("verify.run"),
    ok: t("verify.ok"),
    failed: t("verify.failed"),
    invalidJson: t("verify.invalidJson"),
    sample: t("verify.sample"),
    digest: t("verify.digest"),
    chainHead: t("verify.chainHead"),
  };
  return (
    <section class="card">
      <PageTitle title={t("verify.title")} t={t} />
      <h1>{t("verify.title")}</h1>
      <p>{t("verify.intro")}</p>
      <noscript>
        <p class="notice">{t("verify.noscript")}</p>
      </noscript>
      <VerifyDraw
        labels={labels}
        sample={data.sample}
        samplePublished={data.samplePublished}
      />
    </section>
  );
}
