import type { Handlers, PageProps } from "$fresh/server.ts";
import { z } from "zod";
import { DoneNotice } from "@/components/DoneNotice.tsx";
import { ErrorSummary, Form, Select, TextArea } from "@/components/form/mod.ts";
import { HashFacts } from "@/components/FrozenFacts.tsx";
import { PageTitle } from "@/components/PageTitle.tsx";
import {
  excludeApplication,
  type FreezeApplication,
  type FreezeBlocker,
  freezeBlockers,
  type FreezeReport,
  freezeReports,
  freezeRound,
  type FrozenFacts,
  frozenFacts,
  outsideApplications,
} from "@/domain/freeze.ts";
import { type RoundSetup, roundSetup } from "@/domain/round_setup.ts";
import type { MessageKey, Translate } from "@/i18n/mod.ts";
import { NotFoundError } from "@/utils/errors.ts";
import {
  FORM_ERROR,
  type FormState,
  parseForm,
  textField,
  translateErrors,
} from "@/utils/form.ts";
import { formatDateTime } from "@/utils/format.ts";
import { assertAdmin } from "@/utils/guards.ts";
import { parseId, redirect } from "@/utils/http.ts";
import type { AppState } from "@/utils/state.ts";

interface Data {
  round: RoundSetup;
  blockers: FreezeBlocker[];
  outside: FreezeApplication[];
  frozen: FrozenFacts | null;
  reports: FreezeReport[];
  exclude: FormState;
  refused: boolean;
}

const DONE: Record<string, MessageKey> = {
  excluded: "freeze.exclude.done",
  frozen: "freeze.confirmTitle",
};

const Exclude = z.object({
  application: z.string().regex(/^[1-9][0-9]{0,17}$/, {
    error: "form.error.required",
  }),
  reason: textField({ max: 1000, multiline: true }),
});

async function load(
  ctx: { params: Record<string, string>; state: AppState },
  extra: { exclude?: FormState; refused?: boolean } = {},
): Promise<Data> {
  const id = parseId(ctx.params.id);
  const db = ctx.state.services.db;
  const round = id ? await roundSetup(db, id) : null;
  if (!round) throw new NotFoundError();
  const now = ctx.state.clock.now();
  const [blockers, outside, frozen, reports] = await Promise.all([
    freezeBlockers(db, { roundId: round.id, now }),
    outsideApplications(db, round.id),
    frozenFacts(db, round.id),
    freezeReports(db, round.id),
  ]);
  return {
    round,
    blockers,
    outside,
    frozen,
    reports,
    exclude: extra.exclude ?? { values: {}, errors: {} },
    refused: extra.refused ?? false,
  };
}

/**
 * The freeze of a round: what still blocks it (with links to review), the applications outside
 * the pool, the exclusion of a pending application with a reason, the freeze button, and once
 * frozen the digest and commitment and the families' error reports.
 */
export const handler: Handlers<Data, AppState> = {
  async GET(_req, ctx) {
    return ctx.render(await load(ctx));
  },
  async POST(_req, ctx) {
    assertAdmin(ctx.state);
    const { services, account, clock, form } = ctx.state;
    const base = await load(ctx);
    const roundId = base.round.id;
    const malformed = {
      values: {},
      errors: { [FORM_ERROR]: { key: "form.error.malformed" as const } },
    };
    if (!form || form.malformed || form.tooLarge) {
      return ctx.render({ ...base, exclude: malformed }, { status: 400 });
    }
    const intent = form.fields.get("intent")?.[0];
    if (intent === "freeze") {
      const out = await freezeRound(services, {
        roundId,
        actorId: account.id,
        now: clock.now(),
      });
      if (out.ok || out.reason === "frozen") {
        return redirect(
          `/admin/rounds/${roundId}/freeze${out.ok ? "?done=frozen" : ""}`,
        );
      }
      return ctx.render(await load(ctx, { refused: true }), { status: 409 });
    }
    if (intent !== "exclude") {
      return ctx.render({ ...base, exclude: malformed }, { status: 400 });
    }
    const parsed = parseForm(Exclude, form.fields);
    if (!parsed.ok) {
      return ctx.render({ ...base, exclude: parsed.state }, { status: 400 });
    }
    const out = await excludeApplication(services.db, {
      roundId,
      applicationId: Number(parsed.data.application),
      actorId: account.id,
      reason: parsed.data.reason,
      now: clock.now(),
      origin: services.config.publicOrigin,
    });
    if (!out.ok) {
      return ctx.render({
        ...base,
        exclude: {
          values: parsed.values,
          errors: { application: { key: "freeze.exclude.notPending" } },
        },
      }, { status: 409 });
    }
    return redirect(`/admin/rounds/${roundId}/freeze?done=excluded`);
  },
};

function blockerText(
  b: FreezeBlocker,
  t: Translate,
  at: (d: Date) => string,
): string {
  switch (b.kind) {
    case "notPublished":
      return t("freeze.blocker.notPublished");
    case "windowOpen":
      return t("freeze.blocker.windowOpen", { at: at(b.closesAt) });
    case "pending":
      return t("freeze.blocker.pending", { count: b.applications.length });
    case "duplicates":
      return t("freeze.blocker.duplicates", { count: b.duplicates.length });
    case "beaconSoon":
      return t("freeze.blocker.beaconSoon", { at: at(b.scheduledAt) });
    case "hrFlags":
      return t("freeze.blocker.hrFlags", { count: b.flags.length });
    case "frozen":
      return t("freeze.blocker.frozen");
  }
}

function AppLink(props: { id: number; t: Translate }) {
  return (
    <a href={`/admin/review/${props.id}`}>
      {props.t("freeze.application", { id: props.id })}
    </a>
  );
}

function AppLine(props: { app: FreezeApplication; t: Translate }) {
  const { app, t } = props;
  return (
    <li>
      <AppLink id={app.id} t={t} /> · {app.family}
      {app.children.length > 0 && ` · ${app.children.join(", ")}`}
      {app.reason && ` · ${app.reason}`}
    </li>
  );
}

function Blockers(
  props: { blockers: FreezeBlocker[]; t: Translate; locale: "ko" | "en" },
) {
  const { t } = props;
  const at = (d: Date) => formatDateTime(d, props.locale);
  return (
    <ul class="freeze-blockers">
      {props.blockers.map((b) => (
        <li key={b.kind}>
          {blockerText(b, t, at)}
          {b.kind === "pending" && (
            <ul>
              {b.applications.map((a) => <AppLine key={a.id} app={a} t={t} />)}
            </ul>
          )}
          {b.kind === "hrFlags" && (
            <ul>
              {b.flags.map((f) => (
                <li key={f.id}>
                  <a href={`/admin/hr-flags#flag-${f.id}`}>
                    {f.nameKo} ({f.employeeNo})
                  </a>
                  {" · "}
                  <AppLink id={f.applicationId} t={t} />
                </li>
              ))}
            </ul>
          )}
          {b.kind === "duplicates" && (
            <ul>
              {b.duplicates.map((d) => (
                <li key={`${d.name}-${d.birthDate}`}>
                  {t("freeze.duplicate", { name: d.name, birth: d.birthDate })}
                  {": "}
                  {d.applicationIds.map((id, i) => (
                    <span key={id}>
                      {i > 0 && ", "}
                      <AppLink id={id} t={t} />
                    </span>
                  ))}
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ul>
  );
}

function Facts(
  props: { frozen: FrozenFacts; t: Translate; locale: "ko" | "en" },
) {
  const { frozen, t } = props;
  return (
    <dl class="facts freeze-facts">
      <HashFacts
        digest={frozen.digest}
        commitment={frozen.commitment}
        t={t}
      />
      <dt>{t("freeze.frozenAt")}</dt>
      <dd>{formatDateTime(frozen.frozenAt, props.locale)}</dd>
      <dt>{t("freeze.entrants")}</dt>
      <dd>{frozen.record.entrants.length}</dd>
    </dl>
  );
}

export default function FreezePage(
  { data, state, url }: PageProps<Data, AppState>,
) {
  const { t, locale } = state;
  const { round, blockers, frozen } = data;
  const pending = blockers.find((b) => b.kind === "pending");
  const errors = translateErrors(data.exclude.errors, t);
  const values = data.exclude.values as Record<string, string | undefined>;
  const title = frozen ? t("freeze.confirmTitle") : t("freeze.title");
  return (
    <>
      <PageTitle title={`${round.name} · ${title}`} t={t} />
      <p class="breadcrumb">
        <a href={`/admin/rounds/${round.id}`}>{round.name}</a>
      </p>
      <h1>{title}</h1>
      <DoneNotice t={t} url={url} messages={DONE} />
      {(frozen || pending?.kind !== "pending") && (
        // The exclude form that would show the message is not on the page.
        <ErrorSummary t={t} errors={errors} />
      )}
      {frozen
        ? (
          <section class="card">
            <p>{t("freeze.confirmIntro")}</p>
            <Facts frozen={frozen} t={t} locale={locale} />
            <p class="row">
              <a class="button" href={`/admin/rounds/${round.id}/draw`}>
                {t("draw.open")}
              </a>
              <a href={`/rounds/${round.id}/frozen`}>{t("frozen.list.link")}</a>
            </p>
          </section>
        )
        : (
          <>
            <p>{t("freeze.intro")}</p>
            {data.refused && (
              <p class="notice error" role="alert">{t("freeze.refused")}</p>
            )}
            <section class="card">
              <h2>{t("freeze.blockers")}</h2>
              {blockers.length
                ? <Blockers blockers={blockers} t={t} locale={locale} />
                : <p class="notice success">{t("freeze.ready")}</p>}
              <Form csrfToken={state.csrfToken} idempotencyKey>
                <p class="hint" id="freeze-hint">{t("freeze.submitHint")}</p>
                <button
                  type="submit"
                  name="intent"
                  value="freeze"
                  disabled={blockers.length > 0}
                  aria-describedby="freeze-hint"
                >
                  {t("freeze.submit")}
                </button>
              </Form>
            </section>
            {pending?.kind === "pending" && (
              <section class="card">
                <h2>{t("freeze.exclude.title")}</h2>
                <p class="hint">{t("freeze.exclude.hint")}</p>
                <Form csrfToken={state.csrfToken}>
                  <ErrorSummary
                    t={t}
                    errors={errors}
                    order={["application", "reason"]}
                    labels={{
                      application: t("freeze.exclude.application"),
                      reason: t("freeze.exclude.reason"),
                    }}
                  />
                  <Select
                    name="application"
                    label={t("freeze.exclude.application")}
                    options={pending.applications.map((a) => ({
                      value: String(a.id),
                      label: `${
                        t("freeze.application", { id: a.id })
                      } · ${a.family}`,
                    }))}
                    value={values.application}
                    error={errors.application}
                    required
                  />
                  <TextArea
                    name="reason"
                    label={t("freeze.exclude.reason")}
                    hint={t("freeze.exclude.reasonHint")}
                    value={values.reason}
                    error={errors.reason}
                    maxLength={1000}
                    required
                  />
                  <button type="submit" name="intent" value="exclude">
                    {t("freeze.exclude.submit")}
                  </button>
                </Form>
              </section>
            )}
          </>
        )}
      <section class="card">
        <h2>{t("freeze.outside.title")}</h2>
        <p class="hint">{t("freeze.outside.hint")}</p>
        {data.outside.length
          ? (
            <ul>
              {data.outside.map((a) => <AppLine key={a.id} app={a} t={t} />)}
            </ul>
          )
          : <p>{t("freeze.outside.empty")}</p>}
      </section>
      {frozen && (
        <section class="card">
          <h2>{t("freeze.reports.title")}</h2>
          <p class="hint">{t("freeze.reports.hint")}</p>
          {data.reports.length
            ? (
              <ul class="freeze-reports">
                {data.reports.map((r) => (
                  <li key={r.id}>
                    <p class="meta">
                      {r.reporter} · {formatDateTime(r.createdAt, locale)}
                    </p>
                    <p class="report-body">{r.body}</p>
                  </li>
                ))}
              </ul>
            )
            : <p>{t("freeze.reports.empty")}</p>}
        </section>
      )}
    </>
  );
}
