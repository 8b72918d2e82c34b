/**
 * Every mail the product sends, from one helper: Korean and English, plain text and HTML (every
 * value escaped), in the recipient's language (`accounts.locale`), enqueued through the outbox
 * in the caller's transaction. The words live in the `mail.*` messages of `i18n/`.
 *
 * @module
 */
import { type Locale, type MessageKey, translator } from "@/i18n/mod.ts";
import type { Db } from "@/services/db.ts";
import { enqueueMail } from "@/services/outbox.ts";

/** The mails the product sends, with the values each one needs. */
export type MailTemplate =
  | {
    kind: "passwordSetup";
    /** The employee's name. */
    name: string;
    /** The employee's account id (what they sign in with). */
    login: string;
    /** The one-time set-password link. */
    link: string;
    /** When the link stops working, already formatted in Asia/Seoul. */
    expires: string;
  }
  | {
    kind: "passwordReset";
    /** The employee's name. */
    name: string;
    /** The 6-digit code. */
    code: string;
    /** How many minutes the code works. */
    minutes: number;
    /** The page where the code is entered. */
    link: string;
  }
  | {
    kind: "passwordChanged";
    /** The employee's name. */
    name: string;
    /** When it changed, already formatted in Asia/Seoul. */
    at: string;
    /** The reset page, for a change the employee did not make. */
    link: string;
  };

/** A rendered mail. */
export interface RenderedMail {
  /** The subject line. */
  subject: string;
  /** The plain-text body. */
  text: string;
  /** The HTML body (every value escaped). */
  html: string;
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

interface Parts {
  subject: MessageKey;
  lines: MessageKey[];
  /** The link shown as a button, if any. */
  link?: { href: string; label: MessageKey };
  /** A value shown large (a code), if any. */
  big?: string;
}

function partsOf(mail: MailTemplate): Parts {
  switch (mail.kind) {
    case "passwordSetup":
      return {
        subject: "mail.setup.subject",
        lines: ["mail.greeting", "mail.setup.body", "mail.setup.expires"],
        link: { href: mail.link, label: "mail.setup.action" },
      };
    case "passwordReset":
      return {
        subject: "mail.reset.subject",
        lines: ["mail.greeting", "mail.reset.body", "mail.reset.ignore"],
        big: mail.code,
        link: { href: mail.link, label: "mail.reset.action" },
      };
    case "passwordChanged":
      return {
        subject: "mail.changed.subject",
        lines: ["mail.greeting", "mail.changed.body", "mail.changed.notYou"],
        link: { href: mail.link, label: "mail.changed.action" },
      };
  }
}

/**
 * Renders one mail in one language: the subject, the plain text and the HTML, with every value
 * escaped in the HTML.
 *
 * @example
 * ```ts
 * import { renderMail } from "@/domain/mail_templates.ts";
 * const mail = renderMail(
 *   { kind: "passwordReset", name: "김하나", code: "123456", minutes: 10, link: "https://kic.example/password/reset" },
 *   "ko",
 * );
 * mail.text.includes("123456"); // true
 * ```
 */
export function renderMail(mail: MailTemplate, locale: Locale): RenderedMail {
  const t = translator(locale);
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(mail)) {
    if (k !== "kind") params[k] = v as string | number;
  }
  const parts = partsOf(mail);
  const lines = parts.lines.map((key) => t(key, params));
  const subject = t(parts.subject, params);
  const text = [
    lines[0],
    "",
    lines[1],
    ...(parts.big ? ["", `    ${parts.big}`] : []),
    "",
    ...(parts.link ? [`${t(parts.link.label)}: ${parts.link.href}`, ""] : []),
    ...lines.slice(2),
    "",
    t("mail.signature"),
  ].join("\n");
  const p = (s: string) => `<p>${escapeHtml(s)}</p>`;
  const html = [
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8">`,
    `<title>${escapeHtml(subject)}</title></head>`,
    `<body style="font-family:sans-serif;line-height:1.5;color:#1a1a1a">`,
    p(lines[0]),
    p(lines[1]),
    parts.big
      ? `<p style="font-size:28px;letter-spacing:6px;font-weight:bold">${
        escapeHtml(parts.big)
      }</p>`
      : "",
    parts.link
      ? `<p><a href="${escapeHtml(parts.link.href)}">${
        escapeHtml(t(parts.link.label))
      }</a></p>`
      : "",
    ...lines.slice(2).map(p),
    p(t("mail.signature")),
    `</body></html>`,
  ].join("");
  return { subject, text, html };
}

/** Options of {@link enqueueTemplatedMail}. */
export interface TemplatedMail {
  /** The recipient's address. */
  to: string;
  /** The recipient's language (`accounts.locale`). */
  locale: Locale;
  /** Which mail, with its values. */
  mail: MailTemplate;
}

/**
 * Renders a mail in the recipient's language and puts it in the outbox; pass the transaction
 * of the change it reports, so it is sent only if that commits.
 *
 * @example
 * ```ts
 * await db.transaction(async (tx) => {
 *   await enqueueTemplatedMail(tx, { to: account.email, locale: account.locale, mail });
 * });
 * ```
 *
 * @returns the outbox row id
 */
export async function enqueueTemplatedMail(
  tx: Db,
  options: TemplatedMail,
): Promise<number> {
  const rendered = renderMail(options.mail, options.locale);
  return await enqueueMail(tx, { to: options.to, ...rendered });
}
