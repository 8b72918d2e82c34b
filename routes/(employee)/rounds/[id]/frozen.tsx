import type { Handlers, PageProps } from "$fresh/server.ts";
import { z } from "zod";
import { DoneNotice } from "@/components/DoneNotice.tsx";
import { ErrorSummary, Form, TextArea } from "@/components/form/mod.ts";
import { HashFacts } from "@/components/FrozenFacts.tsx";
import { PageTitle } from "@/components/PageTitle.tsx";
import { familyOf } from "@/domain/family.ts";
import {
  type FrozenFacts,
  frozenFacts,
  ownEntrants,
  reportFreezeError,
} from "@/domain/freeze.ts";
import { mayFollowRound } from "@/domain/round_access.ts";
import type { MessageKey } from "@/i18n/mod.ts";
import { NotFoundError } from "@/utils/errors.ts";
import {
  FORM_ERROR,
  type FormState,
  parseForm,
  textField,
  translateErrors,
} from "@/utils/form.ts";
import { parseId, redirect } from "@/utils/http.ts";
import type { SignedInState } from "@/utils/state.ts";
import { formatWeight } from "@/utils/format.ts";

/** Reports one account may send per hour. */
export const REPORTS_PER_HOUR = 5;

interface Data {
  roundId: number;
  name: string;
  frozen: FrozenFacts;
  mine: string[];
  family: boolean;
  report: FormState;
}

const DONE: Record<string, MessageKey> = { reported: "frozen.report.done" };

const Report = z.object({ body: textField({ max: 4000, multiline: true }) });

async function load(
  ctx: { params: Record<string, string>; state: SignedInState },
): Promise<Data> {
  const { services, account } = ctx.state;
  const roundId = parseId(ctx.params.id);
  if (
    roundId === null || !(await mayFollowRound(services.db, account, roundId))
  ) {
    throw new NotFoundError();
  }
  const frozen = await frozenFacts(services.db, roundId);
  if (!frozen) throw new NotFoundError();
  const family = await familyOf(services.db, account.id);
  const own = await ownEntrants(services.db, {
    roundId,
    familyIds: family.memberIds,
  });
  const [app] = await services.db.sql`
    select 1 from applications where round_id = ${roundId}
      and status not in ('withdrawn', 'draft')
      and family_key = any(${family.memberIds}::int8[]) limit 1`;
  return {
    roundId,
    name: frozen.record.round.name ?? String(roundId),
    frozen,
    mine: own.flatMap((e) => [e.pseudonym]),
    family: !!app,
    report: { values: {}, errors: {} },
  };
}

/**
 * The frozen entry list of a round, for its families and admins (404 for anyone else):
 * pseudonyms, members, weights, tiers, choices and seats, no names or factors; the family's own
 * rows highlighted; the download; and the family's "report an error" form.
 */
export const handler: Handlers<Data, SignedInState> = {
  async GET(_req, ctx) {
    return ctx.render(await load(ctx));
  },
  async POST(_req, ctx) {
    const data = await load(ctx);
    const { services, account, clock, form } = ctx.state;
    if (!data.family) throw new NotFoundError();
    const page = (report: FormState, status: number) =>
      ctx.render({ ...data, report }, { status });
    if (!form || form.malformed || form.tooLarge) {
      return page({
        values: {},
        errors: { [FORM_ERROR]: { key: "form.error.malformed" } },
      }, 400);
    }
    const parsed = parseForm(Report, form.fields);
    if (!parsed.ok) return page(parsed.state, 400);
    const budget = await services.cache.rateLimit(
      `freeze-report:${account.id}`,
      REPORTS_PER_HOUR,
      60 * 60 * 1000,
    );
    if (!budget.allowed) {
      return page({
        values: parsed.values,
        errors: { body: { key: "frozen.report.limited" } },
      }, 429);
    }
    const out = await reportFreezeError(services.db, {
      roundId: data.roundId,
      accountId: account.id,
      familyIds: (await familyOf(services.db, account.id)).memberIds,
      body: parsed.data.body,
      now: clock.now(),
    });
    if (!out) throw new NotFoundError();
    return redirect(`/rounds/${data.roundId}/frozen?done=reported#report`);
  },
};

export default function FrozenListPage(
  { data, state, url }: PageProps<Data, SignedInState>,
) {
  const { t } = state;
  const { record } = data.frozen;
  const mine = new Set(data.mine);
  const errors = translateErrors(data.report.errors, t);
  const values = data.report.values as Record<string, string | undefined>;
  const title = t("frozen.title", { round: data.name });
  return (
    <>
      <PageTitle title={title} t={t} />
      <h1>{title}</h1>
      <DoneNotice t={t} url={url} messages={DONE} />
      <p>{t("frozen.intro")}</p>
      <dl class="facts freeze-facts">
        <HashFacts
          digest={record.digest}
          commitment={record.commitment}
          t={t}
        />
      </dl>
      <p>
        <a
          class="button"
          href={`/rounds/${data.roundId}/frozen.json`}
          download="frozen.json"
        >
          {t("frozen.download")}
        </a>
      </p>
      <p class="hint">{t("frozen.cliHint")}</p>
      <h2>{t("frozen.seats.title")}</h2>
      <div class="table-scroll">
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t("frozen.col.class")}</th>
              <th scope="col">{t("frozen.col.seats")}</th>
            </tr>
          </thead>
          <tbody>
            {record.recruitments.map((r) => (
              <tr key={r.id}>
                <td>
                  <code>{r.id}</code>
                </td>
                <td>{r.seats}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t("frozen.entries.title", { count: record.entrants.length })}</h2>
      {record.entrants.length === 0
        ? <p>{t("frozen.entries.empty")}</p>
        : (
          <div class="table-scroll">
            <table class="table frozen-list">
              <thead>
                <tr>
                  <th scope="col">{t("frozen.col.pseudonym")}</th>
                  <th scope="col">{t("frozen.col.members")}</th>
                  <th scope="col">{t("frozen.col.choices")}</th>
                </tr>
              </thead>
              <tbody>
                {record.entrants.map((e) => (
                  <tr
                    key={e.pseudonym}
                    class={mine.has(e.pseudonym) ? "mine" : undefined}
                  >
                    <td>
                      <code class="hash">{e.pseudonym}</code>
                      {mine.has(e.pseudonym) && (
                        <span class="badge">{t("frozen.mine")}</span>
                      )}
                    </td>
                    <td>
                      {e.members.map((m) => (
                        <code key={m} class="hash member">{m}</code>
                      ))}
                    </td>
                    <td>
                      <ol class="choices">
                        {e.choices.map((c, i) => (
                          <li key={c.recruitment}>
                            {t("frozen.choice", {
                              rank: i + 1,
                              class: c.recruitment,
                              weight: formatWeight(c.weight),
                              tier: c.tier,
                            })}
                          </li>
                        ))}
                      </ol>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      {data.family && (
        <section class="card" id="report">
          <h2>{t("frozen.report.title")}</h2>
          <p class="hint">{t("frozen.report.hint")}</p>
          <Form csrfToken={state.csrfToken}>
            <ErrorSummary
              t={t}
              errors={errors}
              labels={{ body: t("frozen.report.body") }}
            />
            <TextArea
              name="body"
              label={t("frozen.report.body")}
              value={values.body}
              error={errors.body}
              maxLength={4000}
              required
            />
            <button type="submit">{t("frozen.report.submit")}</button>
          </Form>
        </section>
      )}
      <p>
        <a href={`/rounds/${data.roundId}`}>{data.name}</a>
      </p>
    </>
  );
}
