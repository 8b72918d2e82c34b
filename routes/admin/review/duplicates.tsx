import type { Handlers, PageProps } from "$fresh/server.ts";
import { z } from "zod";
import { DoneNotice } from "@/components/DoneNotice.tsx";
import { ErrorSummary, Form, TextArea } from "@/components/form/mod.ts";
import { PageTitle } from "@/components/PageTitle.tsx";
import {
  type DuplicateChild,
  duplicateChildren,
} from "@/domain/applications.ts";
import {
  markDifferentChildren,
  removeChildFromApplication,
} from "@/domain/review.ts";
import { allRounds, type RoundSummary } from "@/domain/rounds.ts";
import type { MessageKey } from "@/i18n/mod.ts";
import { NotFoundError } from "@/utils/errors.ts";
import {
  type FieldErrors,
  FORM_ERROR,
  type FormValues,
  parseForm,
  textField,
  translateErrors,
} from "@/utils/form.ts";
import { parseId, redirect } from "@/utils/http.ts";
import type { SignedInState } from "@/utils/state.ts";

interface Data {
  round: RoundSummary;
  duplicates: DuplicateChild[];
  /** The removal form that came back with messages: which one, what was typed, why. */
  failed: {
    key: string;
    values: FormValues<{ reason: string }>;
    errors: FieldErrors;
  } | null;
}

const DONE: Record<string, MessageKey> = {
  different: "dupe.done.different",
  removed: "dupe.done.removed",
};

const Remove = z.object({ reason: textField({ max: 1000, multiline: true }) });

async function load(
  ctx: { url: URL; state: SignedInState },
): Promise<Omit<Data, "failed">> {
  const db = ctx.state.services.db;
  const roundId = parseId(ctx.url.searchParams.get("round") ?? undefined);
  const rounds = (await allRounds(db)).filter((r) => r.status !== "draft");
  const round = roundId === null
    ? rounds[0]
    : rounds.find((r) => r.id === roundId);
  if (!round) throw new NotFoundError();
  return { round, duplicates: await duplicateChildren(db, round.id) };
}

/**
 * The children named in two applications of a round, each pair resolved by an admin: the two
 * are different children, or the child is taken out of one application (its family is mailed
 * why). Every resolution is audited.
 */
export const handler: Handlers<Data, SignedInState> = {
  async GET(_req, ctx) {
    return ctx.render({ ...await load(ctx), failed: null });
  },
  async POST(_req, ctx) {
    const base = await load(ctx);
    const { services, account, clock, form } = ctx.state;
    const formError = (key: MessageKey, status: number) =>
      ctx.render({
        ...base,
        failed: { key: "", values: {}, errors: { [FORM_ERROR]: { key } } },
      }, { status });
    const back = (done: string) =>
      redirect(`/admin/review/duplicates?round=${base.round.id}&done=${done}`);
    if (!form || form.malformed || form.tooLarge) {
      return formError("form.error.malformed", 400);
    }
    const field = (name: string) => form.fields.get(name)?.[0];
    if (field("intent") === "different") {
      const a = parseId(field("childA"));
      const b = parseId(field("childB"));
      if (a === null || b === null) throw new NotFoundError();
      await markDifferentChildren(services.db, {
        actorId: account.id,
        roundId: base.round.id,
        childIds: [a, b],
        now: clock.now(),
      });
      return back("different");
    }
    if (field("intent") === "remove") {
      const applicationId = parseId(field("application"));
      const childId = parseId(field("child"));
      const known = base.duplicates.some((d) =>
        d.entries.some((e) =>
          e.applicationId === applicationId && e.childId === childId
        )
      );
      if (applicationId === null || childId === null || !known) {
        throw new NotFoundError();
      }
      const parsed = parseForm(Remove, form.fields);
      if (!parsed.ok) {
        return ctx.render({
          ...base,
          failed: {
            key: `${applicationId}-${childId}`,
            values: parsed.state.values,
            errors: parsed.state.errors,
          },
        }, { status: 400 });
      }
      const outcome = await removeChildFromApplication(services.db, {
        actorId: account.id,
        applicationId,
        childId,
        reason: parsed.data.reason,
        now: clock.now(),
      });
      if (!outcome.ok) return formError("review.error.frozen", 409);
      return back("removed");
    }
    return formError("form.error.malformed", 400);
  },
};

export default function DuplicatesPage(
  { data, state, url }: PageProps<Data, SignedInState>,
) {
  const { t, csrfToken } = state;
  const { round } = data;
  const title = t("dupe.pageTitle", { round: round.name });
  const action = `/admin/review/duplicates?round=${round.id}`;
  const formError = data.failed?.key === "" && data.failed.errors[FORM_ERROR]
    ? translateErrors(data.failed.errors, t)[FORM_ERROR]
    : null;
  return (
    <>
      <PageTitle title={title} t={t} />
      <p>
        <a href={`/admin/review?round=${round.id}`}>{t("dupe.back")}</a>
      </p>
      <h1>{title}</h1>
      <DoneNotice t={t} url={url} messages={DONE} />
      {formError && <p class="field-error" role="alert">{formError}</p>}
      <p>{t("dupe.intro")}</p>
      {data.duplicates.length === 0 && <p class="notice">{t("dupe.none")}</p>}
      {data.duplicates.map((d) => {
        const pairs = d.entries.flatMap((x, i) =>
          d.entries.slice(i + 1)
            .filter((y) =>
              y.applicationId !== x.applicationId && y.childId !== x.childId
            )
            .map((y) => [x, y] as const)
        );
        return (
          <section
            class="card"
            key={`${d.name}-${d.birthDate}`}
            aria-label={t("dupe.child", {
              name: d.name,
              birthDate: d.birthDate,
            })}
          >
            <h2>{t("dupe.child", { name: d.name, birthDate: d.birthDate })}</h2>
            {pairs.map(([x, y]) => (
              <Form
                key={`${x.childId}-${y.childId}`}
                csrfToken={csrfToken}
                action={action}
              >
                <input type="hidden" name="intent" value="different" />
                <input type="hidden" name="childA" value={String(x.childId)} />
                <input type="hidden" name="childB" value={String(y.childId)} />
                <button type="submit" class="secondary">
                  {t("dupe.markDifferent", {
                    a: x.applicationId,
                    b: y.applicationId,
                  })}
                </button>
              </Form>
            ))}
            {d.entries.map((e) => {
              const key = `${e.applicationId}-${e.childId}`;
              const failed = data.failed?.key === key ? data.failed : null;
              const errors = translateErrors(failed?.errors ?? {}, t);
              const id = `field-reason-${key}`;
              const reason = failed?.values.reason;
              return (
                <Form key={key} csrfToken={csrfToken} action={action}>
                  <h3>
                    <a href={`/admin/review/${e.applicationId}`}>
                      {t("review.queue.applicationNo", {
                        id: e.applicationId,
                      })}
                    </a>
                    {` · ${e.name}`}
                  </h3>
                  <input type="hidden" name="intent" value="remove" />
                  <input
                    type="hidden"
                    name="application"
                    value={String(e.applicationId)}
                  />
                  <input type="hidden" name="child" value={String(e.childId)} />
                  {failed && (
                    <ErrorSummary
                      t={t}
                      errors={errors}
                      labels={{ reason: t("dupe.reason") }}
                      ids={{ reason: id }}
                    />
                  )}
                  <TextArea
                    name="reason"
                    id={id}
                    label={t("dupe.reason")}
                    hint={t("dupe.reasonHint")}
                    value={typeof reason === "string" ? reason : ""}
                    error={errors.reason}
                    rows={2}
                    maxLength={1000}
                  />
                  <button type="submit" class="secondary">
                    {t("dupe.remove", {
                      name: e.name,
                      id: e.applicationId,
                    })}
                  </button>
                </Form>
              );
            })}
          </section>
        );
      })}
    </>
  );
}
