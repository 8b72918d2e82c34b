import type { JSX } from "preact";
import type { Locale, Translate } from "@/i18n/mod.ts";
import { BEACON_SOURCES, statusText, weightText } from "@/domain/draw_mail.ts";
import {
  beaconEvent,
  type DrawFacts,
  type EntrantResultView,
} from "@/domain/draw_results.ts";
import { classLabel } from "./labels.ts";

/**
 * A drawn round's results for one family (server-rendered, so they show without JavaScript):
 * for each child (or unit) and each choice, where it stands and the weight with its addends;
 * then the beacon's value with its official source, the published digest and chain head, and
 * links to the verify page and the record.
 */
export function RoundResults(
  props: {
    t: Translate;
    locale: Locale;
    roundId: number;
    facts: DrawFacts;
    entrants: EntrantResultView[];
  },
): JSX.Element {
  const { t, locale, facts } = props;
  const b = facts.beacon;
  const event = beaconEvent(facts);
  return (
    <section class="draw-results" data-testid="round-results">
      <h2>{t("results.mine")}</h2>
      {props.entrants.map((e) => (
        <div class="table-scroll own" key={e.pseudonym}>
          <table class="table">
            <caption>
              {e.names.join(", ")} · <code>{e.pseudonym.slice(0, 8)}</code>
            </caption>
            <thead>
              <tr>
                <th scope="col">{t("results.recruitment")}</th>
                <th scope="col">{t("results.status.label")}</th>
                <th scope="col">{t("results.weightLabel")}</th>
              </tr>
            </thead>
            <tbody>
              {e.choices.map((c) => (
                <tr key={c.position} data-status={c.status}>
                  <td>{classLabel(t, c)}</td>
                  <td>
                    <strong>{statusText(t, c, locale)}</strong>
                  </td>
                  <td>{weightText(t, c)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
      <dl class="facts">
        <dt>{t("draw.value")}</dt>
        <dd>
          {t("results.beacon", { name: event.name, value: b.value ?? "" })}{" "}
          <a href={BEACON_SOURCES[event.kind]} rel="noopener">
            {t("results.source")}
          </a>
        </dd>
        <dt>{t("results.digest")}</dt>
        <dd>
          <code class="hex">{facts.digest}</code>
        </dd>
        {facts.chainHead && (
          <>
            <dt>{t("results.chainHead")}</dt>
            <dd>
              <code class="hex">{facts.chainHead}</code>
            </dd>
          </>
        )}
      </dl>
      <p class="row">
        <a href={`/rounds/${props.roundId}/verify`}>{t("results.verify")}</a>
        <a href={`/rounds/${props.roundId}/record.json`} download>
          {t("results.record")}
        </a>
      </p>
      <p class="hint">{t("results.record.hint")}</p>
    </section>
  );
}
