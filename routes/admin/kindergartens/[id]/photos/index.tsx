import type { Handlers, PageProps } from "$fresh/server.ts";
import { PageTitle } from "@/components/PageTitle.tsx";
import { PhotoUpload } from "@/components/setup/PhotoUpload.tsx";
import {
  addPhoto,
  type Kindergarten,
  kindergartenById,
  MAX_PHOTO_BYTES,
  MAX_PHOTOS,
} from "@/domain/kindergartens.ts";
import type { MessageKey } from "@/i18n/mod.ts";
import { NotFoundError } from "@/utils/errors.ts";
import {
  bodyProblem,
  type FieldErrors,
  formatBytes,
  translateErrors,
} from "@/utils/form.ts";
import { assertAdmin } from "@/utils/guards.ts";
import { parseId, redirect } from "@/utils/http.ts";
import type { AppState } from "@/utils/state.ts";

interface Data {
  kg: Kindergarten;
  errors: FieldErrors;
}

async function load(ctx: { params: Record<string, string>; state: AppState }) {
  const id = parseId(ctx.params.id);
  const kg = id ? await kindergartenById(ctx.state.services.db, id) : null;
  if (!kg) throw new NotFoundError();
  return kg;
}

const REFUSALS: Record<
  string,
  { key: MessageKey; params?: Record<string, string | number> }
> = {
  empty: { key: "form.error.fileEmpty" },
  tooLarge: {
    key: "form.error.fileTooLarge",
    params: { limit: formatBytes(MAX_PHOTO_BYTES) },
  },
  type: { key: "kg.error.photoType" },
  limit: { key: "kg.error.photoLimit", params: { max: MAX_PHOTOS } },
};

/** Uploads one photo of a kindergarten; a refused one comes back here with the reason. */
export const handler: Handlers<Data, AppState> = {
  async GET(_req, ctx) {
    return ctx.render({ kg: await load(ctx), errors: {} });
  },
  async POST(_req, ctx) {
    assertAdmin(ctx.state);
    const kg = await load(ctx);
    const body = ctx.state.form;
    const problem = body
      ? bodyProblem(body, { fileField: "photo", limit: MAX_PHOTO_BYTES })
      : {
        status: 400 as const,
        errors: { _form: { key: "form.error.malformed" as const } },
      };
    if (problem) {
      return ctx.render({ kg, errors: problem.errors }, {
        status: problem.status,
      });
    }
    const file = body?.file;
    if (!file || file.field !== "photo") {
      return ctx.render({
        kg,
        errors: { photo: { key: "form.error.required" } },
      }, {
        status: 400,
      });
    }
    const outcome = await addPhoto(
      ctx.state.services.db,
      ctx.state.services.storage,
      {
        actorId: ctx.state.account.id,
        kindergartenId: kg.id,
        bytes: file.bytes,
      },
    );
    if (outcome.ok) {
      return redirect(`/admin/kindergartens/${kg.id}?done=photoAdded`);
    }
    if (outcome.reason === "notFound") throw new NotFoundError();
    const status = outcome.reason === "tooLarge"
      ? 413
      : outcome.reason === "limit"
      ? 409
      : 400;
    return ctx.render({ kg, errors: { photo: REFUSALS[outcome.reason] } }, {
      status,
    });
  },
};

export default function PhotoUploadPage(
  { data, state }: PageProps<Data, AppState>,
) {
  const { t } = state;
  const title = `${t("kg.addPhoto")}: ${data.kg.name}`;
  return (
    <section class="card">
      <PageTitle title={title} t={t} />
      <h1>{title}</h1>
      <PhotoUpload
        t={t}
        csrfToken={state.csrfToken}
        kindergartenId={data.kg.id}
        errors={translateErrors(data.errors, t)}
      />
      <p>
        <a href={`/admin/kindergartens/${data.kg.id}`}>{t("setup.cancel")}</a>
      </p>
    </section>
  );
}
