import type { Handlers, PageProps } from "$fresh/server.ts";
import { DoneNotice } from "@/components/DoneNotice.tsx";
import { Form } from "@/components/form/mod.ts";
import { PageTitle } from "@/components/PageTitle.tsx";
import {
  HR_FIELD_LABELS,
  type HrFlag,
  openHrFlags,
  resolveHrFlag,
} from "@/domain/hr_flags.ts";
import type { Translate } from "@/i18n/mod.ts";
import { NotFoundError } from "@/utils/errors.ts";
import { formatDateTime } from "@/utils/format.ts";
import { assertAdmin } from "@/utils/guards.ts";
import { parseId, readForm, redirect } from "@/utils/http.ts";
import type { AppState } from "@/utils/state.ts";

interface Data {
  flags: HrFlag[];
}

/** What an HR fact's value reads as (an empty spouse link says so). */
function hrValue(t: Translate, value: string | null): string {
  return value ?? t("hrFlag.none");
}

/**
 * HR changes made after an application deadline, waiting for review: each open flag with the
 * value as of the deadline (what the weight uses) and the value now; the admin marks one
 * resolved once reviewed (POST `flag`).
 */
export const handler: Handlers<Data, AppState> = {
  async GET(_req, ctx) {
    return ctx.render({
      flags: await openHrFlags(ctx.state.services.db, null),
    });
  },
  async POST(_req, ctx) {
    assertAdmin(ctx.state);
    const form = readForm(ctx.state);
    const flagId = parseId(form?.flag);
    if (!flagId) throw new NotFoundError();
    const resolved = await resolveHrFlag(ctx.state.services.db, {
      actorId: ctx.state.account.id,
      flagId,
      now: ctx.state.clock.now(),
    });
    if (!resolved) throw new NotFoundError();
    return redirect("/admin/hr-flags?done=resolved");
  },
};

export default function HrFlagsPage(
  { data, state, url }: PageProps<Data, AppState>,
) {
  const { t, locale } = state;
  return (
    <>
      <PageTitle title={t("hrFlag.title")} t={t} />
      <h1>{t("hrFlag.title")}</h1>
      <DoneNotice
        t={t}
        url={url}
        messages={{ resolved: "hrFlag.resolved" }}
      />
      <p>{t("hrFlag.intro")}</p>
      {data.flags.length === 0
        ? <p class="notice">{t("hrFlag.empty")}</p>
        : (
          <ul class="hr-flags">
            {data.flags.map((f) => (
              <li key={f.id} id={`flag-${f.id}`} class="card">
                <h2>
                  {t("hrFlag.who", { name: f.nameKo, no: f.employeeNo })}
                </h2>
                <dl class="facts">
                  <dt>{t("hrFlag.round")}</dt>
                  <dd>
                    <a href={`/admin/rounds/${f.roundId}`}>{f.roundName}</a>
                    {" · "}
                    {t("hrFlag.application", { id: f.applicationId })}
                  </dd>
                  <dt>{t("hrFlag.field")}</dt>
                  <dd>{t(HR_FIELD_LABELS[f.field])}</dd>
                  <dt>{t("hrFlag.before")}</dt>
                  <dd>{hrValue(t, f.before)}</dd>
                  <dt>{t("hrFlag.after")}</dt>
                  <dd>{hrValue(t, f.after)}</dd>
                  <dt>{t("hrFlag.at")}</dt>
                  <dd>{formatDateTime(f.at, locale)}</dd>
                </dl>
                <p>
                  <a href={`/admin/employees/${f.accountId}`}>
                    {t("hrFlag.employee", { name: f.nameKo })}
                  </a>
                </p>
                <Form
                  csrfToken={state.csrfToken}
                  action="/admin/hr-flags"
                  idempotencyKey
                >
                  <input type="hidden" name="flag" value={f.id} />
                  <button type="submit">{t("hrFlag.resolve")}</button>
                </Form>
              </li>
            ))}
          </ul>
        )}
      <p>
        <a href="/admin">{t("hrFlag.back")}</a>
      </p>
    </>
  );
}
