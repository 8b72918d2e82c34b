import type { Handlers, PageProps } from "$fresh/server.ts";
import { Form } from "@/components/form/mod.ts";
import { PageTitle } from "@/components/PageTitle.tsx";
import { Done } from "@/components/setup/Done.tsx";
import {
  AMOUNT_FACTORS,
  points,
  type RecruitmentSetup,
  roundRecruitments,
} from "@/domain/recruitment_setup.ts";
import {
  CALENDAR_FIELDS,
  isLocked,
  roundFieldLabel,
  type RoundSetup,
  roundSetup,
} from "@/domain/round_setup.ts";
import type { MessageKey } from "@/i18n/mod.ts";
import { formatDateTime } from "@/utils/format.ts";
import { NotFoundError } from "@/utils/errors.ts";
import { parseId } from "@/utils/http.ts";
import type { AppState } from "@/utils/state.ts";
import { classBirthYear } from "@/domain/children.ts";

interface Data {
  round: RoundSetup;
  recruitments: RecruitmentSetup[];
  locked: boolean;
}

/** One round: its settings, its recruitments, and what the admin can do next. */
export const handler: Handlers<Data, AppState> = {
  async GET(_req, ctx) {
    const id = parseId(ctx.params.id);
    const db = ctx.state.services.db;
    const round = id ? await roundSetup(db, id) : null;
    if (!round) throw new NotFoundError();
    const recruitments = await roundRecruitments(db, round.id);
    const locked = isLocked(round, ctx.state.clock.now());
    return ctx.render({ round, recruitments, locked });
  },
};

export default function RoundPage(
  { data, state, url }: PageProps<Data, AppState>,
) {
  const { t, locale } = state;
  const { round, locked } = data;
  const at = (d: Date) => formatDateTime(d, locale);
  const base = `/admin/rounds/${round.id}`;
  return (
    <>
      <PageTitle title={`${round.name} · ${t("roundForm.title")}`} t={t} />
      <h1>{round.name}</h1>
      <Done t={t} url={url} />
      <p class={locked ? "notice" : "hint"}>
        {locked
          ? t("setup.lockedShort", { at: at(round.applicationsOpenAt) })
          : t("setup.editableUntil", { at: at(round.applicationsOpenAt) })}
      </p>
      <p class="row">
        {!locked && (
          <a class="button" href={`${base}/edit`}>{t("roundForm.edit")}</a>
        )}
        <a href={`/admin/rounds/new?from=${round.id}`}>{t("roundForm.copy")}</a>
        {round.status !== "draft" && (
          <a href={`/admin/review?round=${round.id}&status=all`}>
            {t("adminNav.review")}
          </a>
        )}
        {round.status !== "draft" && (
          <a href={`${base}/freeze`}>
            {["frozen", "drawn", "closed"].includes(round.status)
              ? t("freeze.linkFrozen")
              : t("freeze.link")}
          </a>
        )}
        {(round.status === "frozen" || round.status === "drawn") && (
          <>
            <a href={`${base}/draw`}>{t("draw.open")}</a>
            <a href={`${base}/results`}>{t("draw.resultsLink")}</a>
            {round.status === "drawn" && (
              <a href={`${base}/amend`}>{t("amend.open")}</a>
            )}
          </>
        )}
      </p>
      {round.status === "draft" && (
        <Form
          csrfToken={state.csrfToken}
          action={`${base}/publish`}
          idempotencyKey
        >
          <p class="hint">{t("roundForm.publishHint")}</p>
          <button type="submit">{t("roundForm.publish")}</button>
        </Form>
      )}
      <h2>{t("roundForm.details")}</h2>
      <dl class="facts">
        <dt>{t("roundForm.listStatus")}</dt>
        <dd>{t(`roundForm.status.${round.status}` as MessageKey)}</dd>
        <dt>{t("roundForm.enrolmentYear")}</dt>
        <dd>{round.enrolmentYear}</dd>
        {CALENDAR_FIELDS.map((f) => [
          <dt key={`${f}-t`}>{t(roundFieldLabel(f))}</dt>,
          <dd key={`${f}-d`}>{at(round[f])}</dd>,
        ])}
        <dt>{t("roundForm.beaconName")}</dt>
        <dd>
          {t(`roundForm.kind.${round.beaconKind}`)}: {round.beaconName}
          <br />
          {t("roundForm.beaconScheduledAt")}: {at(round.beaconScheduledAt)}
          <br />
          {t("roundForm.beaconDeadline")}: {at(round.beaconDeadline)}
        </dd>
        <dt>{t("roundForm.fallbackName")}</dt>
        <dd>
          {t(`roundForm.kind.${round.fallbackKind}`)}: {round.fallbackName}
          <br />
          {t("roundForm.fallbackScheduledAt")}: {at(round.fallbackScheduledAt)}
        </dd>
        <dt>{t("roundForm.requiresSecondApproval")}</dt>
        <dd>{round.requiresSecondApproval ? "✓" : "—"}</dd>
      </dl>
      <h2>{t("roundForm.recruitments")}</h2>
      {data.recruitments.length === 0
        ? <p class="notice">{t("roundForm.recruitmentsEmpty")}</p>
        : (
          <div class="table-scroll">
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">{t("roundForm.class")}</th>
                  <th scope="col">{t("roundForm.seats")}</th>
                  <th scope="col">{t("roundForm.factors")}</th>
                  <th scope="col">{t("roundForm.tiers")}</th>
                </tr>
              </thead>
              <tbody>
                {data.recruitments.map((r) => (
                  <tr key={r.id}>
                    <td>
                      {r.kindergarten} · {t("setup.ageBorn", {
                        age: r.classAge,
                        year: classBirthYear(round.enrolmentYear, r.classAge),
                      })}
                      {!locked && (
                        <>
                          <br />
                          <a href={`${base}/recruitments/${r.id}`}>
                            {t("roundForm.editRecruitment")}
                          </a>
                          {" · "}
                          <a href={`${base}/recruitments/${r.id}/delete`}>
                            {t("roundForm.deleteRecruitment")}
                          </a>
                        </>
                      )}
                    </td>
                    <td>{r.seats}</td>
                    <td>
                      {t("roundForm.base")} {points(r.settings.base)}
                      {AMOUNT_FACTORS.filter((f) => r.settings[f] !== null).map(
                        (
                          f,
                        ) => (
                          <span key={f}>
                            , {t(`roundForm.factor.${f}`)}{" "}
                            {points(r.settings[f]!)}
                          </span>
                        ),
                      )}
                    </td>
                    <td>
                      {r.settings.tiers.length === 0
                        ? t("roundForm.tierNone")
                        : (
                          <ol>
                            {r.settings.tiers.map((tier, i) => (
                              <li key={i}>
                                {tier.map((f) => t(`roundForm.factor.${f}`))
                                  .join(" + ")}
                              </li>
                            ))}
                          </ol>
                        )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      {!locked && (
        <p>
          <a class="button" href={`${base}/recruitments/new`}>
            {t("roundForm.addRecruitment")}
          </a>
        </p>
      )}
      <p>
        <a href="/admin/rounds">{t("roundForm.title")}</a>
      </p>
    </>
  );
}
