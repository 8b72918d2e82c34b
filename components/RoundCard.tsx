import type { RoundSummary } from "@/domain/rounds.ts";
import type { Locale, Translate } from "@/i18n/mod.ts";
import { formatDateTime } from "@/utils/format.ts";

/** A round's name, status and calendar. */
export function RoundCard(
  props: {
    round: RoundSummary;
    t: Translate;
    locale: Locale;
    link?: boolean;
    /** The heading level of the round's name: h1 on the round's own page (default h2). */
    heading?: "h1" | "h2";
  },
) {
  const { round, t, locale } = props;
  const Heading = props.heading ?? "h2";
  const when = (d: Date) => formatDateTime(d, locale);
  return (
    <section class="card">
      <Heading>
        {props.link
          ? <a href={`/rounds/${round.id}`}>{round.name}</a>
          : round.name}{" "}
        <span class={`badge status-${round.status}`}>
          {t(`round.status.${round.status}` as const)}
        </span>
      </Heading>
      <dl class="calendar">
        <dt>{t("round.applications")}</dt>
        <dd>
          {when(round.applicationsOpenAt)} – {when(round.applicationsCloseAt)}
        </dd>
        <dt>{t("round.draw")}</dt>
        <dd>{when(round.drawAt)}</dd>
        <dt>{t("round.firstWindow")}</dt>
        <dd>~ {when(round.firstWindowEnd)}</dd>
        <dt>{t("round.secondWindow")}</dt>
        <dd>~ {when(round.secondWindowEnd)}</dd>
        <dt>{t("round.beacon")}</dt>
        <dd>{round.beaconName}</dd>
      </dl>
    </section>
  );
}
