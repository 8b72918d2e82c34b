import type { Handlers, PageProps } from "$fresh/server.ts";
import {
  Checkbox,
  ChoiceGroup,
  ErrorSummary,
  Field,
  Form,
  Select,
} from "@/components/form/mod.ts";
import { PageTitle } from "@/components/PageTitle.tsx";
import {
  type ApplyRound,
  type DocumentKind,
  type FamilyApplication,
  requiredDocuments,
  type RoundPhase,
  saveApplication,
  serviceYears,
  withdrawApplication,
} from "@/domain/applications.ts";
import { ageClass, type Child, familyChildren } from "@/domain/children.ts";
import type { FamilyDocument } from "@/domain/documents.ts";
import type { Family } from "@/domain/family.ts";
import { familyRound } from "@/domain/family_round.ts";
import { assertRoundOpenForEntrants } from "@/domain/round_lock.ts";
import type { MessageKey, Translate } from "@/i18n/mod.ts";
import { FACTOR_FIELDS, parseApplyForm } from "@/utils/apply_form.ts";
import { NotFoundError } from "@/utils/errors.ts";
import { type FieldErrors, FORM_ERROR, translateErrors } from "@/utils/form.ts";
import { formatDateTime } from "@/utils/format.ts";
import { parseId, redirect } from "@/utils/http.ts";
import type { SignedInState } from "@/utils/state.ts";

type Values = Record<string, string[]>;

interface Data {
  round: ApplyRound;
  phase: RoundPhase;
  family: Family;
  children: Child[];
  app: FamilyApplication | null;
  documents: FamilyDocument[];
  years: number[];
  values: Values;
  errors: FieldErrors;
  done: string | null;
}

const DONE = new Set(["draft", "submitted", "updated", "withdrawn"]);

async function load(
  ctx: { params: Record<string, string>; state: SignedInState },
) {
  const { services, account, clock } = ctx.state;
  const roundId = parseId(ctx.params.id);
  if (roundId === null) throw new NotFoundError();
  const view = await familyRound(services.db, {
    roundId,
    accountId: account.id,
    now: clock.now(),
  });
  const children = await familyChildren(services.db, view.family);
  return { ...view, children, years: serviceYears(view.family, view.round) };
}

/** The form's values from a stored application (or the defaults for a new one). */
function valuesOf(app: FamilyApplication | null, children: Child[]): Values {
  const v: Values = {};
  if (!app) {
    v.childrenCount = [String(Math.max(children.length, 1))];
    v.version = ["0"];
    return v;
  }
  for (const c of app.children) {
    c.choices.forEach((r, i) => (v[`choice-${c.id}-${i + 1}`] = [String(r)]));
  }
  v.linked = app.children.filter((c) => c.unitId !== null).map((c) =>
    String(c.id)
  );
  for (const f of FACTOR_FIELDS) if (app.facts[f]) v[f] = ["1"];
  v.childrenCount = [String(app.facts.childrenCount)];
  v.version = [String(app.version)];
  return v;
}

function typed(fields: Map<string, string[]>): Values {
  const v: Values = {};
  for (const [k, vals] of fields) if (!k.startsWith("_")) v[k] = vals;
  return v;
}

/**
 * The family's application to a round: ranked choices per child, linked siblings, the family
 * factors, then save a draft, submit, change or withdraw. Either parent; both see the same one.
 */
export const handler: Handlers<Data, SignedInState> = {
  async GET(req, ctx) {
    const base = await load(ctx);
    const done = new URL(req.url).searchParams.get("done");
    return ctx.render({
      ...base,
      values: valuesOf(base.app, base.children),
      errors: {},
      done: done && DONE.has(done) ? done : null,
    });
  },
  async POST(_req, ctx) {
    const base = await load(ctx);
    const { services, account, clock, form } = ctx.state;
    // After the freeze: 409 naming the round (a withdrawal is kept from the round's page).
    await assertRoundOpenForEntrants(services.db, base.round.id);
    const page = (errors: FieldErrors, values: Values, status: number) =>
      ctx.render({ ...base, values, errors, done: null }, { status });
    if (!form || form.malformed || form.tooLarge || form.file) {
      return page(
        { [FORM_ERROR]: { key: "form.error.malformed" } },
        valuesOf(base.app, base.children),
        400,
      );
    }
    const intents = form.fields.get("intent") ?? [];
    const intent = intents.length === 1 ? intents[0] : "";
    const values = typed(form.fields);
    const { data, problems } = parseApplyForm(form.fields);
    const conflict = (current: FamilyApplication | null) =>
      ctx.render({
        ...base,
        app: current,
        values: valuesOf(current, base.children),
        errors: { [FORM_ERROR]: { key: "apply.error.conflict" } },
        done: null,
      }, { status: 409 });
    if (base.phase !== "open") {
      return page({ [FORM_ERROR]: { key: "apply.error.closed" } }, values, 409);
    }
    if (intent === "withdraw") {
      const out = await withdrawApplication(services.db, {
        round: base.round,
        family: base.family,
        version: data.version,
        now: clock.now(),
      });
      if (out.ok) {
        return redirect(`/rounds/${base.round.id}/apply?done=withdrawn`);
      }
      if (out.reason === "conflict") return conflict(out.current);
      return page({ [FORM_ERROR]: { key: "apply.error.closed" } }, values, 409);
    }
    if (intent !== "draft" && intent !== "submit") {
      return page(
        { [FORM_ERROR]: { key: "form.error.malformed" } },
        values,
        400,
      );
    }
    const errors: FieldErrors = {};
    for (const [field, key] of Object.entries(problems)) {
      errors[field] = { key };
    }
    if (Object.keys(errors).length) return page(errors, values, 400);
    const out = await saveApplication(services.db, {
      round: base.round,
      family: base.family,
      accountId: account.id,
      input: data,
      version: data.version,
      action: intent,
      now: clock.now(),
    });
    if (out.ok) {
      const done = out.status === "draft"
        ? "draft"
        : base.app && base.app.status !== "draft"
        ? "updated"
        : "submitted";
      return redirect(`/rounds/${base.round.id}/apply?done=${done}`);
    }
    if (out.reason === "conflict") return conflict(out.current);
    if (out.reason === "closed") {
      return page({ [FORM_ERROR]: { key: "apply.error.closed" } }, values, 409);
    }
    for (const p of out.problems) {
      errors[p.field] = {
        key: p.key,
        ...(p.params ? { params: p.params } : {}),
      };
    }
    return page(errors, values, 400);
  },
};

/** The translated status of an application. */
function statusText(t: Translate, status: string): string {
  return t(`apply.status.${status}` as MessageKey);
}

function first(values: Values, name: string): string {
  return values[name]?.[0] ?? "";
}

export default function ApplyPage(
  { data, state }: PageProps<Data, SignedInState>,
) {
  const { t, csrfToken, locale } = state;
  const { round, app, children, values, family } = data;
  const errors = translateErrors(data.errors, t);
  const title = t("apply.title", { round: round.name });
  const eligible = children.map((c) => {
    const age = ageClass(c.birthDate, round);
    return {
      child: c,
      age,
      classes: round.recruitments.filter((r) => r.classAge === age),
    };
  });
  const open = data.phase === "open";
  const submitted = app !== null && app.status !== "draft";
  const facts = {
    singleParent: !!values.singleParent,
    disability: !!values.disability,
    dualIncome: !!values.dualIncome,
    siblingEnrolled: !!values.siblingEnrolled,
    childrenCount: Number(first(values, "childrenCount")) || 1,
  };
  const needed = requiredDocuments(facts, { couple: family.couple });
  const have = new Set(
    data.documents.filter((d) => d.status !== "rejected").map((d) => d.kind),
  );
  const missing = needed.filter((k) => !have.has(k));
  const labels: Record<string, string> = {
    children: t("apply.children"),
    linked: t("apply.linked"),
    childrenCount: t("apply.childrenCount"),
    documents: t("apply.documents"),
  };
  for (const e of eligible) {
    labels[`choice-${e.child.id}`] = t("apply.choicesOf", {
      name: e.child.name,
    });
  }
  const when = (d: Date) => formatDateTime(d, locale);
  return (
    <>
      <PageTitle title={title} t={t} />
      <h1>{title}</h1>
      <p>
        {app
          ? t("apply.statusLine", { status: statusText(t, app.status) })
          : t("apply.noApplication")}{" "}
        {t("apply.deadline", { deadline: when(round.applicationsCloseAt) })}
      </p>
      {app && app.children.length > 0 && (
        <p>
          {t("apply.appliedChildren", {
            names: app.children.map((c) => c.name).join(", "),
          })}
        </p>
      )}
      {data.done && (
        <p class="success" role="status">
          {t(`apply.done.${data.done}` as MessageKey)}
        </p>
      )}
      {!open && (
        <p class="notice">
          {t(`apply.phase.${data.phase}` as MessageKey, {
            opens: when(round.applicationsOpenAt),
          })}
        </p>
      )}
      {children.length === 0 && (
        <p class="notice">
          {t("apply.noChildren")}{" "}
          <a href="/children">{t("apply.addChildren")}</a>
        </p>
      )}
      {open && children.length > 0 && (
        <Form
          csrfToken={csrfToken}
          action={`/rounds/${round.id}/apply`}
          idempotencyKey
        >
          <ErrorSummary t={t} errors={errors} labels={labels} />
          <input
            type="hidden"
            name="version"
            value={first(values, "version")}
          />
          <h2 id="field-children">{t("apply.children")}</h2>
          <p class="hint">{t("apply.childrenHint")}</p>
          {errors.children && <p class="field-error">{errors.children}</p>}
          {eligible.map(({ child, age, classes }) => {
            const name = `choice-${child.id}`;
            const error = errors[name];
            return (
              <fieldset
                key={child.id}
                class={`field field-group${error ? " field-invalid" : ""}`}
              >
                <legend>
                  {child.name} · {child.birthDate}
                  {age !== null && ` · ${t("round.classAge", { age })}`}
                </legend>
                {error && (
                  <p class="field-error" id={`field-${name}-error`}>{error}</p>
                )}
                {classes.length === 0
                  ? <p class="hint">{t("apply.noClass")}</p>
                  : [1, 2, 3].map((rank) => (
                    <Select
                      key={rank}
                      name={`${name}-${rank}`}
                      id={rank === 1 ? `field-${name}` : undefined}
                      label={t("apply.rank", { rank })}
                      placeholder={t("apply.noChoice")}
                      value={first(values, `${name}-${rank}`)}
                      options={classes.map((r) => ({
                        value: String(r.id),
                        label: `${r.kindergarten} · ${
                          t("round.classAge", { age: r.classAge })
                        } (${t("apply.seats", { seats: r.seats })})`,
                      }))}
                    />
                  ))}
              </fieldset>
            );
          })}
          {eligible.filter((e) => e.classes.length > 0).length >= 2 && (
            <ChoiceGroup
              name="linked"
              type="checkbox"
              legend={t("apply.linked")}
              hint={t("apply.linkedHint")}
              optionalText={t("form.optional")}
              error={errors.linked}
              value={values.linked ?? []}
              options={eligible.filter((e) => e.classes.length > 0).map((
                e,
              ) => ({
                value: String(e.child.id),
                label: e.child.name,
              }))}
            />
          )}
          <h2>{t("apply.factors")}</h2>
          <p class="hint">{t("apply.factorsHint")}</p>
          <Checkbox
            name="singleParent"
            label={t("apply.singleParent")}
            hint={t("apply.needs", { doc: t("apply.doc.single_parent") })}
            checked={!!values.singleParent}
            error={errors.singleParent}
          />
          <Checkbox
            name="disability"
            label={t("apply.disability")}
            hint={t("apply.needs", { doc: t("apply.doc.disability") })}
            checked={!!values.disability}
            error={errors.disability}
          />
          <Checkbox
            name="dualIncome"
            label={t("apply.dualIncome")}
            hint={family.couple
              ? t("apply.dualIncomeCouple")
              : t("apply.needs", { doc: t("apply.doc.employment") })}
            checked={!!values.dualIncome}
            error={errors.dualIncome}
          />
          <Checkbox
            name="siblingEnrolled"
            label={t("apply.siblingEnrolled")}
            hint={t("apply.needs", { doc: t("apply.doc.sibling") })}
            checked={!!values.siblingEnrolled}
            error={errors.siblingEnrolled}
          />
          <Field
            name="childrenCount"
            type="number"
            inputMode="numeric"
            min="1"
            max="20"
            label={t("apply.childrenCount")}
            hint={t("apply.childrenCountHint")}
            value={first(values, "childrenCount")}
            error={errors.childrenCount}
            required
          />
          <h2>{t("apply.hr")}</h2>
          <dl class="calendar">
            <dt>{t("apply.years")}</dt>
            <dd>
              {family.parents.map((p, i) =>
                t("apply.yearsOf", { name: p.nameKo, years: data.years[i] })
              ).join(", ")}
            </dd>
            <dt>{t("apply.couple")}</dt>
            <dd>{family.couple ? t("apply.yes") : t("apply.no")}</dd>
          </dl>
          <p class="hint">{t("apply.hrHint")}</p>
          <h2 id="field-documents">{t("apply.documents")}</h2>
          {errors.documents && (
            <p class="field-error" id="field-documents-error">
              {errors.documents}
            </p>
          )}
          <ul>
            {needed.map((k: DocumentKind) => (
              <li key={k}>
                {t(`apply.doc.${k}` as MessageKey)}:{" "}
                {have.has(k) ? t("apply.docUploaded") : t("apply.docMissing")}
              </li>
            ))}
          </ul>
          <p>
            <a href={`/rounds/${round.id}/documents`}>
              {missing.length
                ? t("apply.uploadDocuments", { count: missing.length })
                : t("apply.viewDocuments")}
            </a>
          </p>
          <div class="actions">
            {!submitted && (
              <button
                type="submit"
                name="intent"
                value="draft"
                class="secondary"
              >
                {t("apply.saveDraft")}
              </button>
            )}{" "}
            <button type="submit" name="intent" value="submit">
              {submitted ? t("apply.saveChanges") : t("apply.submit")}
            </button>
          </div>
          <p class="hint">
            {submitted && app?.status === "accepted"
              ? t("apply.editAccepted")
              : t("apply.submitHint")}
          </p>
        </Form>
      )}
      {!open && app && <Summary data={data} t={t} />}
      {open && app && (
        <section class="card">
          <h2>{t("apply.withdraw")}</h2>
          <p>{t("apply.withdrawHint")}</p>
          <Form csrfToken={csrfToken} action={`/rounds/${round.id}/apply`}>
            <input type="hidden" name="version" value={String(app.version)} />
            <button
              type="submit"
              name="intent"
              value="withdraw"
              class="secondary"
            >
              {t("apply.withdrawButton")}
            </button>
          </Form>
        </section>
      )}
    </>
  );
}

function Summary({ data, t }: { data: Data; t: Translate }) {
  const recs = new Map(data.round.recruitments.map((r) => [r.id, r]));
  return (
    <section class="card">
      <h2>{t("apply.summary")}</h2>
      <ul>
        {data.app!.children.map((c) => (
          <li key={c.id}>
            {c.name}: {c.choices.map((r, i) => {
              const rec = recs.get(r);
              return `${i + 1}. ${rec?.kindergarten} · ${
                t("round.classAge", { age: rec?.classAge ?? 0 })
              }`;
            }).join(" / ")}
          </li>
        ))}
      </ul>
      <p>
        <a href={`/rounds/${data.round.id}/documents`}>
          {t("apply.viewDocuments")}
        </a>
      </p>
    </section>
  );
}
