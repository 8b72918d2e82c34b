import type { Handlers, PageProps } from "$fresh/server.ts";
import { DoneNotice } from "@/components/DoneNotice.tsx";
import {
  bindFields,
  ErrorSummary,
  Field,
  Form,
  Select,
  TextArea,
} from "@/components/form/mod.ts";
import { PageTitle } from "@/components/PageTitle.tsx";
import {
  type AmendCandidate,
  amendCandidates,
  AmendRefusedError,
  amendRound,
  parseAmendForm,
} from "@/domain/draw_amend.ts";
import type { MessageKey } from "@/i18n/mod.ts";
import { NotFoundError } from "@/utils/errors.ts";
import { FORM_ERROR, type FormState, translateErrors } from "@/utils/form.ts";
import { assertAdmin } from "@/utils/guards.ts";
import { parseId, redirect } from "@/utils/http.ts";
import type { AppState } from "@/utils/state.ts";

interface Data {
  round: { id: number; name: string; drawn: boolean; chainHead: string | null };
  candidates: AmendCandidate[];
  codes: string[];
  form?: FormState;
}

const DONE: Record<string, MessageKey> = { amended: "amend.done" };

async function load(
  state: AppState,
  params: Record<string, string>,
): Promise<Omit<Data, "form">> {
  const id = parseId(params.id);
  if (id === null) throw new NotFoundError();
  const db = state.services.db;
  const [round] = await db.sql<
    { id: number; name: string; drawn: boolean; chain_head: string | null }
  >`select r.id, r.name, d.seed is not null as drawn, d.chain_head
    from rounds r left join draws d on d.round_id = r.id where r.id = ${id}`;
  if (!round) throw new NotFoundError();
  const codes = await db.sql<{ code: string }>`
    select code from draw_recruitments where round_id = ${id} order by code`;
  return {
    round: {
      id,
      name: round.name,
      drawn: round.drawn,
      chainHead: round.chain_head,
    },
    candidates: round.drawn ? await amendCandidates(db, id) : [],
    codes: codes.map((c) => c.code),
  };
}

/**
 * Amend a drawn round: correct an error found after the draw (a child left out, or weights that
 * review corrected) with the lottery's amendment, which displaces no one. Audited and mailed;
 * the new chain head is published.
 */
export const handler: Handlers<Data, AppState> = {
  async GET(_req, ctx) {
    assertAdmin(ctx.state);
    return ctx.render(await load(ctx.state, ctx.params));
  },
  async POST(_req, ctx) {
    assertAdmin(ctx.state);
    const data = await load(ctx.state, ctx.params);
    const body = ctx.state.form;
    if (!body || body.malformed || body.tooLarge) {
      const errors = { [FORM_ERROR]: { key: "form.error.malformed" as const } };
      return ctx.render({ ...data, form: { values: {}, errors } }, {
        status: 400,
      });
    }
    const parsed = parseAmendForm(body.fields, {
      entrants: data.candidates.map((c) => c.id),
      codes: data.codes,
    });
    if (!parsed.ok) {
      return ctx.render({ ...data, form: parsed.state }, { status: 400 });
    }
    try {
      await amendRound(ctx.state.services, {
        roundId: data.round.id,
        actorId: ctx.state.account.id,
        entrantId: parsed.data.entrant,
        reason: parsed.data.reason,
        extraSeats: parsed.data.extraRecruitment
          ? { [parsed.data.extraRecruitment]: parsed.data.extraSeats }
          : undefined,
        now: ctx.state.clock.now(),
      });
    } catch (error) {
      if (!(error instanceof AmendRefusedError)) throw error;
      const errors = {
        [error.code === "unknown-entrant" ? "entrant" : FORM_ERROR]: {
          key: error.code === "not-drawn"
            ? "amend.error.notDrawn" as const
            : error.code === "unknown-entrant"
            ? "amend.error.entrant" as const
            : "amend.error.invalid" as const,
          params: { detail: error.detail },
        },
      };
      return ctx.render({
        ...data,
        form: { values: parsed.values, errors },
      }, { status: 400 });
    }
    return redirect(`/admin/rounds/${data.round.id}/amend?done=amended`);
  },
};

export default function AmendPage(
  { data, state, url }: PageProps<Data, AppState>,
) {
  const { t } = state;
  const title = t("amend.title", { name: data.round.name });
  const f = bindFields(data.form, t);
  const errors = data.form ? translateErrors(data.form.errors, t) : {};
  return (
    <section class="card">
      <PageTitle title={title} t={t} />
      <h1>{title}</h1>
      <DoneNotice t={t} url={url} messages={DONE} />
      {data.round.chainHead && (
        <p>
          {t("results.chainHead")}:{" "}
          <code class="hex" data-testid="chain-head">
            {data.round.chainHead}
          </code>
        </p>
      )}
      {!data.round.drawn
        ? <p class="notice">{t("results.admin.notDrawn")}</p>
        : (
          <>
            <p>{t("amend.intro")}</p>
            <ErrorSummary
              t={t}
              errors={errors}
              order={["entrant", "reason", "extraRecruitment", "extraSeats"]}
            />
            <Form csrfToken={state.csrfToken}>
              <Select
                {...f("entrant" as never)}
                label={t("amend.entrant")}
                placeholder={t("amend.choose")}
                required
                options={data.candidates.map((c) => ({
                  value: c.id,
                  label: `${c.names.join(", ")} · ${
                    c.inDraw ? t("amend.inDraw") : t("amend.notInDraw")
                  }`,
                }))}
              />
              <TextArea
                {...f("reason" as never)}
                label={t("amend.reason")}
                required
                maxLength={500}
                rows={3}
              />
              <Select
                {...f("extraRecruitment" as never)}
                label={t("amend.extraRecruitment")}
                hint={t("amend.extraHint")}
                optionalText={t("form.optional")}
                placeholder={t("amend.noExtra")}
                options={data.codes.map((c) => ({ value: c, label: c }))}
              />
              <Field
                {...f("extraSeats" as never)}
                type="number"
                min="1"
                max="100"
                label={t("amend.extraSeats")}
                optionalText={t("form.optional")}
              />
              <button type="submit">{t("amend.submit")}</button>
            </Form>
          </>
        )}
      <p>
        <a href={`/admin/rounds/${data.round.id}/results`}>
          {t("draw.resultsLink")}
        </a>
      </p>
    </section>
  );
}
