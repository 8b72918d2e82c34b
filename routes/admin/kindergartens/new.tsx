import type { Handlers, PageProps } from "$fresh/server.ts";
import { PageTitle } from "@/components/PageTitle.tsx";
import { KindergartenForm } from "@/components/setup/KindergartenForm.tsx";
import {
  createKindergarten,
  parseKindergartenForm,
} from "@/domain/kindergartens.ts";
import { FORM_ERROR, type FormState } from "@/utils/form.ts";
import { assertAdmin } from "@/utils/guards.ts";
import { redirect } from "@/utils/http.ts";
import type { AppState } from "@/utils/state.ts";

/** Adds a kindergarten with its classes. */
export const handler: Handlers<FormState | undefined, AppState> = {
  GET(_req, ctx) {
    return ctx.render(undefined);
  },
  async POST(_req, ctx) {
    assertAdmin(ctx.state);
    const body = ctx.state.form;
    if (!body || body.malformed || body.tooLarge) {
      const errors = { [FORM_ERROR]: { key: "form.error.malformed" as const } };
      return ctx.render({ values: {}, errors }, { status: 400 });
    }
    const parsed = parseKindergartenForm(body.fields);
    if (!parsed.ok) return ctx.render(parsed.state, { status: 400 });
    const outcome = await createKindergarten(ctx.state.services.db, {
      actorId: ctx.state.account.id,
      input: parsed.data,
    });
    if (!outcome.ok) {
      const errors = { name: { key: "kg.error.nameTaken" as const } };
      return ctx.render({ values: parsed.values, errors }, { status: 409 });
    }
    return redirect(`/admin/kindergartens/${outcome.id}?done=kgCreated`);
  },
};

export default function NewKindergartenPage(
  { data, state }: PageProps<FormState | undefined, AppState>,
) {
  const { t } = state;
  return (
    <section class="card">
      <PageTitle title={t("kg.createTitle")} t={t} />
      <h1>{t("kg.createTitle")}</h1>
      <KindergartenForm
        t={t}
        csrfToken={state.csrfToken}
        action="/admin/kindergartens/new"
        state={data}
      />
      <p>
        <a href="/admin/kindergartens">{t("setup.cancel")}</a>
      </p>
    </section>
  );
}
