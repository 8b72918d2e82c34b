import type { Handlers, PageProps } from "$fresh/server.ts";
import { Form } from "@/components/form/mod.ts";
import { PageTitle } from "@/components/PageTitle.tsx";
import { Done } from "@/components/setup/Done.tsx";
import { PhotoUpload } from "@/components/setup/PhotoUpload.tsx";
import {
  type Kindergarten,
  kindergartenById,
  type KindergartenPhoto,
  kindergartenPhotos,
  MAX_PHOTOS,
} from "@/domain/kindergartens.ts";
import { NotFoundError } from "@/utils/errors.ts";
import { parseId } from "@/utils/http.ts";
import type { AppState } from "@/utils/state.ts";

interface Data {
  kg: Kindergarten;
  photos: KindergartenPhoto[];
}

/** One kindergarten: details, classes and photos, and what to do next. */
export const handler: Handlers<Data, AppState> = {
  async GET(_req, ctx) {
    const id = parseId(ctx.params.id);
    const db = ctx.state.services.db;
    const kg = id ? await kindergartenById(db, id) : null;
    if (!kg) throw new NotFoundError();
    return ctx.render({ kg, photos: await kindergartenPhotos(db, kg.id) });
  },
};

export default function KindergartenPage(
  { data, state, url }: PageProps<Data, AppState>,
) {
  const { t } = state;
  const { kg, photos } = data;
  const base = `/admin/kindergartens/${kg.id}`;
  return (
    <>
      <PageTitle title={`${kg.name} · ${t("kg.title")}`} t={t} />
      <h1>{kg.name}</h1>
      <Done t={t} url={url} />
      <p>
        <a class="button" href={`${base}/edit`}>{t("kg.edit")}</a>{" "}
        <a href={`${base}/enrolments`}>{t("kg.enrolments")}</a>{" "}
        <a href={`${base}/delete`}>{t("kgDelete.link")}</a>
      </p>
      <dl class="facts">
        <dt>{t("kg.address")}</dt>
        <dd>{kg.address || "—"}</dd>
        <dt>{t("kg.phone")}</dt>
        <dd>{kg.phone || "—"}</dd>
        <dt>{t("kg.description")}</dt>
        <dd class="pre-line">{kg.description || "—"}</dd>
        <dt>{t("kg.classes")}</dt>
        <dd>
          {kg.classes.length
            ? kg.classes.map((age) => t("setup.age", { age })).join(", ")
            : t("kg.noClasses")}
        </dd>
      </dl>
      <h2>{t("kg.photos")}</h2>
      {photos.length === 0
        ? <p class="notice">{t("kg.photosEmpty")}</p>
        : (
          <ul class="photos">
            {photos.map((p, i) => (
              <li key={p.id}>
                <img
                  src={`/kindergarten-photos/${p.id}`}
                  alt={t("kg.photoAlt", { name: kg.name, n: i + 1 })}
                  loading="lazy"
                />
                <Form
                  csrfToken={state.csrfToken}
                  action={`${base}/photos/${p.id}/delete`}
                  idempotencyKey
                >
                  <button type="submit" class="secondary">
                    {t("kg.deletePhoto")}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        )}
      {photos.length < MAX_PHOTOS
        ? (
          <PhotoUpload
            t={t}
            csrfToken={state.csrfToken}
            kindergartenId={kg.id}
          />
        )
        : <p class="hint">{t("kg.error.photoLimit", { max: MAX_PHOTOS })}</p>}
      <p>
        <a href="/admin/kindergartens">{t("kg.title")}</a>
      </p>
    </>
  );
}
