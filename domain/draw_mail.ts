/**
 * The result mail of a drawn round: every parent of every family of the round gets its
 * children's results in their own language (won, offered, waitlisted with its frozen rank,
 * placed higher, withdrawn; the weight with its addends), the beacon's value with a link to its
 * official source, and links to the results and the verify page. Enqueued through the outbox in
 * the draw's transaction.
 *
 * @module
 */
import { type Locale, type Translate, translator } from "@/i18n/mod.ts";
import type { BeaconKind } from "@/lottery/mod.ts";
import type { Db } from "@/services/db.ts";
import { enqueueMail } from "@/services/outbox.ts";
import { formatDateTime, formatWeight } from "@/utils/format.ts";
import { escapeHtml } from "./mail_templates.ts";
import { AMOUNT_FACTORS } from "./recruitment_setup.ts";
import {
  type ChoiceResultView,
  entrantResults,
  type EntrantResultView,
} from "./draw_results.ts";

/** The official source of each beacon kind, linked beside a value. */
export const BEACON_SOURCES: Readonly<Record<BeaconKind, string>> = {
  lotto645: "https://dhlottery.co.kr",
  drand: "https://api.drand.sh",
  nist: "https://beacon.nist.gov",
};

/** One choice's outcome as a sentence. */
export function choiceLine(
  t: Translate,
  c: ChoiceResultView,
  locale: Locale,
): string {
  const where = t("results.choice", {
    n: c.position + 1,
    kg: c.kindergarten,
    age: c.classAge,
  });
  const status = statusText(t, c, locale);
  return `${where}: ${status} · ${weightText(t, c)}`;
}

/** The status of a choice, in words. */
export function statusText(
  t: Translate,
  c: Pick<ChoiceResultView, "status" | "deadline" | "waitlist" | "rank">,
  locale: Locale,
): string {
  switch (c.status) {
    case "won":
      return t("results.status.won");
    case "offered":
      return t("results.status.offered", {
        deadline: c.deadline ? formatDateTime(c.deadline, locale) : "",
      });
    case "waitlist":
      return t("results.status.waitlist", {
        waitlist: c.waitlist ?? "-",
        rank: c.rank ?? "-",
      });
    case "higher":
      return t("results.status.higher");
    case "withdrawn":
      return t("results.status.withdrawn");
  }
}

/** "Weight 1.30 (base 1.00 + years of service 0.30)". */
export function weightText(t: Translate, c: ChoiceResultView): string {
  const terms = c.addends.map((a) =>
    `${factorLabel(t, a.factor)} ${formatWeight(a.amount)}`
  ).join(" + ");
  return `${t("results.weight", { weight: formatWeight(c.weight) })}${
    terms ? ` (${terms})` : ""
  }`;
}

const FACTORS = ["base", ...AMOUNT_FACTORS] as const;

/** The label of a weight factor (its setting's name when unknown). */
export function factorLabel(t: Translate, factor: string): string {
  return (FACTORS as readonly string[]).includes(factor)
    ? t(`results.factor.${factor as typeof FACTORS[number]}`)
    : factor;
}

interface ParentRow {
  key: number;
  email: string;
  name_ko: string;
  locale: Locale;
}

/** The parents (the key account and its HR spouse) of the families `keys`, active only. */
function roundParents(tx: Db, keys: number[]): Promise<ParentRow[]> {
  return tx.sql<ParentRow>`
    select me.id as key, me.email, me.name_ko, me.locale from accounts me
    where me.id = any(${keys}::int8[]) and me.disabled_at is null
    union all
    select me.id, s.email, s.name_ko, s.locale
    from accounts me
    join accounts s on s.employee_no = me.spouse_employee_no
      and s.spouse_employee_no = me.employee_no and s.disabled_at is null and s.id <> me.id
    where me.id = any(${keys}::int8[])`;
}

function htmlMail(
  locale: Locale,
  subject: string,
  paragraphs: string[],
  extra = "",
): string {
  const e = escapeHtml;
  return [
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8">`,
    `<title>${e(subject)}</title></head>`,
    `<body style="font-family:sans-serif;line-height:1.5;color:#1a1a1a">`,
    ...paragraphs.map((p) => `<p>${e(p)}</p>`),
    extra,
    `</body></html>`,
  ].join("");
}

/**
 * Enqueues the mails of an amendment: every family of the round gets the new chain head (to
 * compare when verifying); the amended family also gets its corrected results.
 *
 * @example
 * ```ts
 * await enqueueAmendmentMails(tx, { roundId, familyKey, chainHead, reason, publicOrigin });
 * ```
 */
export async function enqueueAmendmentMails(
  tx: Db,
  options: {
    roundId: number;
    familyKey: number;
    chainHead: string;
    reason: string;
    publicOrigin: string;
  },
): Promise<number> {
  const { roundId } = options;
  const [round] = await tx.sql<{ name: string }>`
    select name from rounds where id = ${roundId}`;
  const keys = (await tx.sql<{ family_key: number }>`
    select distinct a.family_key from draw_entrants e
    join applications a on a.id = e.application_id where e.round_id = ${roundId}`)
    .map((r) => Number(r.family_key));
  const mine = await entrantResults(tx, {
    roundId,
    familyKeys: [options.familyKey],
  });
  const origin = options.publicOrigin.replace(/\/$/, "");
  let sent = 0;
  for (const p of await roundParents(tx, keys)) {
    const t = translator(p.locale);
    const subject = t("results.mail.amended.subject", { round: round.name });
    const lines = [
      t("mail.greeting", { name: p.name_ko }),
      t("results.mail.amended.body", {
        round: round.name,
        reason: options.reason,
        head: options.chainHead,
      }),
    ];
    const own = Number(p.key) === options.familyKey
      ? mine.flatMap((e) => [
        `${e.names.join(", ")}:`,
        ...e.choices.map((c) => `  - ${choiceLine(t, c, p.locale)}`),
      ])
      : [];
    if (own.length) lines.push(t("results.mail.amended.yours"));
    const link = t("results.mail.verify", {
      url: `${origin}/rounds/${roundId}/verify`,
    });
    const text = [...lines, ...own, "", link, "", t("mail.signature")].join(
      "\n",
    );
    const html = htmlMail(p.locale, subject, [
      ...lines,
      ...own,
      link,
      t("mail.signature"),
    ]);
    await enqueueMail(tx, { to: p.email, subject, text, html });
    sent++;
  }
  return sent;
}

/**
 * Enqueues every family's result mail for a drawn round (call it in the draw's transaction,
 * after the outcome is stored).
 *
 * @example
 * ```ts
 * await enqueueDrawResultMails(tx, { roundId, publicOrigin: config.publicOrigin, now });
 * ```
 */
export async function enqueueDrawResultMails(
  tx: Db,
  options: { roundId: number; publicOrigin: string; now: Date },
): Promise<number> {
  const { roundId } = options;
  const [round] = await tx.sql<
    {
      name: string;
      beacon: {
        kind: BeaconKind;
        name: string;
        fallback: { kind: BeaconKind; name: string };
      };
      used: string;
      value: string;
    }
  >`select r.name, d.record -> 'beacon' as beacon, d.beacon_used as used,
      d.beacon_value as value
    from rounds r join draws d on d.round_id = r.id where r.id = ${roundId}`;
  const results = await entrantResults(tx, { roundId });
  const byFamily = new Map<number, EntrantResultView[]>();
  for (const e of results) {
    const list = byFamily.get(e.familyKey) ?? [];
    list.push(e);
    byFamily.set(e.familyKey, list);
  }
  const keys = [...byFamily.keys()];
  const parents = await roundParents(tx, keys);
  const event = round.used === "fallback"
    ? round.beacon.fallback
    : round.beacon;
  const source = BEACON_SOURCES[event.kind];
  const origin = options.publicOrigin.replace(/\/$/, "");
  let sent = 0;
  for (const p of parents) {
    const t = translator(p.locale);
    const entrants = byFamily.get(Number(p.key)) ?? [];
    const subject = t("results.mail.subject", { round: round.name });
    const blocks = entrants.map((e) => ({
      title: e.names.join(", "),
      lines: e.choices.map((c) => choiceLine(t, c, p.locale)),
    }));
    const beaconLine = t("results.mail.beacon", {
      name: event.name,
      value: round.value,
      url: source,
    });
    const link = `${origin}/rounds/${roundId}`;
    const verifyLink = `${origin}/rounds/${roundId}/verify`;
    const text = [
      t("mail.greeting", { name: p.name_ko }),
      "",
      t("results.mail.intro", { round: round.name }),
      "",
      ...blocks.flatMap((
        b,
      ) => [b.title, ...b.lines.map((l) => `  - ${l}`), ""]),
      beaconLine,
      t("results.mail.results", { url: link }),
      t("results.mail.verify", { url: verifyLink }),
      "",
      t("mail.signature"),
    ].join("\n");
    const e = escapeHtml;
    const html = [
      `<!doctype html><html lang="${p.locale}"><head><meta charset="utf-8">`,
      `<title>${e(subject)}</title></head>`,
      `<body style="font-family:sans-serif;line-height:1.5;color:#1a1a1a">`,
      `<p>${e(t("mail.greeting", { name: p.name_ko }))}</p>`,
      `<p>${e(t("results.mail.intro", { round: round.name }))}</p>`,
      ...blocks.map((b) =>
        `<h2 style="font-size:16px">${e(b.title)}</h2><ul>${
          b.lines.map((l) => `<li>${e(l)}</li>`).join("")
        }</ul>`
      ),
      `<p>${e(beaconLine)} <a href="${e(source)}">${e(source)}</a></p>`,
      `<p><a href="${e(link)}">${e(t("results.title"))}</a> · <a href="${
        e(verifyLink)
      }">${e(t("results.verify"))}</a></p>`,
      `<p>${e(t("mail.signature"))}</p></body></html>`,
    ].join("");
    await enqueueMail(tx, { to: p.email, subject, text, html });
    sent++;
  }
  return sent;
}
