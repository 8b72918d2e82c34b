/**
 * The draw of a frozen round (rules.md "The draw and the allocation", "Verifiable randomness";
 * lottery/README.md sections 4, 6, 7, 8): an admin enters the beacon's value, and the round is
 * drawn exactly once.
 *
 * - Refused before the used beacon's scheduled time; the fallback only after the primary's
 *   deadline (both taken from the frozen record, which the digest binds).
 * - The value must have the beacon kind's documented format (`parseBeaconValue`).
 * - With `requires_second_approval`, the first admin's value is kept pending on the draws row
 *   (`beacon_value`, `beacon_used`, `beacon_entered_by`, `seed` still null); a different admin
 *   entering the same value draws. The first admin may replace a pending value; another admin's
 *   different value is refused. Without it, the form asks for the value twice (the route).
 * - Exactly once: one transaction locks the draws row `for update`. A later trigger with the
 *   same value and beacon answers the existing draw; a different one is refused.
 * - In that transaction: the secret is unsealed and revealed, `runDraw` runs, the record and
 *   the outcome columns are stored, each withdrawal kept since the freeze is applied as the
 *   registration `withdraw` event (stored with its moves, the holdings after it in
 *   `seat_holdings`), the round becomes `drawn`, the audit row, the round event `drawn` (for
 *   the watching browsers: pseudonyms only) and every family's result mail are written.
 *
 * @module
 */
import {
  apply,
  BEACON_EXAMPLES,
  type BeaconUsed,
  canonicalEntrants,
  canonicalRecruitments,
  initialState,
  parseBeaconValue,
  type RegistrationEvent,
  type RegistrationState,
  type RoundRecord,
  runDraw,
  usedEvent,
} from "@/lottery/mod.ts";
import { z } from "zod";
import type { Cache } from "@/services/cache.ts";
import {
  choiceField,
  type FieldError,
  type ParsedForm,
  parseForm,
  textField,
} from "@/utils/form.ts";
import type { Db } from "@/services/db.ts";
import { recordAudit } from "./audit.ts";
import { unsealDrawSecret } from "./draw_secret.ts";
import { enqueueDrawResultMails } from "./draw_mail.ts";

export { BEACON_SOURCES } from "./draw_mail.ts";
import { appendRoundEvent, ringRoundDoorbell } from "./round_events.ts";

/** Why a draw was refused; the route shows the message beside `field`. */
export type DrawRefusal =
  | "not-frozen"
  | "too-early"
  | "fallback-too-early"
  | "format"
  | "already-drawn-other"
  | "pending-other";

/** A refused draw, with the field the message belongs beside. */
export class DrawRefusedError extends Error {
  /** Why. */
  readonly code: DrawRefusal;
  /** `beaconValue`, `source` or `_form`. */
  readonly field: "beaconValue" | "source" | "_form";
  /** Values for the message (the format example, the time). */
  readonly params: Record<string, string>;

  /** A refusal `code` shown beside `field`. */
  constructor(
    code: DrawRefusal,
    field: "beaconValue" | "source" | "_form",
    params: Record<string, string> = {},
  ) {
    super(`draw refused: ${code}`);
    this.code = code;
    this.field = field;
    this.params = params;
  }
}

/** The input of {@link runRoundDraw}. */
export interface RunDrawInput {
  /** The frozen round. */
  roundId: number;
  /** The admin entering the value. */
  actorId: number;
  /** The used beacon's value, as entered. */
  beaconValue: string;
  /** Which announced beacon gave it. */
  source: BeaconUsed;
  /** The time of the request (the app's clock). */
  now: Date;
}

/** What a trigger of the draw gave. */
export type RunDrawOutcome =
  | {
    /** The round is drawn (by this trigger or an earlier one). */
    status: "drawn";
    /** True when an earlier trigger drew it and this one only answers its result. */
    existing: boolean;
    /** The seed (64 hex). */
    seed: string;
    /** The entry digest published at the freeze. */
    digest: string;
  }
  | {
    /** The value waits for a second admin. */
    status: "pending";
    /** Who entered it. */
    enteredBy: number;
  };

/** The services the draw needs. */
export interface DrawServices {
  /** The database. */
  db: Db;
  /** Rings the round's doorbell after the commit. */
  cache: Cache;
  /** `drawSecretKey` opens the sealed secret. */
  config: { drawSecretKey: string; publicOrigin: string };
}

interface DrawRow {
  round_id: number;
  secret_sealed: string | null;
  digest: string;
  beacon_value: string | null;
  beacon_used: BeaconUsed | null;
  beacon_entered_by: number | null;
  seed: string | null;
  record: RoundRecord;
}

interface RoundRow {
  status: string;
  name: string;
  requires_second_approval: boolean;
  first_window_end: Date;
  second_window_end: Date;
}

/**
 * Checks a value against the kind of the beacon `source` names in the frozen record, and the
 * time rules; throws {@link DrawRefusedError}.
 */
export function checkBeaconEntry(
  record: RoundRecord,
  options: { beaconValue: string; source: BeaconUsed; now: Date },
): void {
  const beacon = record.beacon;
  const now = options.now.getTime();
  if (options.source === "primary" && now < beacon.scheduledAt) {
    throw new DrawRefusedError("too-early", "beaconValue", {
      at: String(beacon.scheduledAt),
    });
  }
  if (
    options.source === "fallback" &&
    (now < beacon.deadline || now < beacon.fallback.scheduledAt)
  ) {
    throw new DrawRefusedError("fallback-too-early", "source", {
      at: String(Math.max(beacon.deadline, beacon.fallback.scheduledAt)),
    });
  }
  const kind =
    usedEvent({ ...beacon, used: options.source, value: options.beaconValue })
      .kind;
  const check = parseBeaconValue(kind, options.beaconValue);
  if (!check.ok) {
    throw new DrawRefusedError("format", "beaconValue", {
      example: BEACON_EXAMPLES[kind],
      detail: check.message,
    });
  }
}

/**
 * Draws the round once (see the module documentation), or keeps the value pending a second
 * admin. Throws {@link DrawRefusedError} when refused and `NotFoundError`-like `Error` when the
 * round has no frozen draw row.
 *
 * @example
 * ```ts
 * const outcome = await runRoundDraw(services, {
 *   roundId, actorId: admin.id, beaconValue: "1203:3,11,19,28,35,44+7",
 *   source: "primary", now: ctx.state.clock.now(),
 * });
 * ```
 */
export async function runRoundDraw(
  services: DrawServices,
  input: RunDrawInput,
): Promise<RunDrawOutcome> {
  const value = input.beaconValue.trim();
  const outcome = await services.db.transaction(async (tx) => {
    const [draw] = await tx.sql<DrawRow>`
      select round_id, secret_sealed, digest, beacon_value, beacon_used, beacon_entered_by,
        seed, record
      from draws where round_id = ${input.roundId} for update`;
    if (!draw) throw new DrawRefusedError("not-frozen", "_form");
    if (draw.seed !== null) {
      if (draw.beacon_value === value && draw.beacon_used === input.source) {
        return {
          status: "drawn" as const,
          existing: true,
          seed: draw.seed,
          digest: draw.digest,
        };
      }
      throw new DrawRefusedError("already-drawn-other", "beaconValue");
    }
    const [round] = await tx.sql<RoundRow>`
      select status, name, requires_second_approval, first_window_end, second_window_end
      from rounds where id = ${input.roundId} for update`;
    if (round.status !== "frozen") {
      throw new DrawRefusedError("not-frozen", "_form");
    }
    checkBeaconEntry(draw.record, {
      beaconValue: value,
      source: input.source,
      now: input.now,
    });
    let approvedBy: number | null = null;
    let enteredBy = input.actorId;
    if (round.requires_second_approval) {
      const pending = draw.beacon_value !== null &&
        draw.beacon_entered_by !== null;
      const first = pending ? Number(draw.beacon_entered_by) : null;
      if (first === null || first === input.actorId) {
        await tx.sql`update draws set beacon_value = ${value},
            beacon_used = ${input.source}, beacon_entered_by = ${input.actorId}
          where round_id = ${input.roundId}`;
        await recordAudit(tx, {
          actorId: input.actorId,
          action: "draw.enter",
          objectType: "round",
          objectId: input.roundId,
          before: pending
            ? { beaconValue: draw.beacon_value, used: draw.beacon_used }
            : null,
          after: { beaconValue: value, used: input.source },
        });
        return { status: "pending" as const, enteredBy: input.actorId };
      }
      if (draw.beacon_value !== value || draw.beacon_used !== input.source) {
        throw new DrawRefusedError("pending-other", "beaconValue");
      }
      enteredBy = first;
      approvedBy = input.actorId;
    }
    const secret = await unsealDrawSecret(services.config.drawSecretKey, {
      roundId: input.roundId,
      sealed: draw.secret_sealed!,
    });
    const full = runDraw({
      ...draw.record,
      secret,
      beacon: { ...draw.record.beacon, used: input.source, value },
    });
    const registration = await storeDraw(tx, {
      roundId: input.roundId,
      record: full,
      enteredBy,
      approvedBy,
      now: input.now,
      calendar: {
        firstWindowEnd: round.first_window_end.getTime(),
        secondWindowEnd: round.second_window_end.getTime(),
      },
    });
    await recordAudit(tx, {
      actorId: input.actorId,
      action: "draw.run",
      objectType: "round",
      objectId: input.roundId,
      before: { status: "frozen" },
      after: {
        status: "drawn",
        seed: full.seed,
        beaconValue: value,
        used: input.source,
        enteredBy,
        approvedBy,
      },
    });
    await appendRoundEvent(tx, {
      roundId: input.roundId,
      kind: "drawn",
      payload: drawnPayload(full, registration),
    });
    await enqueueDrawResultMails(tx, {
      roundId: input.roundId,
      publicOrigin: services.config.publicOrigin,
      now: input.now,
    });
    return {
      status: "drawn" as const,
      existing: false,
      seed: full.seed!,
      digest: full.digest,
    };
  });
  if (outcome.status === "drawn" && !outcome.existing) {
    await ringRoundDoorbell(services.cache, input.roundId).catch(() => {});
  }
  return outcome;
}

/** What the watching browsers receive with the `drawn` event: pseudonyms only. */
export interface DrawnPayload {
  /** The seed. */
  seed: string;
  /** The entry digest. */
  digest: string;
  /** Which beacon gave the value. */
  used: BeaconUsed;
  /** The value. */
  value: string;
  /** Per recruitment (id order): winners in order, then the waitlist in frozen order. */
  recruitments: {
    id: string;
    seats: number;
    won: string[];
    waitlist: string[];
  }[];
  /** The first offers, then the offers of seats freed by withdrawals, in the order made. */
  offers: { pseudonym: string; recruitment: string }[];
  /** Entrants withdrawn since the freeze (their seats and places freed at the draw). */
  withdrawn: string[];
}

/** What the registration did at the draw: withdrawals applied and the offers they caused. */
export interface DrawRegistration {
  /** The withdrawn entrants. */
  withdrawn: string[];
  /** Offers made when their seats were freed, in the order made. */
  offers: { pseudonym: string; recruitment: string }[];
}

/** The `drawn` event's payload from the full record and the withdrawals applied. */
export function drawnPayload(
  record: RoundRecord,
  registration: DrawRegistration = { withdrawn: [], offers: [] },
): DrawnPayload {
  const lists = new Map<
    string,
    { won: [number, string][]; waitlist: [number, string][] }
  >();
  for (const r of record.recruitments) {
    lists.set(r.id, { won: [], waitlist: [] });
  }
  for (const result of record.draw!.results) {
    for (const c of result.choices) {
      const list = lists.get(c.recruitment)!;
      if (c.result === "won") list.won.push([c.rank, result.pseudonym]);
      if (c.result === "waitlist") {
        list.waitlist.push([c.waitlist!, result.pseudonym]);
      }
    }
  }
  const sorted = (xs: [number, string][]) =>
    xs.sort((a, b) => a[0] - b[0]).map((x) => x[1]);
  return {
    seed: record.seed!,
    digest: record.digest,
    used: record.beacon.used!,
    value: record.beacon.value!,
    recruitments: canonicalRecruitments(record.recruitments).map((r) => ({
      id: r.id,
      seats: r.seats,
      won: sorted(lists.get(r.id)!.won),
      waitlist: sorted(lists.get(r.id)!.waitlist),
    })),
    offers: [
      ...record.draw!.offers.map((o) => ({
        pseudonym: o.pseudonym,
        recruitment: o.recruitment,
      })),
      ...registration.offers,
    ],
    withdrawn: registration.withdrawn,
  };
}

/** The registration state right after the draw (before any stored event), at `drawTime`. */
export function stateAfterDraw(
  record: RoundRecord,
  options: {
    calendar: { firstWindowEnd: number; secondWindowEnd: number };
    drawTime: number;
  },
): RegistrationState {
  return initialState(
    canonicalRecruitments(record.recruitments),
    canonicalEntrants(record.entrants),
    record.draw!.results,
    options.calendar,
    options.drawTime,
  ).state;
}

async function storeDraw(tx: Db, options: {
  roundId: number;
  record: RoundRecord;
  enteredBy: number;
  approvedBy: number | null;
  now: Date;
  calendar: { firstWindowEnd: number; secondWindowEnd: number };
}): Promise<DrawRegistration> {
  const { roundId, record, now } = options;
  await tx.sql`update draws set secret = ${record.secret!}, seed = ${record
    .seed!},
      beacon_value = ${record.beacon.value!}, beacon_used = ${record.beacon
    .used!},
      beacon_entered_by = ${options.enteredBy}, approved_by = ${options.approvedBy},
      drawn_at = ${now}, record = ${JSON.stringify(record)}::jsonb
    where round_id = ${roundId}`;
  const results = record.draw!.results;
  await tx.sql`
    update draw_entrants e set u = x.u, placed_code = x.placed
    from jsonb_to_recordset(${
    JSON.stringify(
      results.map((r) => ({ p: r.pseudonym, u: r.u, placed: r.placed })),
    )
  }::jsonb) as x(p text, u double precision, placed text)
    where e.round_id = ${roundId} and e.pseudonym = x.p`;
  const choices = results.flatMap((r) =>
    r.choices.map((c, position) => ({
      p: r.pseudonym,
      position,
      key: c.key,
      rank: c.rank,
      result: c.result,
      waitlist: c.waitlist,
    }))
  );
  await tx.sql`
    update draw_choices c set key = x.key, rank = x.rank, result = x.result,
      waitlist = x.waitlist
    from jsonb_to_recordset(${JSON.stringify(choices)}::jsonb)
      as x(p text, position int, key double precision, rank int, result text, waitlist int)
    where c.round_id = ${roundId} and c.pseudonym = x.p and c.position = x.position`;
  // Registration: the state after the draw, then each withdrawal kept since the freeze.
  const drawTime = now.getTime();
  let state = stateAfterDraw(record, {
    calendar: options.calendar,
    drawTime,
  });
  const kept = await tx.sql<{ id: number; pseudonym: string }>`
    select id, pseudonym from kept_withdrawals
    where round_id = ${roundId} and applied_at is null order by id for update`;
  const registration: DrawRegistration = { withdrawn: [], offers: [] };
  for (const w of kept) {
    const event: RegistrationEvent = {
      type: "withdraw",
      at: drawTime,
      entrant: w.pseudonym,
    };
    const step = apply(state, event);
    if (step.error) throw new Error(`withdraw ${w.pseudonym}: ${step.error}`);
    state = step.state;
    registration.withdrawn.push(w.pseudonym);
    for (const o of step.offers) {
      registration.offers.push({
        pseudonym: o.entrant,
        recruitment: o.recruitment,
      });
    }
    await tx
      .sql`insert into registration_events (round_id, at, event, moves, actor_id)
      values (${roundId}, ${now}, ${JSON.stringify(event)}::jsonb,
        ${JSON.stringify(step.moves)}::jsonb, null)`;
    await tx.sql`update kept_withdrawals set applied_at = ${now}
      where id = ${w.id}`;
  }
  const holders = state.recruitments.flatMap((r) =>
    r.holders.map((h) => ({
      code: r.id,
      p: h.entrant,
      status: h.status,
      deadline: h.deadline === null ? null : new Date(h.deadline).toISOString(),
    }))
  );
  await tx.sql`
    insert into seat_holdings (round_id, recruitment_id, pseudonym, status, deadline, updated_at)
    select ${roundId}, dr.recruitment_id, x.p, x.status, x.deadline, ${now}
    from jsonb_to_recordset(${JSON.stringify(holders)}::jsonb)
      as x(code text, p text, status text, deadline timestamptz)
    join draw_recruitments dr on dr.round_id = ${roundId} and dr.code = x.code`;
  await tx.sql`update rounds set status = 'drawn' where id = ${roundId}`;
  return registration;
}

/** The draw form's fields, parsed. */
export interface DrawForm {
  /** Which beacon gave the value. */
  source: BeaconUsed;
  /** The value as entered (trimmed). */
  beaconValue: string;
  /** The value entered again (only when entered twice). */
  beaconValueAgain: string;
}

/**
 * Validates the draw form: a beacon (`primary` or `fallback`), the value, and with `twice` the
 * same value again (`draw.error.mismatch` beside the second field otherwise).
 *
 * @example
 * ```ts
 * const parsed = parseDrawForm(ctx.state.form.fields, { twice: !round.requiresSecondApproval });
 * if (!parsed.ok) return ctx.render({ form: parsed.state }, { status: 400 });
 * ```
 */
export function parseDrawForm(
  fields: Map<string, string[]>,
  options: { twice: boolean },
): ParsedForm<z.ZodType<DrawForm>> {
  const schema = z.object({
    source: choiceField(["primary", "fallback"]),
    beaconValue: textField({ max: 400 }),
    beaconValueAgain: textField({ max: 400, optional: !options.twice }),
  });
  const parsed = parseForm(schema, fields);
  if (
    parsed.ok && options.twice &&
    parsed.data.beaconValue !== parsed.data.beaconValueAgain
  ) {
    return {
      ok: false,
      state: {
        values: parsed.values,
        errors: { beaconValueAgain: { key: "draw.error.mismatch" } },
      },
    };
  }
  return parsed;
}

/** The message of a refusal, for the field it names (`at` formats a time). */
export function refusalError(
  error: DrawRefusedError,
  at: (date: Date) => string,
): FieldError {
  const when = error.params.at ? at(new Date(Number(error.params.at))) : "";
  switch (error.code) {
    case "too-early":
      return { key: "draw.error.tooEarly", params: { at: when } };
    case "fallback-too-early":
      return { key: "draw.error.fallbackTooEarly", params: { at: when } };
    case "format":
      return {
        key: "draw.error.format",
        params: { example: error.params.example },
      };
    case "already-drawn-other":
      return { key: "draw.error.alreadyDrawnOther" };
    case "pending-other":
      return { key: "draw.error.pendingOther" };
    case "not-frozen":
      return { key: "draw.error.notFrozen" };
  }
}
