/**
 * A minimal MIME reader for messages caught by the SMTP sink: enough to check that a subject
 * and body arrived intact (encoded words, base64, quoted-printable, multipart/alternative).
 * Not a general e-mail parser.
 *
 * @module
 */

/** The readable parts of a raw message. */
export interface ParsedMail {
  /** Every header, by lower-case name (folded lines joined). */
  headers: Record<string, string>;
  /** The decoded Subject header. */
  subject: string;
  /** The decoded From header. */
  from: string;
  /** The decoded To header. */
  to: string;
  /** The decoded text/plain part, when there is one. */
  text?: string;
  /** The decoded text/html part, when there is one. */
  html?: string;
}

/** Reads a raw RFC 5322 message. */
export function parseMail(raw: string): ParsedMail {
  const { headers, body } = splitMessage(raw);
  const parsed: ParsedMail = {
    headers,
    subject: decodeWords(headers["subject"] ?? ""),
    from: decodeWords(headers["from"] ?? ""),
    to: decodeWords(headers["to"] ?? ""),
  };
  collectParts(headers, body, parsed);
  return parsed;
}

function splitMessage(
  raw: string,
): { headers: Record<string, string>; body: string } {
  const text = raw.replace(/\r\n/g, "\n");
  const end = text.indexOf("\n\n");
  const head = end === -1 ? text : text.slice(0, end);
  const body = end === -1 ? "" : text.slice(end + 2);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\n[ \t]+/g, " ").split("\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) {
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1)
        .trim();
    }
  }
  return { headers, body };
}

function collectParts(
  headers: Record<string, string>,
  body: string,
  into: ParsedMail,
): void {
  const type = (headers["content-type"] ?? "text/plain").toLowerCase();
  if (type.startsWith("multipart/")) {
    const boundary = /boundary="?([^";]+)"?/i.exec(headers["content-type"])
      ?.[1];
    if (!boundary) return;
    const pieces = body.split(`--${boundary}`).slice(1);
    for (const piece of pieces) {
      if (piece.startsWith("--")) break;
      const part = splitMessage(piece.replace(/^\n/, ""));
      collectParts(part.headers, part.body, into);
    }
    return;
  }
  const decoded = decodeBody(
    body,
    headers["content-transfer-encoding"] ?? "7bit",
  );
  if (type.startsWith("text/plain") && into.text === undefined) {
    into.text = decoded;
  }
  if (type.startsWith("text/html") && into.html === undefined) {
    into.html = decoded;
  }
}

function decodeBody(body: string, encoding: string): string {
  switch (encoding.toLowerCase()) {
    case "base64":
      return utf8(base64Bytes(body.replace(/\s+/g, "")));
    case "quoted-printable":
      return utf8(qpBytes(body.replace(/=\n/g, "")));
    default:
      return body.replace(/\n$/, "");
  }
}

/** Decodes RFC 2047 encoded words (UTF-8, B or Q). */
export function decodeWords(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, "$1$2")
    .replace(
      /=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g,
      (_, _charset, kind: string, data: string) =>
        kind.toUpperCase() === "B"
          ? utf8(base64Bytes(data))
          : utf8(qpBytes(data.replace(/_/g, " "))),
    );
}

function base64Bytes(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

function qpBytes(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "=" && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      out.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      out.push(...new TextEncoder().encode(text[i]));
    }
  }
  return new Uint8Array(out);
}

function utf8(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}
