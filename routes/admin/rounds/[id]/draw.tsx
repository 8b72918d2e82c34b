import type { Handlers, PageProps } from "$fresh/server.ts";
import { DoneNotice } from "@/components/DoneNotice.tsx";
import { ErrorSummary } from "@/components/form/ErrorSummary.tsx";
import { PageTitle } from "@/components/PageTitle.tsx";
import { BEACON_EXAMPLES } from "@/lottery/beacon.ts";
import {
  BEACON_SOURCES,
  DrawRefusedError,
  parseDrawForm,
  refusalError,
  runRoundDraw,
} from "@/domain/draw.ts";
import { type DrawFacts, drawFacts } from "@/domain/draw_results.ts";
import { DrawPanel } from "@/islands/DrawPanel.tsx";
import type { MessageKey, Translate } from "@/i18n/mod.ts";
import { NotFoundError } from "@/utils/errors.ts";
import { formatDateTime } from "@/utils/format.ts";
import {
  type FieldErrors,
  FORM_ERROR,
  type FormState,
  translateErrors,
} from "@/utils/form.ts";
import { assertAdmin } from "@/utils/guards.ts";
import { parseId, redirect } from "@/utils/http.ts";
import type { AppState } from "@/utils/state.ts";

interface RoundRow {
  id: number;
  name: string;
  status: string;
  requires_second_approval: boolean;
}

interface Data {
  round: RoundRow;
  facts: DrawFacts | null;
  pendingName: string | null;
  form?: FormState;
}

const DONE: Record<string, MessageKey> = {
  drawn: "draw.done.drawn",
  pending: "draw.done.pending",
};

async function load(
  ctx: { state: AppState; params: Record<string, string> },
): Promise<Omit<Data, "form">> {
  const id = parseId(ctx.params.id);
  if (id === null) throw new NotFoundError();
  const db = ctx.state.services.db;
  const [round] = await db.sql<RoundRow>`
    select id, name, status, requires_second_approval from rounds where id = ${id}`;
  if (!round) throw new NotFoundError();
  const facts = await drawFacts(db, id);
  let pendingName: string | null = null;
  if (facts?.beacon.pendingBy) {
    const [a] = await db.sql<{ name_ko: string }>`
      select name_ko from accounts where id = ${facts.beacon.pendingBy}`;
    pendingName = a?.name_ko ?? null;
  }
  return { round: { ...round, id: Number(round.id) }, facts, pendingName };
}

function wantsJson(req: Request): boolean {
  return (req.headers.get("accept") ?? "").includes("application/json");
}

/**
 * The draw of a frozen round: the frozen digest, the commitment and the named beacons, and the
 * form that takes the beacon's value (twice, or by a second admin). A POST with
 * `Accept: application/json` answers JSON (`{status, seed, digest}` or `{error, field}`).
 */
export const handler: Handlers<Data, AppState> = {
  async GET(_req, ctx) {
    return ctx.render(await load(ctx));
  },
  async POST(req, ctx) {
    assertAdmin(ctx.state);
    const data = await load(ctx);
    const body = ctx.state.form;
    const json = wantsJson(req);
    const refuse = (form: FormState, status: number) => {
      if (json) {
        const [field, error] = Object.entries(form.errors)[0] ?? [];
        return Response.json({
          error: error ? ctx.state.t(error.key, error.params) : "invalid",
          field,
        }, { status });
      }
      return ctx.render({ ...data, form }, { status });
    };
    if (!body || body.malformed || body.tooLarge) {
      const errors = { [FORM_ERROR]: { key: "form.error.malformed" as const } };
      return refuse({ values: {}, errors }, 400);
    }
    const parsed = parseDrawForm(body.fields, {
      twice: !data.round.requires_second_approval,
    });
    if (!parsed.ok && data.facts?.seed) {
      // The form is gone once drawn: say so rather than point at fields that are not there.
      const errors = {
        [FORM_ERROR]: { key: "sec.draw.alreadyDrawn" as const },
      };
      return refuse({ values: parsed.state.values, errors }, 409);
    }
    if (!parsed.ok) return refuse(parsed.state, 400);
    try {
      const outcome = await runRoundDraw(ctx.state.services, {
        roundId: data.round.id,
        actorId: ctx.state.account.id,
        beaconValue: parsed.data.beaconValue,
        source: parsed.data.source,
        now: ctx.state.clock.now(),
      });
      if (json) return Response.json(outcome);
      return redirect(
        `/admin/rounds/${data.round.id}/draw?done=${outcome.status}`,
      );
    } catch (error) {
      if (!(error instanceof DrawRefusedError)) throw error;
      const errors: FieldErrors = {
        [error.field]: refusalError(
          error,
          (d) => formatDateTime(d, ctx.state.locale),
        ),
      };
      return refuse(
        { values: parsed.values, errors },
        error.code === "already-drawn-other" ? 409 : 400,
      );
    }
  },
};

function Facts(
  props: { facts: DrawFacts; t: Translate; at: (ms: number) => string },
) {
  const { facts, t, at } = props;
  const b = facts.beacon;
  return (
    <dl class="facts">
      <dt>{t("draw.digest")}</dt>
      <dd>
        <code class="hex">{facts.digest}</code>
      </dd>
      <dt>{t("draw.commitment")}</dt>
      <dd>
        <code class="hex">{facts.commitment}</code>
      </dd>
      <dt>{t("draw.beacon")}</dt>
      <dd>
        {b.name} ({t("draw.scheduledAt", { at: at(b.scheduledAt) })})<br />
        {t("draw.deadline", { at: at(b.deadline) })}{" "}
        <a href={BEACON_SOURCES[b.kind]} rel="noopener">
          {t("results.source")}
        </a>
      </dd>
      <dt>{t("draw.fallback")}</dt>
      <dd>
        {b.fallback.name}{" "}
        ({t("draw.scheduledAt", { at: at(b.fallback.scheduledAt) })}){" "}
        <a href={BEACON_SOURCES[b.fallback.kind]} rel="noopener">
          {t("results.source")}
        </a>
      </dd>
      {facts.seed && (
        <>
          <dt>{t("draw.value")}</dt>
          <dd>
            <code class="hex">{b.value}</code>
          </dd>
          <dt>{t("draw.seed")}</dt>
          <dd>
            <code class="hex">{facts.seed}</code>
          </dd>
          <dt>{t("draw.drawnAtLabel")}</dt>
          <dd>{facts.drawnAt && at(facts.drawnAt.getTime())}</dd>
        </>
      )}
    </dl>
  );
}

export default function DrawPage(
  { data, state, url }: PageProps<Data, AppState>,
) {
  const { t, locale } = state;
  const { round, facts } = data;
  const at = (ms: number) => formatDateTime(new Date(ms), locale);
  const title = t("draw.title", { name: round.name });
  const errors = data.form ? translateErrors(data.form.errors, t) : {};
  const values = (data.form?.values ?? {}) as Record<string, string>;
  return (
    <section class="card">
      <PageTitle title={title} t={t} />
      <h1>{title}</h1>
      <DoneNotice t={t} url={url} messages={DONE} />
      {!facts ? <p class="notice">{t("draw.notFrozen")}</p> : (
        <>
          {!facts.seed && <p>{t("draw.intro")}</p>}
          <Facts facts={facts} t={t} at={at} />
          {facts.seed
            ? (
              <>
                <ErrorSummary t={t} errors={errors} />
                <p class="row">
                  <a class="button" href={`/admin/rounds/${round.id}/results`}>
                    {t("draw.resultsLink")}
                  </a>{" "}
                  <a href={`/rounds/${round.id}/verify`}>
                    {t("results.verify")}
                  </a>
                </p>
              </>
            )
            : (
              <>
                {round.requires_second_approval && (
                  <p class="hint">{t("draw.secondHint")}</p>
                )}
                {facts.beacon.pendingBy && (
                  <p class="notice" role="status">
                    {t("draw.pending", { name: data.pendingName ?? "?" })}
                  </p>
                )}
                <ErrorSummary
                  t={t}
                  errors={errors}
                  order={["source", "beaconValue", "beaconValueAgain"]}
                />
                <DrawPanel
                  action={`/admin/rounds/${round.id}/draw`}
                  csrf={state.csrfToken}
                  kinds={{
                    primary: facts.beacon.kind,
                    fallback: facts.beacon.fallback.kind,
                  }}
                  secondAdmin={round.requires_second_approval}
                  values={values}
                  errors={errors}
                  labels={{
                    source: t("draw.source"),
                    primary: t("draw.source.primary", {
                      name: facts.beacon.name,
                    }),
                    fallback: t("draw.source.fallback", {
                      name: facts.beacon.fallback.name,
                    }),
                    value: t("draw.value"),
                    valueAgain: t("draw.valueAgain"),
                    hintPrimary: t("draw.valueHint", {
                      example: BEACON_EXAMPLES[facts.beacon.kind],
                    }),
                    hintFallback: t("draw.valueHint", {
                      example: BEACON_EXAMPLES[facts.beacon.fallback.kind],
                    }),
                    formatPrimary: t("draw.error.format", {
                      example: BEACON_EXAMPLES[facts.beacon.kind],
                    }),
                    formatFallback: t("draw.error.format", {
                      example: BEACON_EXAMPLES[facts.beacon.fallback.kind],
                    }),
                    match: t("draw.valuesMatch"),
                    differ: t("draw.valuesDiffer"),
                    submit: round.requires_second_approval
                      ? t("draw.submitFirst")
                      : t("draw.submit"),
                  }}
                />
              </>
            )}
        </>
      )}
      <p>
        <a href={`/admin/rounds/${round.id}`}>{round.name}</a>
      </p>
    </section>
  );
}
