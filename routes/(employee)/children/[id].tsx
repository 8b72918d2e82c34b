import type { Handlers, PageProps } from "$fresh/server.ts";
import { ChildFields, type ChildValues } from "@/components/ChildFields.tsx";
import { Form } from "@/components/form/mod.ts";
import { PageTitle } from "@/components/PageTitle.tsx";
import {
  type Child,
  familyChild,
  removeChild,
  updateChild,
} from "@/domain/children.ts";
import { childCorrections, type OpenCorrection } from "@/domain/corrections.ts";
import { familyOf } from "@/domain/family.ts";
import { readChildForm, seoulDay } from "@/utils/child_form.ts";
import { NotFoundError } from "@/utils/errors.ts";
import { FORM_ERROR, type FormState } from "@/utils/form.ts";
import { parseId, redirect } from "@/utils/http.ts";
import type { SignedInState } from "@/utils/state.ts";

interface Data {
  child: Child;
  /** Open corrections that name this child (its name or birth date may then change). */
  corrections?: OpenCorrection[];
  state?: FormState<ChildValues>;
  today: string;
}

/** One child of the family: change the name or birth date, or remove the child. */
export const handler: Handlers<Data, SignedInState> = {
  async GET(_req, ctx) {
    const { services, account, clock } = ctx.state;
    const id = parseId(ctx.params.id);
    if (id === null) throw new NotFoundError();
    const family = await familyOf(services.db, account.id);
    const child = await familyChild(services.db, { family, id });
    return ctx.render({
      child,
      corrections: await childCorrections(services.db, id),
      state: {
        values: { name: child.name, birthDate: child.birthDate },
        errors: {},
      },
      today: seoulDay(clock.now()),
    });
  },
  async POST(_req, ctx) {
    const { services, account, clock, form } = ctx.state;
    const id = parseId(ctx.params.id);
    if (id === null) throw new NotFoundError();
    const family = await familyOf(services.db, account.id);
    const child = await familyChild(services.db, { family, id });
    const today = seoulDay(clock.now());
    if (form?.fields.get("intent")?.[0] === "remove") {
      const outcome = await removeChild(services.db, { family, id });
      if (outcome === "removed") return redirect("/children?done=removed");
      const state = {
        values: { name: child.name, birthDate: child.birthDate },
        errors: {
          [FORM_ERROR]: { key: "children.error.inApplication" as const },
        },
      };
      return ctx.render({ child, state, today }, { status: 409 });
    }
    const result = readChildForm(form, today);
    if (!result.ok) {
      return ctx.render({ child, state: result.state, today }, {
        status: result.status,
      });
    }
    const outcome = await updateChild(services.db, {
      family,
      id,
      child: result.data,
      now: clock.now(),
    });
    if (outcome === "updated") return redirect("/children?done=updated");
    const errors = outcome === "closed"
      ? { [FORM_ERROR]: { key: "correction.error.closed" as const } }
      : {
        birthDate: {
          key: outcome === "classChanges"
            ? "correction.error.classChanges" as const
            : "children.error.birthDateLocked" as const,
        },
      };
    const state = { values: result.data, errors };
    return ctx.render({ child, state, today }, { status: 409 });
  },
};

export default function ChildPage(
  { data, state }: PageProps<Data, SignedInState>,
) {
  const { t, csrfToken } = state;
  const title = t("children.edit", { name: data.child.name });
  return (
    <>
      <PageTitle title={title} t={t} />
      <h1>{title}</h1>
      <p>
        <a href="/children">{t("children.back")}</a>
      </p>
      {data.corrections?.map((c) => (
        <section class="card notice" key={c.id}>
          <h2>{t("correction.family.title")}</h2>
          <p>{t("correction.family.childHint")}</p>
          <p class="pre-line">{c.note}</p>
        </section>
      ))}
      <Form csrfToken={csrfToken} action={`/children/${data.child.id}`}>
        <input type="hidden" name="intent" value="save" />
        <ChildFields t={t} state={data.state} today={data.today} />
        <button type="submit">{t("children.save")}</button>
      </Form>
      <section class="card">
        <h2>{t("children.remove")}</h2>
        <p>{t("children.removeHint")}</p>
        <Form csrfToken={csrfToken} action={`/children/${data.child.id}`}>
          <input type="hidden" name="intent" value="remove" />
          <button type="submit" class="secondary">
            {t("children.removeButton", { name: data.child.name })}
          </button>
        </Form>
      </section>
    </>
  );
}
