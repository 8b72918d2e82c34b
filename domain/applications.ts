/**
 * The family's application to a round: one per family, filed by either parent, a draft until
 * submitted, editable until the application window closes (an edit after acceptance goes back
 * to review), withdrawable in the window. Every change checks the version the parent saw
 * (optimistic locking), so when both parents act at once the second is told and sees the
 * first's application; nothing is lost silently.
 *
 * Rules chosen where `../shared/spec/rules.md` is silent:
 * - A draft counts for "one application per family per round", so two parents never make two.
 * - Submitting needs a child with a choice, the resident-register copy and one document per
 *   declared factor (not a rejected one); a draft needs neither. The number of children is
 *   declared (under 13 at the deadline, including those applying) and shown to need the family
 *   register from two on.
 * - Linked siblings form one unit per age class and must list the same choices; a unit keeps
 *   its token across edits while its members stay the same, so the mailed token stays valid.
 * - Every submission and every later edit mails both parents, each in their language, with the
 *   current tokens. An edit of an accepted application, or a new document for it, sends it back
 *   to review (`needs_review`); other statuses keep theirs.
 * - Withdrawing is allowed in the window only; the family may then apply again.
 *
 * @module
 */
import type { MessageKey } from "@/i18n/mod.ts";
import { translator } from "@/i18n/mod.ts";
import { yearsOfService } from "@/lottery/weights_and_tiers.ts";
import type { Db } from "@/services/db.ts";
import { randomHex } from "@/services/encoding.ts";
import { enqueueMail } from "@/services/outbox.ts";
import { NotFoundError } from "@/utils/errors.ts";
import { formatDateTime } from "@/utils/format.ts";
import { seoulDate } from "@/utils/seoul_time.ts";
import { ageClass, type Child, familyChildren } from "./children.ts";
import type { Family, Parent } from "./family.ts";
import { assertRoundOpenForEntrants } from "./round_lock.ts";

/** An application's status (`draft` until submitted). */
export type ApplicationStatus =
  | "draft"
  | "submitted"
  | "accepted"
  | "needs_review"
  | "withdrawn"
  | "excluded";

/** The kinds of proof document. */
export const DOCUMENT_KINDS = [
  "resident_register",
  "single_parent",
  "family_register",
  "disability",
  "employment",
  "sibling",
] as const;

/** A kind of proof document. */
export type DocumentKind = typeof DOCUMENT_KINDS[number];

/** What the family declares (the yes/no factors and the number of children). */
export interface DeclaredFacts {
  /** Single parent. */
  singleParent: boolean;
  /** A parent or the child has a disability. */
  disability: boolean;
  /** Both parents earn an income. */
  dualIncome: boolean;
  /** A sibling is enrolled in the kindergarten applied to. */
  siblingEnrolled: boolean;
  /** Children in the family under 13 at the application deadline (1..20). */
  childrenCount: number;
}

/** One child's part of an application: its ranked recruitment ids (1 to 3). */
export interface ChildChoices {
  /** The child id. */
  childId: number;
  /** Recruitment ids, first choice first. */
  choices: number[];
}

/** What a parent sends: the children's choices, the sibling units and the facts. */
export interface ApplicationInput {
  /** The children applying, each with its ranked choices (a child without choices is left out). */
  children: ChildChoices[];
  /** Child ids asked to be linked; grouped into one unit per age class. */
  linked: number[];
  /** The declared facts. */
  facts: DeclaredFacts;
}

/** A recruitment (a class of a kindergarten) of the round. */
export interface ApplyRecruitment {
  /** The recruitment id. */
  id: number;
  /** The lottery's recruitment code. */
  code: string;
  /** The kindergarten's name. */
  kindergarten: string;
  /** The age class. */
  classAge: number;
  /** Seats. */
  seats: number;
}

/** A round as the application needs it. */
export interface ApplyRound {
  /** The round id. */
  id: number;
  /** Its name. */
  name: string;
  /** Its status. */
  status: string;
  /** The application window opens. */
  applicationsOpenAt: Date;
  /** The application window closes (the deadline). */
  applicationsCloseAt: Date;
  /** A rejected document can be replaced until then (the freeze). */
  reviewUntil: Date;
  /** The draw. */
  drawAt: Date;
  /** The school year the classes are for (it fixes each child's age class). */
  enrolmentYear: number;
  /** Its classes. */
  recruitments: ApplyRecruitment[];
}

/** Where a round stands for a family. */
export type RoundPhase = "upcoming" | "open" | "review" | "closed";

/**
 * Where the round stands at `now`: before its window, in it, in review (a rejected document
 * may be replaced), or closed for families.
 *
 * @example
 * ```ts
 * if (roundPhase(round, clock.now()) === "open") showForm();
 * ```
 */
export function roundPhase(
  round: Pick<
    ApplyRound,
    "status" | "applicationsOpenAt" | "applicationsCloseAt" | "reviewUntil"
  >,
  now: Date,
): RoundPhase {
  if (round.status === "draft" || round.status === "closed") return "closed";
  const t = now.getTime();
  if (t < round.applicationsOpenAt.getTime()) return "upcoming";
  if (t < round.applicationsCloseAt.getTime()) return "open";
  if (t < round.reviewUntil.getTime()) return "review";
  return "closed";
}

/**
 * A published round with its classes; {@link NotFoundError} when there is none (or a draft).
 *
 * @example
 * ```ts
 * const round = await applyRound(db, 1);
 * ```
 */
export async function applyRound(db: Db, id: number): Promise<ApplyRound> {
  const rows = await db.sql<{
    id: number;
    name: string;
    status: string;
    applications_open_at: Date;
    applications_close_at: Date;
    review_until: Date;
    draw_at: Date;
    enrolment_year: number;
  }>`
    select id, name, status, applications_open_at, applications_close_at, review_until, draw_at,
      enrolment_year
    from rounds where id = ${id} and status <> 'draft'`;
  if (!rows.length) throw new NotFoundError("no such round");
  const r = rows[0];
  const recs = await db.sql<{
    id: number;
    code: string;
    kindergarten: string;
    class_age: number;
    seats: number;
  }>`
    select r.id, r.code, k.name as kindergarten, r.class_age, r.seats
    from recruitments r join kindergartens k on k.id = r.kindergarten_id
    where r.round_id = ${id} order by r.class_age, k.name, r.id`;
  return {
    id: Number(r.id),
    name: r.name,
    status: r.status,
    applicationsOpenAt: r.applications_open_at,
    applicationsCloseAt: r.applications_close_at,
    reviewUntil: r.review_until,
    drawAt: r.draw_at,
    enrolmentYear: Number(r.enrolment_year),
    recruitments: recs.map((x) => ({
      id: Number(x.id),
      code: x.code,
      kindergarten: x.kindergarten,
      classAge: Number(x.class_age),
      seats: Number(x.seats),
    })),
  };
}

/** A child as it stands in an application. */
export interface AppliedChild extends Child {
  /** Its ranked recruitment ids. */
  choices: number[];
  /** Its sibling unit, if linked. */
  unitId: number | null;
}

/** A sibling unit of an application. */
export interface AppliedUnit {
  /** The unit id. */
  id: number;
  /** The unit's lottery token (32 hex). */
  token: string;
  /** Its members. */
  childIds: number[];
}

/** The family's application to a round, as both parents see it. */
export interface FamilyApplication {
  /** The application id. */
  id: number;
  /** Its status. */
  status: ApplicationStatus;
  /** The version a change must name. */
  version: number;
  /** The declared facts. */
  facts: DeclaredFacts;
  /** The parent who filed it. */
  filedBy: number;
  /** When it was last changed. */
  updatedAt: Date;
  /** The children applying. */
  children: AppliedChild[];
  /** Its sibling units. */
  units: AppliedUnit[];
}

/**
 * The declared facts stored in `applications.facts` (JSON), each missing one as "no" (and one
 * child).
 *
 * @example
 * ```ts
 * declaredFacts({ singleParent: true }).childrenCount; // 1
 * ```
 */
export function declaredFacts(raw: unknown): DeclaredFacts {
  const f = (raw ?? {}) as Partial<DeclaredFacts>;
  return {
    singleParent: f.singleParent === true,
    disability: f.disability === true,
    dualIncome: f.dualIncome === true,
    siblingEnrolled: f.siblingEnrolled === true,
    childrenCount: typeof f.childrenCount === "number" ? f.childrenCount : 1,
  };
}

/**
 * The family's current (not withdrawn) application to the round, or null.
 *
 * @example
 * ```ts
 * const app = await familyApplication(db, { roundId: 1, family });
 * ```
 */
export async function familyApplication(
  db: Db,
  options: { roundId: number; family: Pick<Family, "key"> },
): Promise<FamilyApplication | null> {
  const rows = await db.sql<{
    id: number;
    status: ApplicationStatus;
    version: number;
    facts: unknown;
    filed_by: number;
    updated_at: Date;
  }>`
    select id, status, version, facts, filed_by, updated_at from applications
    where round_id = ${options.roundId} and family_key = ${options.family.key}
      and status <> 'withdrawn'
    order by id desc limit 1`;
  if (!rows.length) return null;
  const a = rows[0];
  const id = Number(a.id);
  const kids = await db.sql<{
    id: number;
    name: string;
    birth_date: string;
    token: string;
    unit_id: number | null;
  }>`
    select c.id, c.name, c.birth_date::text as birth_date, c.token, ac.unit_id
    from application_children ac join children c on c.id = ac.child_id
    where ac.application_id = ${id} order by c.birth_date, c.id`;
  const choices = await db.sql<{ child_id: number; recruitment_id: number }>`
    select child_id, recruitment_id from application_choices
    where application_id = ${id} order by child_id, rank`;
  const units = await db.sql<{ id: number; token: string }>`
    select id, token from sibling_units where application_id = ${id} order by id`;
  const children = kids.map((k) => ({
    id: Number(k.id),
    name: k.name,
    birthDate: k.birth_date,
    token: k.token,
    unitId: k.unit_id === null ? null : Number(k.unit_id),
    choices: choices.filter((c) => Number(c.child_id) === Number(k.id)).map((
      c,
    ) => Number(c.recruitment_id)),
  }));
  return {
    id,
    status: a.status,
    version: Number(a.version),
    facts: declaredFacts(a.facts),
    filedBy: Number(a.filed_by),
    updatedAt: a.updated_at,
    children,
    units: units.map((u) => ({
      id: Number(u.id),
      token: u.token,
      childIds: children.filter((c) => c.unitId === Number(u.id)).map((c) =>
        c.id
      ),
    })),
  };
}

/**
 * The documents the declared facts need: the resident-register copy always, then one per
 * factor (an HR-linked couple needs no employment document for dual income).
 *
 * @example
 * ```ts
 * requiredDocuments({ ...facts, singleParent: true }, { couple: false });
 * // ["resident_register", "single_parent"]
 * ```
 */
export function requiredDocuments(
  facts: DeclaredFacts,
  options: { couple: boolean },
): DocumentKind[] {
  const kinds: DocumentKind[] = ["resident_register"];
  if (facts.singleParent) kinds.push("single_parent");
  if (facts.childrenCount >= 2) kinds.push("family_register");
  if (facts.disability) kinds.push("disability");
  if (facts.dualIncome && !options.couple) kinds.push("employment");
  if (facts.siblingEnrolled) kinds.push("sibling");
  return kinds;
}

/** A problem with what was sent: the form field it belongs beside and its message. */
export interface ApplicationProblem {
  /** The form field: `children`, `choice-{childId}`, `linked`, `childrenCount`, `documents`. */
  field: string;
  /** The message. */
  key: MessageKey;
  /** The message's parameters. */
  params?: Record<string, string | number>;
}

/** Options of {@link checkApplication}. */
export interface CheckOptions {
  /** The round and its classes. */
  round: ApplyRound;
  /** The family's children. */
  children: Child[];
  /** Submitting (not a draft): a child and every required document are needed. */
  submit: boolean;
  /** The kinds of document the family has uploaded for the round (not rejected). */
  documents: DocumentKind[];
  /** The HR couple link. */
  couple: boolean;
}

/**
 * Checks an application against the round and the family (pure). A child of another family
 * throws {@link NotFoundError}; everything else is a problem beside its field.
 *
 * @example
 * ```ts
 * const problems = checkApplication(input, { round, children, submit: true, documents: [], couple: false });
 * ```
 */
export function checkApplication(
  input: ApplicationInput,
  options: CheckOptions,
): ApplicationProblem[] {
  const problems: ApplicationProblem[] = [];
  const byId = new Map(options.children.map((c) => [c.id, c]));
  const recs = new Map(options.round.recruitments.map((r) => [r.id, r]));
  for (const id of [...input.children.map((c) => c.childId), ...input.linked]) {
    if (!byId.has(id)) throw new NotFoundError("child of another family");
  }
  for (const c of input.children) {
    const age = ageClass(byId.get(c.childId)!.birthDate, options.round);
    const field = `choice-${c.childId}`;
    if (c.choices.length > 3) {
      problems.push({ field, key: "apply.error.tooManyChoices" });
    } else if (new Set(c.choices).size !== c.choices.length) {
      problems.push({ field, key: "apply.error.sameChoice" });
    } else if (c.choices.some((r) => recs.get(r)?.classAge !== age)) {
      problems.push({ field, key: "apply.error.wrongClass" });
    }
  }
  const chosen = new Map(input.children.map((c) => [c.childId, c.choices]));
  for (const group of unitGroups(input.linked, options)) {
    if (group.length < 2) {
      problems.push({ field: "linked", key: "apply.error.unitAlone" });
      continue;
    }
    const lists = group.map((id) => (chosen.get(id) ?? []).join(","));
    if (lists.some((l) => l !== lists[0]) || lists[0] === "") {
      problems.push({ field: "linked", key: "apply.error.unitChoices" });
    }
  }
  const n = input.facts.childrenCount;
  if (!Number.isInteger(n) || n < 1 || n > 20) {
    problems.push({ field: "childrenCount", key: "apply.error.childrenCount" });
  }
  if (options.submit) {
    if (!input.children.some((c) => c.choices.length > 0)) {
      problems.push({ field: "children", key: "apply.error.noChild" });
    }
    const have = new Set(options.documents);
    const missing = requiredDocuments(input.facts, options).filter((k) =>
      !have.has(k)
    );
    if (missing.length) {
      problems.push({
        field: "documents",
        key: "apply.error.documentsMissing",
        params: { count: missing.length },
      });
    }
  }
  return problems;
}

/** The linked children grouped by age class (one unit per class). */
function unitGroups(
  linked: number[],
  options: Pick<CheckOptions, "round" | "children">,
): number[][] {
  const groups = new Map<number, number[]>();
  for (const id of new Set(linked)) {
    const child = options.children.find((c) => c.id === id);
    if (!child) continue;
    const age = ageClass(child.birthDate, options.round) ?? -1;
    groups.set(age, [...(groups.get(age) ?? []), id]);
  }
  return [...groups.values()].map((g) => g.sort((a, b) => a - b));
}

/** What {@link saveApplication} did. */
export type SaveOutcome =
  | { ok: true; id: number; status: ApplicationStatus; mailed: boolean }
  | { ok: false; reason: "closed" }
  | { ok: false; reason: "conflict"; current: FamilyApplication | null }
  | { ok: false; reason: "invalid"; problems: ApplicationProblem[] };

/** Options of {@link saveApplication}. */
export interface SaveOptions {
  /** The round. */
  round: ApplyRound;
  /** The family. */
  family: Family;
  /** The parent acting. */
  accountId: number;
  /** What was sent. */
  input: ApplicationInput;
  /** The version the parent saw (0: there was no application). */
  version: number;
  /** Keep as a draft, or submit. */
  action: "draft" | "submit";
  /** The clock's time. */
  now: Date;
}

function nextStatus(
  current: ApplicationStatus | null,
  action: "draft" | "submit",
): ApplicationStatus {
  if (current === null || current === "draft") {
    return action === "submit" ? "submitted" : "draft";
  }
  if (current === "accepted") return "needs_review";
  return current;
}

/**
 * Saves the family's application as a draft or submits it, in one transaction: the version
 * must be the one the parent saw, the window must be open, and on submission every required
 * document must be there. A submission enqueues the confirmation mail with every child's and
 * unit's lottery token to both parents, each in their language.
 *
 * @example
 * ```ts
 * const out = await saveApplication(db, { round, family, accountId, input, version: 0, action: "draft", now });
 * ```
 */
export async function saveApplication(
  db: Db,
  options: SaveOptions,
): Promise<SaveOutcome> {
  const { round, family, input, now } = options;
  await assertRoundOpenForEntrants(db, round.id);
  if (roundPhase(round, now) !== "open") return { ok: false, reason: "closed" };
  const children = await familyChildren(db, family);
  const result = await db.transaction(async (tx): Promise<SaveOutcome> => {
    await assertRoundOpenForEntrants(tx, round.id);
    const found = await tx.sql<
      { id: number; status: ApplicationStatus; version: number }
    >`
      select id, status, version from applications
      where round_id = ${round.id} and family_key = ${family.key} and status <> 'withdrawn'
      for update`;
    const existing = found[0];
    if (
      (existing ? Number(existing.version) : 0) !== options.version ||
      existing?.status === "excluded"
    ) {
      return { ok: false, reason: "conflict", current: null };
    }
    const docs = await tx.sql<{ kind: DocumentKind }>`
      select distinct kind from documents
      where round_id = ${round.id} and family_key = ${family.key}
        and deleted_at is null and status <> 'rejected'`;
    const status = nextStatus(existing?.status ?? null, options.action);
    const problems = checkApplication(input, {
      round,
      children,
      submit: status !== "draft",
      documents: docs.map((d) => d.kind),
      couple: family.couple,
    });
    if (problems.length) return { ok: false, reason: "invalid", problems };
    let id: number;
    if (existing) {
      id = Number(existing.id);
      await tx.sql`
        update applications set status = ${status}, facts = ${input.facts}::jsonb,
          updated_at = ${now}, version = version + 1,
          submitted_at = case when ${
        existing.status === "draft"
      }::boolean then ${now}
            else submitted_at end
        where id = ${id}`;
    } else {
      const made = await tx.sql<{ id: number }>`
        insert into applications (round_id, family_key, filed_by, status, facts, submitted_at,
          updated_at)
        values (${round.id}, ${family.key}, ${options.accountId}, ${status},
          ${input.facts}::jsonb, ${now}, ${now})
        on conflict (round_id, family_key) where status <> 'withdrawn' do nothing
        returning id`;
      if (!made.length) return { ok: false, reason: "conflict", current: null };
      id = Number(made[0].id);
    }
    await writeChildren(tx, { id, input, round, children });
    // The family's current uploads follow its application, also from a withdrawn one.
    await tx.sql`
      update documents set application_id = ${id}
      where round_id = ${round.id} and family_key = ${family.key} and deleted_at is null
        and (application_id is null or application_id in (
          select id from applications where status = 'withdrawn'
            and round_id = ${round.id} and family_key = ${family.key}))`;
    const mailed = status !== "draft";
    if (mailed) {
      const app = await familyApplication(tx, { roundId: round.id, family });
      for (const parent of family.parents) {
        if (parent.email) {
          await enqueueMail(tx, submissionMail(parent, { round, app: app! }));
        }
      }
    }
    return { ok: true, id, status, mailed };
  });
  if (!result.ok && result.reason === "conflict") {
    return {
      ...result,
      current: await familyApplication(db, { roundId: round.id, family }),
    };
  }
  return result;
}

async function writeChildren(
  tx: Db,
  options: {
    id: number;
    input: ApplicationInput;
    round: ApplyRound;
    children: Child[];
  },
): Promise<void> {
  const { id, input } = options;
  const old = await tx.sql<{ id: number; token: string; members: number[] }>`
    select u.id, u.token, array_agg(ac.child_id order by ac.child_id) as members
    from sibling_units u join application_children ac on ac.unit_id = u.id
    where u.application_id = ${id} group by u.id, u.token`;
  await tx.sql`delete from application_choices where application_id = ${id}`;
  await tx.sql`delete from application_children where application_id = ${id}`;
  const applying = input.children.filter((c) => c.choices.length > 0);
  const linked = new Set(input.linked);
  const groups = unitGroups(
    applying.map((c) => c.childId).filter((c) => linked.has(c)),
    options,
  ).filter((g) => g.length >= 2);
  const unitOf = new Map<number, number>();
  const kept = new Set<number>();
  for (const group of groups) {
    const key = group.join(",");
    const reuse = old.find((u) => u.members.map(Number).join(",") === key);
    let unitId: number;
    if (reuse) {
      unitId = Number(reuse.id);
      kept.add(unitId);
    } else {
      const [row] = await tx.sql<{ id: number }>`
        insert into sibling_units (application_id, token) values (${id}, ${
        randomHex(16)
      })
        returning id`;
      unitId = Number(row.id);
      kept.add(unitId);
    }
    for (const c of group) unitOf.set(c, unitId);
  }
  await tx.sql`
    delete from sibling_units where application_id = ${id} and not (id = any(${[
    ...kept,
  ]}::int8[]))`;
  for (const c of applying) {
    await tx.sql`
      insert into application_children (application_id, child_id, unit_id)
      values (${id}, ${c.childId}, ${unitOf.get(c.childId) ?? null})`;
    for (const [i, r] of c.choices.entries()) {
      await tx.sql`
        insert into application_choices (application_id, child_id, rank, recruitment_id)
        values (${id}, ${c.childId}, ${i + 1}, ${r})`;
    }
  }
}

/** What {@link withdrawApplication} did. */
export type WithdrawOutcome =
  | { ok: true }
  | { ok: false; reason: "closed" }
  | { ok: false; reason: "conflict"; current: FamilyApplication | null };

/**
 * Withdraws the family's application (in the window only), naming the version seen.
 *
 * @example
 * ```ts
 * await withdrawApplication(db, { round, family, version: 3, now });
 * ```
 */
export async function withdrawApplication(
  db: Db,
  options: { round: ApplyRound; family: Family; version: number; now: Date },
): Promise<WithdrawOutcome> {
  const { round, family, now } = options;
  await assertRoundOpenForEntrants(db, round.id);
  if (roundPhase(round, now) !== "open") return { ok: false, reason: "closed" };
  const rows = await db.sql`
    update applications set status = 'withdrawn', updated_at = ${now}, version = version + 1
    where round_id = ${round.id} and family_key = ${family.key}
      and status in ('draft', 'submitted', 'accepted', 'needs_review')
      and version = ${options.version}
    returning id`;
  if (rows.length) return { ok: true };
  return {
    ok: false,
    reason: "conflict",
    current: await familyApplication(db, { roundId: round.id, family }),
  };
}

/**
 * Years of service for the application: the parent's and the spouse's, to the deadline.
 *
 * @example
 * ```ts
 * serviceYears(family, round); // [7, 5]
 * ```
 */
export function serviceYears(
  family: Pick<Family, "parents">,
  round: Pick<ApplyRound, "applicationsCloseAt">,
): number[] {
  const deadline = seoulDate(round.applicationsCloseAt);
  return family.parents.map((p) => yearsOfService(p.joinDate, deadline));
}

function submissionMail(
  parent: Parent,
  options: { round: ApplyRound; app: FamilyApplication },
) {
  const t = translator(parent.locale);
  const { round, app } = options;
  const recs = new Map(round.recruitments.map((r) => [r.id, r]));
  const lines = [
    t("apply.mail.intro", { round: round.name }),
    "",
    t("apply.mail.status", {
      status: t(`apply.status.${app.status}` as MessageKey),
    }),
    "",
  ];
  for (const c of app.children) {
    lines.push(t("apply.mail.child", { name: c.name, token: c.token }));
    c.choices.forEach((r, i) => {
      const rec = recs.get(r);
      lines.push(
        `  ${i + 1}. ${rec?.kindergarten ?? r} · ${
          t("round.classAge", { age: rec?.classAge ?? 0 })
        }`,
      );
    });
  }
  for (const u of app.units) {
    const names = app.children.filter((c) => u.childIds.includes(c.id)).map((
      c,
    ) => c.name).join(", ");
    lines.push(t("apply.mail.unit", { names, token: u.token }));
  }
  lines.push(
    "",
    t("apply.mail.tokens"),
    t("apply.mail.deadline", {
      deadline: formatDateTime(round.applicationsCloseAt, parent.locale),
    }),
  );
  return {
    to: parent.email,
    subject: t("apply.mail.subject", { round: round.name }),
    text: lines.join("\n"),
  };
}

/**
 * Applicants so far per recruitment of a round: the children (a unit counts each member) of
 * submitted, accepted or in-review applications that list it.
 *
 * @example
 * ```ts
 * const counts = await applicantCounts(db, 1); // Map { 3 => 12, 4 => 7 }
 * ```
 */
export async function applicantCounts(
  db: Db,
  roundId: number,
): Promise<Map<number, number>> {
  const rows = await db.sql<{ recruitment_id: number; n: number }>`
    select c.recruitment_id, count(distinct (c.application_id, c.child_id))::int as n
    from application_choices c join applications a on a.id = c.application_id
    where a.round_id = ${roundId} and a.status in ('submitted', 'accepted', 'needs_review')
    group by c.recruitment_id`;
  return new Map(rows.map((r) => [Number(r.recruitment_id), Number(r.n)]));
}

/** The same child (same name, spaces ignored, and birth date) in two applications of a round. */
export interface DuplicateChild {
  /** The name as first written. */
  name: string;
  /** `YYYY-MM-DD`. */
  birthDate: string;
  /** The applications that name the child. */
  applicationIds: number[];
  /** Each application's child record (one per application, as written there). */
  entries: { applicationId: number; childId: number; name: string }[];
}

/**
 * The children named in more than one live application of a round, for example by two parents
 * whose HR link is missing, and not yet resolved: a pair an admin marked as different children
 * counts again once either child's name or birth date changes. Admins see them, and they block
 * the freeze until resolved.
 *
 * @example
 * ```ts
 * if ((await duplicateChildren(db, roundId)).length) refuseFreeze();
 * ```
 */
export async function duplicateChildren(
  db: Db,
  roundId: number,
): Promise<DuplicateChild[]> {
  const rows = await db.sql<{
    same: string;
    child_id: number;
    application_id: number;
    name: string;
    birth_date: string;
  }>`
    select regexp_replace(c.name, '[[:space:]]', '', 'g') || '|' || c.birth_date::text as same,
      c.id as child_id, a.id as application_id, c.name, c.birth_date::text as birth_date
    from application_children ac
    join applications a on a.id = ac.application_id
    join children c on c.id = ac.child_id
    where a.round_id = ${roundId} and a.status not in ('withdrawn', 'draft', 'excluded')
    order by c.birth_date, c.name, a.id, c.id`;
  const resolved = await db.sql<{
    child_a: number;
    child_b: number;
    name_a: string;
    birth_date_a: string;
    name_b: string;
    birth_date_b: string;
  }>`
    select child_a, child_b, name_a, birth_date_a::text as birth_date_a, name_b,
      birth_date_b::text as birth_date_b
    from duplicate_resolutions where round_id = ${roundId}`;
  const different = new Set(
    resolved.map((r) =>
      [r.child_a, r.name_a, r.birth_date_a, r.child_b, r.name_b, r.birth_date_b]
        .join("\u0000")
    ),
  );
  const groups = new Map<string, typeof rows>();
  for (const r of rows) groups.set(r.same, [...(groups.get(r.same) ?? []), r]);
  const out: DuplicateChild[] = [];
  for (const group of groups.values()) {
    const unresolved = group.some((a) =>
      group.some((b) => {
        if (Number(a.application_id) >= Number(b.application_id)) return false;
        const [x, y] = Number(a.child_id) < Number(b.child_id)
          ? [a, b]
          : [b, a];
        if (Number(x.child_id) === Number(y.child_id)) return true;
        return !different.has(
          [x.child_id, x.name, x.birth_date, y.child_id, y.name, y.birth_date]
            .map(String).join("\u0000"),
        );
      })
    );
    if (!unresolved) continue;
    out.push({
      name: group[0].name,
      birthDate: group[0].birth_date,
      applicationIds: [...new Set(group.map((g) => Number(g.application_id)))]
        .sort((a, b) => a - b),
      entries: group.map((g) => ({
        applicationId: Number(g.application_id),
        childId: Number(g.child_id),
        name: g.name,
      })),
    });
  }
  return out;
}
