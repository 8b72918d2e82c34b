/**
 * Amendments (rules.md "The draw and the allocation"; lottery/README.md sections 7.1, 7.2, 8):
 * an admin corrects an error found after the draw, never rewriting the draw. The entrant, as the
 * round's pool weighs it now (review corrected), is added (a child left out of the freeze) or
 * corrected (its weights, tiers or choices), with the u the same seed gives its pseudonym, on
 * the waitlist place its key gives or on an extra seat the admin adds; it displaces no one.
 *
 * In one transaction: the lottery's `amend` appends the amendment to the record and the chain
 * head is published (`draws.chain_head`); `draw_amendments`, the entrant's rows, the
 * registration `amend` event with the holdings after it; the audit row; the round event
 * `amended`; the family's mail with its corrected results, and every family's mail with the new
 * chain head.
 *
 * @module
 */
import {
  amend,
  apply,
  byteCompare,
  chainHead,
  type Entrant,
  pseudonymOf,
  type RegistrationEvent,
  type RoundRecord,
} from "@/lottery/mod.ts";
import { z } from "zod";
import type { Cache } from "@/services/cache.ts";
import {
  choiceField,
  type ParsedForm,
  parseForm,
  textField,
} from "@/utils/form.ts";
import type { Db } from "@/services/db.ts";
import { recordAudit } from "./audit.ts";
import { stateAfterDraw } from "./draw.ts";
import { enqueueAmendmentMails } from "./draw_mail.ts";
import { roundPool } from "./pool.ts";
import { appendRoundEvent, ringRoundDoorbell } from "./round_events.ts";

/** Why an amendment was refused. */
export type AmendRefusal = "not-drawn" | "unknown-entrant" | "invalid";

/** A refused amendment; `detail` is the lottery's message for `invalid`. */
export class AmendRefusedError extends Error {
  /** Why. */
  readonly code: AmendRefusal;
  /** The lottery's reason, for `invalid`. */
  readonly detail: string;

  /** A refusal `code` with the lottery's `detail`. */
  constructor(code: AmendRefusal, detail = "") {
    super(`amendment refused: ${code}${detail ? `: ${detail}` : ""}`);
    this.code = code;
    this.detail = detail;
  }
}

/** The input of {@link amendRound}. */
export interface AmendInput {
  /** The drawn round. */
  roundId: number;
  /** The admin. */
  actorId: number;
  /** The pool entrant (`a{application}-c{child}` or `a{application}-u{unit}`). */
  entrantId: string;
  /** Seats added per recruitment code (optional). */
  extraSeats?: Record<string, number>;
  /** Why (published in the record). */
  reason: string;
  /** A family's report at the freeze that this amendment answers (optional). */
  reportId?: number;
  /** The time of the request. */
  now: Date;
}

/** What {@link amendRound} did. */
export interface AmendOutcome {
  /** The amendment's sequence number. */
  seq: number;
  /** The new chain head, published. */
  chainHead: string;
  /** The entrant's pseudonym. */
  pseudonym: string;
  /** True when it was added, false when an entrant was corrected. */
  added: boolean;
}

interface DrawRow {
  record: RoundRecord;
  drawn_at: Date | null;
  first_window_end: Date;
  second_window_end: Date;
}

/**
 * Appends an amendment to a drawn round (see the module documentation). Throws
 * {@link AmendRefusedError}.
 *
 * @example
 * ```ts
 * const { chainHead } = await amendRound(services, {
 *   roundId, actorId: admin.id, entrantId: "a12-c5", reason: "서류 검토 오류 정정",
 *   now: ctx.state.clock.now(),
 * });
 * ```
 */
export async function amendRound(
  services: { db: Db; cache: Cache; config: { publicOrigin: string } },
  input: AmendInput,
): Promise<AmendOutcome> {
  const { roundId } = input;
  const pool = await roundPool(services.db, roundId);
  const poolEntrant = pool.entrants.find((e) => e.id === input.entrantId);
  const app = poolEntrant &&
    pool.applications.find((a) => a.id === poolEntrant.applicationId);
  if (!poolEntrant || app?.state !== "in_pool") {
    throw new AmendRefusedError("unknown-entrant");
  }
  const outcome = await services.db.transaction(async (tx) => {
    const [draw] = await tx.sql<DrawRow>`
      select d.record, d.drawn_at, r.first_window_end, r.second_window_end
      from draws d join rounds r on r.id = d.round_id
      where d.round_id = ${roundId} for update of d`;
    if (!draw || !draw.drawn_at || !draw.record.secret) {
      throw new AmendRefusedError("not-drawn");
    }
    const secret = draw.record.secret;
    const pseudonym = pseudonymOf(secret, poolEntrant.token);
    const members = poolEntrant.unitId === null
      ? [pseudonym]
      : poolEntrant.members.map((m) => pseudonymOf(secret, m.token)).sort(
        byteCompare,
      );
    const entrant: Entrant = {
      pseudonym,
      members,
      choices: poolEntrant.choices.map((c) => ({
        recruitment: c.code,
        weight: c.weight,
        tier: c.tier,
      })),
    };
    let record: RoundRecord;
    try {
      record = amend(draw.record, {
        entrant,
        ...(input.extraSeats && Object.keys(input.extraSeats).length
          ? { extraSeats: input.extraSeats }
          : {}),
        reason: input.reason,
      });
    } catch (error) {
      throw new AmendRefusedError("invalid", (error as Error).message);
    }
    const amendment = record.amendments!.at(-1)!;
    const head = chainHead(record);
    const [existing] = await tx.sql<{ pseudonym: string }>`
      select pseudonym from draw_entrants
      where round_id = ${roundId} and pseudonym = ${pseudonym}`;
    await tx.sql`update draws set record = ${JSON.stringify(record)}::jsonb,
        chain_head = ${head}
      where round_id = ${roundId}`;
    await tx
      .sql`insert into draw_amendments (round_id, seq, body, created_by, created_at)
      values (${roundId}, ${amendment.seq}, ${JSON.stringify(amendment)}::jsonb,
        ${input.actorId}, ${input.now})`;
    if (existing) {
      await tx.sql`update draw_entrants set u = ${amendment.u},
          placed_code = ${amendment.placed}, amendment_seq = ${amendment.seq}
        where round_id = ${roundId} and pseudonym = ${pseudonym}`;
      await tx.sql`delete from draw_choices
        where round_id = ${roundId} and pseudonym = ${pseudonym}`;
    } else {
      await tx.sql`
        insert into draw_entrants (round_id, pseudonym, members, application_id, child_id,
          unit_id, u, placed_code, amendment_seq)
        values (${roundId}, ${pseudonym}, ${members}, ${poolEntrant.applicationId},
          ${poolEntrant.childId}, ${poolEntrant.unitId}, ${amendment.u},
          ${amendment.placed}, ${amendment.seq})`;
    }
    for (const [position, c] of poolEntrant.choices.entries()) {
      const o = amendment.choices[position];
      await tx.sql`
        insert into draw_choices (round_id, pseudonym, position, recruitment_id, weight, tier,
          addends, key, rank, result, waitlist)
        values (${roundId}, ${pseudonym}, ${position}, ${c.recruitmentId}, ${c.weight},
          ${c.tier}, ${
        JSON.stringify(c.addends)
      }::jsonb, ${o.key}, ${o.rank}, ${o.result},
          ${o.waitlist})`;
    }
    for (const [code, seats] of Object.entries(input.extraSeats ?? {})) {
      if (amendment.placed === code) {
        await tx.sql`update draw_recruitments set seats = seats + ${seats}
          where round_id = ${roundId} and code = ${code}`;
      }
    }
    // Registration: replay the stored events, then the amendment.
    let state = stateAfterDraw(draw.record, {
      calendar: {
        firstWindowEnd: draw.first_window_end.getTime(),
        secondWindowEnd: draw.second_window_end.getTime(),
      },
      drawTime: draw.drawn_at.getTime(),
    });
    const events = await tx.sql<{ event: RegistrationEvent }>`
      select event from registration_events where round_id = ${roundId} order by id`;
    for (const e of events) state = apply(state, e.event).state;
    const event: RegistrationEvent = {
      type: "amend",
      at: Math.max(input.now.getTime(), state.now),
      amendment,
    };
    const step = apply(state, event);
    if (step.error) throw new AmendRefusedError("invalid", step.error);
    await tx
      .sql`insert into registration_events (round_id, at, event, moves, actor_id)
      values (${roundId}, ${new Date(event.at)}, ${
      JSON.stringify(event)
    }::jsonb,
        ${JSON.stringify(step.moves)}::jsonb, ${input.actorId})`;
    await tx.sql`delete from seat_holdings where round_id = ${roundId}`;
    const holders = step.state.recruitments.flatMap((r) =>
      r.holders.map((h) => ({
        code: r.id,
        p: h.entrant,
        status: h.status,
        deadline: h.deadline === null
          ? null
          : new Date(h.deadline).toISOString(),
      }))
    );
    await tx.sql`
      insert into seat_holdings (round_id, recruitment_id, pseudonym, status, deadline,
        updated_at)
      select ${roundId}, dr.recruitment_id, x.p, x.status, x.deadline, ${input.now}
      from jsonb_to_recordset(${JSON.stringify(holders)}::jsonb)
        as x(code text, p text, status text, deadline timestamptz)
      join draw_recruitments dr on dr.round_id = ${roundId} and dr.code = x.code`;
    if (input.reportId !== undefined) {
      await tx.sql`update freeze_reports set amendment_seq = ${amendment.seq}
        where id = ${input.reportId} and round_id = ${roundId}`;
    }
    await recordAudit(tx, {
      actorId: input.actorId,
      action: "draw.amend",
      objectType: "round",
      objectId: roundId,
      before: existing ? { pseudonym } : null,
      after: { seq: amendment.seq, pseudonym, chainHead: head, amendment },
    });
    await appendRoundEvent(tx, {
      roundId,
      kind: "amended",
      payload: { seq: amendment.seq, chainHead: head, pseudonym },
    });
    await enqueueAmendmentMails(tx, {
      roundId,
      familyKey: app.familyKey,
      chainHead: head,
      reason: input.reason,
      publicOrigin: services.config.publicOrigin,
    });
    return {
      seq: amendment.seq,
      chainHead: head,
      pseudonym,
      added: !existing,
    };
  });
  await ringRoundDoorbell(services.cache, roundId).catch(() => {});
  return outcome;
}

/** An entrant of the pool an admin may amend. */
export interface AmendCandidate {
  /** The pool id (`a{application}-c{child}` or `a{application}-u{unit}`). */
  id: string;
  /** The child's name, or the unit's children's names. */
  names: string[];
  /** True when the entrant is in the draw (a correction), false when it would be added. */
  inDraw: boolean;
}

/**
 * The round's accepted entrants (as review weighs them now), with whether each is in the draw.
 *
 * @example
 * ```ts
 * const candidates = await amendCandidates(db, roundId);
 * ```
 */
export async function amendCandidates(
  db: Db,
  roundId: number,
): Promise<AmendCandidate[]> {
  const pool = await roundPool(db, roundId);
  const inPool = new Set(
    pool.applications.filter((a) => a.state === "in_pool").map((a) => a.id),
  );
  const childIds = pool.entrants.flatMap((e) =>
    e.members.map((m) => m.childId)
  );
  const [names, drawn] = await Promise.all([
    db.sql<{ id: number; name: string }>`
      select id, name from children where id = any(${childIds}::int8[])`,
    db.sql<{ application_id: number; child_id: number; unit_id: number }>`
      select application_id, child_id, unit_id from draw_entrants
      where round_id = ${roundId}`,
  ]);
  const nameOf = new Map(names.map((n) => [Number(n.id), n.name]));
  const inDraw = new Set(
    drawn.map((d) =>
      d.child_id === null
        ? `a${d.application_id}-u${d.unit_id}`
        : `a${d.application_id}-c${d.child_id}`
    ),
  );
  return pool.entrants.filter((e) => inPool.has(e.applicationId)).map((e) => ({
    id: e.id,
    names: e.members.map((m) => nameOf.get(m.childId) ?? "?"),
    inDraw: inDraw.has(e.id),
  }));
}

/** The amendment form, parsed. */
export interface AmendForm {
  /** The pool entrant. */
  entrant: string;
  /** Why. */
  reason: string;
  /** A recruitment code for extra seats, or "". */
  extraRecruitment: string;
  /** How many seats it gains (with `extraRecruitment`). */
  extraSeats: number;
}

/**
 * Validates the amendment form: an entrant among `entrants`, a reason, and optionally a class
 * among `codes` with 1 to 100 extra seats.
 *
 * @example
 * ```ts
 * const parsed = parseAmendForm(fields, { entrants: ["a1-c2"], codes: ["k1-age1"] });
 * ```
 */
export function parseAmendForm(
  fields: Map<string, string[]>,
  options: { entrants: string[]; codes: string[] },
): ParsedForm<z.ZodType<AmendForm>> {
  const schema = z.object({
    entrant: options.entrants.length
      ? choiceField(options.entrants as [string, ...string[]])
      : z.string().refine(() => false, { error: "form.error.invalid" }),
    reason: textField({ max: 500, multiline: true }),
    extraRecruitment: z.string().optional().default("").refine(
      (v) => v === "" || options.codes.includes(v),
      { error: "form.error.invalid" },
    ),
    extraSeats: z.string().optional().default("").refine(
      (v) => v === "" || /^[1-9][0-9]?$|^100$/.test(v),
      { error: "form.error.invalid" },
    ),
  });
  const parsed = parseForm(schema, fields);
  if (!parsed.ok) return parsed as ParsedForm<z.ZodType<AmendForm>>;
  const { extraRecruitment, extraSeats } = parsed.data;
  if ((extraRecruitment === "") !== (extraSeats === "")) {
    const field = extraRecruitment === "" ? "extraRecruitment" : "extraSeats";
    return {
      ok: false,
      state: {
        values: parsed.values,
        errors: { [field]: { key: "form.error.required" } },
      },
    } as ParsedForm<z.ZodType<AmendForm>>;
  }
  return {
    ok: true,
    values: parsed.values,
    data: {
      ...parsed.data,
      extraSeats: extraSeats === "" ? 0 : Number(extraSeats),
    },
  } as ParsedForm<z.ZodType<AmendForm>>;
}
