import type { Handlers, PageProps } from "$fresh/server.ts";
import { PageTitle } from "@/components/PageTitle.tsx";
import { Done } from "@/components/setup/Done.tsx";
import {
  type Kindergarten,
  listKindergartens,
} from "@/domain/kindergartens.ts";
import type { AppState } from "@/utils/state.ts";

/** The kindergartens, by name, with their classes. */
export const handler: Handlers<Kindergarten[], AppState> = {
  async GET(_req, ctx) {
    return ctx.render(await listKindergartens(ctx.state.services.db));
  },
};

export default function KindergartensPage(
  { data, state, url }: PageProps<Kindergarten[], AppState>,
) {
  const { t } = state;
  return (
    <>
      <PageTitle title={t("kg.title")} t={t} />
      <h1>{t("kg.title")}</h1>
      <Done t={t} url={url} />
      <p>{t("kg.intro")}</p>
      <p>
        <a class="button" href="/admin/kindergartens/new">{t("kg.new")}</a>
      </p>
      {data.length === 0
        ? <p class="notice">{t("kg.empty")}</p>
        : (
          <div class="table-scroll">
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">{t("kg.name")}</th>
                  <th scope="col">{t("kg.address")}</th>
                  <th scope="col">{t("kg.classes")}</th>
                </tr>
              </thead>
              <tbody>
                {data.map((k) => (
                  <tr key={k.id}>
                    <td>
                      <a href={`/admin/kindergartens/${k.id}`}>{k.name}</a>
                    </td>
                    <td>{k.address}</td>
                    <td>
                      {k.classes.length
                        ? k.classes.map((age) => t("setup.age", { age })).join(
                          ", ",
                        )
                        : t("kg.noClasses")}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
    </>
  );
}
