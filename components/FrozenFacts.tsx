import type { JSX } from "preact";
import {
  type BeaconFact,
  beaconFacts,
  type FrozenFacts,
  type OwnEntrant,
} from "@/domain/freeze.ts";
import type { Locale, MessageKey, Translate } from "@/i18n/mod.ts";
import { formatDateTime } from "@/utils/format.ts";

function Beacon(
  props: {
    title: string;
    fact: BeaconFact;
    deadline?: Date;
    t: Translate;
    locale: Locale;
  },
) {
  const { fact, t } = props;
  const at = (d: Date) => formatDateTime(d, props.locale);
  return (
    <>
      <dt>{props.title}</dt>
      <dd>
        <span class="beacon-name">
          {t(`roundForm.kind.${fact.kind}` as MessageKey)}: {fact.name}
        </span>
        <br />
        {t("frozen.scheduled", { at: at(fact.scheduledAt) })}
        {props.deadline && (
          <>
            <br />
            {t("frozen.deadline", { at: at(props.deadline) })}
          </>
        )}
        <br />
        <span class="hint">
          {t("freeze.valueFormat", {
            format: t(fact.format),
            example: fact.example,
          })}
        </span>
      </dd>
    </>
  );
}

/**
 * The digest and the commitment as `<dt>`/`<dd>` pairs of a facts list (their `data-testid`s
 * let tests read them).
 */
export function HashFacts(
  props: { digest: string; commitment: string; t: Translate },
): JSX.Element {
  const { t } = props;
  return (
    <>
      <dt>{t("freeze.digest")}</dt>
      <dd>
        <code class="hash" data-testid="digest">{props.digest}</code>
      </dd>
      <dt>{t("freeze.commitment")}</dt>
      <dd>
        <code class="hash" data-testid="commitment">{props.commitment}</code>
      </dd>
    </>
  );
}

/**
 * What the freeze published, as a family sees it on the round's page: the digest, the
 * commitment, the beacon and its fallback with their times (Asia/Seoul) and value formats, and
 * the family's own pseudonyms next to each child's or unit's names.
 */
export function FrozenFactsCard(
  props: {
    frozen: FrozenFacts;
    own: OwnEntrant[];
    roundId: number;
    t: Translate;
    locale: Locale;
  },
): JSX.Element {
  const { frozen, own, t, locale } = props;
  const { primary, fallback, deadline } = beaconFacts(frozen.record);
  return (
    <section class="card frozen-facts" aria-labelledby="frozen-title">
      <h2 id="frozen-title">{t("frozen.published.title")}</h2>
      <p>
        {t("frozen.published.intro", {
          at: formatDateTime(frozen.frozenAt, locale),
        })}
      </p>
      <dl class="facts">
        <HashFacts
          digest={frozen.digest}
          commitment={frozen.commitment}
          t={t}
        />
        <Beacon
          title={t("frozen.beacon")}
          fact={primary}
          deadline={deadline}
          t={t}
          locale={locale}
        />
        <Beacon
          title={t("frozen.fallback")}
          fact={fallback}
          t={t}
          locale={locale}
        />
      </dl>
      <h3>{t("frozen.own.title")}</h3>
      {own.length
        ? (
          <>
            <ul class="own-pseudonyms">
              {own.map((e) => (
                <li key={e.pseudonym}>
                  <span class="names">{e.names.join(", ")}</span>{" "}
                  <code class="hash" data-testid="pseudonym">
                    {e.pseudonym}
                  </code>
                  {e.withdrawn && (
                    <span class="badge">{t("frozen.own.withdrawn")}</span>
                  )}
                </li>
              ))}
            </ul>
            <p class="hint">{t("frozen.own.hint")}</p>
          </>
        )
        : <p>{t("frozen.own.empty")}</p>}
      <p>
        <a href={`/rounds/${props.roundId}/frozen`}>{t("frozen.list.link")}</a>
      </p>
    </section>
  );
}
