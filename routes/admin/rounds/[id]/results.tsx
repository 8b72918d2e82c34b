import type { Handlers, PageProps } from "$fresh/server.ts";
import { classLabel } from "@/components/draw/labels.ts";
import { PageTitle } from "@/components/PageTitle.tsx";
import { recordAudit } from "@/domain/audit.ts";
import { statusText } from "@/domain/draw_mail.ts";
import {
  type ClassResults,
  classResults,
  entrantResults,
} from "@/domain/draw_results.ts";
import { NotFoundError } from "@/utils/errors.ts";
import { assertAdmin } from "@/utils/guards.ts";
import { parseId } from "@/utils/http.ts";
import type { AppState } from "@/utils/state.ts";

interface Data {
  round: { id: number; name: string };
  drawn: boolean;
  classes: ClassResults[];
}

/**
 * A drawn round's results by class, for admins: who holds each seat and the waitlist, with
 * names (never public), and the counts. Showing names is audited.
 */
export const handler: Handlers<Data, AppState> = {
  async GET(_req, ctx) {
    assertAdmin(ctx.state);
    const id = parseId(ctx.params.id);
    if (id === null) throw new NotFoundError();
    const db = ctx.state.services.db;
    const [round] = await db.sql<{ id: number; name: string; drawn: boolean }>`
      select r.id, r.name, d.seed is not null as drawn
      from rounds r left join draws d on d.round_id = r.id where r.id = ${id}`;
    if (!round) throw new NotFoundError();
    const seats = await db.sql<{ recruitment_id: number; seats: number }>`
      select recruitment_id, seats from draw_recruitments where round_id = ${id}`;
    const classes = round.drawn
      ? classResults(
        await entrantResults(db, { roundId: id }),
        new Map(seats.map((s) => [Number(s.recruitment_id), Number(s.seats)])),
      )
      : [];
    if (round.drawn) {
      await recordAudit(db, {
        actorId: ctx.state.account.id,
        action: "draw.results.view",
        objectType: "round",
        objectId: id,
      });
    }
    return ctx.render({
      round: { id: Number(round.id), name: round.name },
      drawn: round.drawn,
      classes,
    });
  },
};

export default function ResultsPage(
  { data, state }: PageProps<Data, AppState>,
) {
  const { t, locale } = state;
  const title = t("results.admin.title", { name: data.round.name });
  const names = (n: string[]) => n.join(", ");
  return (
    <section class="card">
      <PageTitle title={title} t={t} />
      <h1>{title}</h1>
      {!data.drawn
        ? <p class="notice">{t("results.admin.notDrawn")}</p>
        : <p class="hint">{t("results.admin.intro")}</p>}
      {data.classes.map((c) => (
        <section key={c.recruitmentId} data-code={c.code}>
          <h2>{classLabel(t, c)}</h2>
          <p>
            {t("results.admin.counts", {
              applicants: c.applicants,
              withdrawn: c.withdrawn,
            })}
          </p>
          <h3>
            {t("results.admin.holders", {
              count: c.holders.length,
              seats: c.seats,
            })}
          </h3>
          {c.holders.length === 0
            ? <p>{t("results.admin.empty")}</p>
            : (
              <ol class="holders">
                {c.holders.map((h, i) => (
                  <li key={i}>
                    {names(h.names)} · {statusText(
                      t,
                      {
                        status: h.status,
                        deadline: null,
                        waitlist: null,
                        rank: h.rank,
                      },
                      locale,
                    )}
                  </li>
                ))}
              </ol>
            )}
          <h3>{t("results.admin.waitlist", { count: c.waitlist.length })}</h3>
          {c.waitlist.length === 0
            ? <p>{t("results.admin.empty")}</p>
            : (
              <ol class="waitlist">
                {c.waitlist.map((w, i) => (
                  <li key={i}>
                    {names(w.names)} · {t("results.status.waitlist", {
                      waitlist: w.waitlist ?? "-",
                      rank: w.rank ?? "-",
                    })}
                  </li>
                ))}
              </ol>
            )}
        </section>
      ))}
      <p class="row">
        <a href={`/admin/rounds/${data.round.id}/draw`}>{t("draw.open")}</a>
        {data.drawn && (
          <a href={`/admin/rounds/${data.round.id}/amend`}>
            {t("amend.open")}
          </a>
        )}
        <a href={`/admin/rounds/${data.round.id}`}>{data.round.name}</a>
      </p>
    </section>
  );
}
