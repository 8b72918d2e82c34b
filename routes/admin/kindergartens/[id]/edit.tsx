import type { Handlers, PageProps } from "$fresh/server.ts";
import { PageTitle } from "@/components/PageTitle.tsx";
import { KindergartenForm } from "@/components/setup/KindergartenForm.tsx";
import {
  type Kindergarten,
  kindergartenById,
  kindergartenFormValues,
  parseKindergartenForm,
  updateKindergarten,
} from "@/domain/kindergartens.ts";
import { NotFoundError } from "@/utils/errors.ts";
import { type FieldErrors, FORM_ERROR, type FormState } from "@/utils/form.ts";
import { assertAdmin } from "@/utils/guards.ts";
import { parseId, redirect } from "@/utils/http.ts";
import type { AppState } from "@/utils/state.ts";

interface Data {
  kg: Kindergarten;
  state: FormState;
}

async function load(ctx: { params: Record<string, string>; state: AppState }) {
  const id = parseId(ctx.params.id);
  const kg = id ? await kindergartenById(ctx.state.services.db, id) : null;
  if (!kg) throw new NotFoundError();
  return kg;
}

/** Edits a kindergarten's details and classes (a class in use by a recruitment stays). */
export const handler: Handlers<Data, AppState> = {
  async GET(_req, ctx) {
    const kg = await load(ctx);
    return ctx.render({
      kg,
      state: { values: kindergartenFormValues(kg), errors: {} },
    });
  },
  async POST(_req, ctx) {
    assertAdmin(ctx.state);
    const kg = await load(ctx);
    const body = ctx.state.form;
    if (!body || body.malformed || body.tooLarge) {
      const errors = { [FORM_ERROR]: { key: "form.error.malformed" as const } };
      return ctx.render({ kg, state: { values: {}, errors } }, { status: 400 });
    }
    const parsed = parseKindergartenForm(body.fields);
    if (!parsed.ok) {
      return ctx.render({ kg, state: parsed.state }, { status: 400 });
    }
    const outcome = await updateKindergarten(ctx.state.services.db, {
      actorId: ctx.state.account.id,
      id: kg.id,
      input: parsed.data,
    });
    if (outcome.ok) {
      return redirect(`/admin/kindergartens/${kg.id}?done=kgSaved`);
    }
    if (outcome.reason === "notFound") throw new NotFoundError();
    const errors: FieldErrors = outcome.reason === "nameTaken"
      ? { name: { key: "kg.error.nameTaken" } }
      : {
        classes: {
          key: "kg.error.classInUse",
          params: {
            ages: "ages" in outcome ? outcome.ages.join(", ") : "",
          },
        },
      };
    return ctx.render({ kg, state: { values: parsed.values, errors } }, {
      status: 409,
    });
  },
};

export default function EditKindergartenPage(
  { data, state }: PageProps<Data, AppState>,
) {
  const { t } = state;
  const title = t("kg.editTitle", { name: data.kg.name });
  return (
    <section class="card">
      <PageTitle title={title} t={t} />
      <h1>{title}</h1>
      <KindergartenForm
        t={t}
        csrfToken={state.csrfToken}
        action={`/admin/kindergartens/${data.kg.id}/edit`}
        state={data.state}
      />
      <p>
        <a href={`/admin/kindergartens/${data.kg.id}`}>{t("setup.cancel")}</a>
      </p>
    </section>
  );
}
