/**
 * Document checks by content: only complete PDF, JPEG and PNG files are accepted, whatever the
 * file name or the declared type says.
 *
 * @module
 */

/** The document types a family may upload. */
export type DocumentType = "application/pdf" | "image/jpeg" | "image/png";

/** The largest document accepted (10 MiB; the body cap adds room for the form around it). */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

/** The `accept` attribute of a document file input. */
export const DOCUMENT_ACCEPT =
  ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png";

/** Why a document was refused. */
export type DocumentProblem =
  | "empty"
  | "tooLarge"
  | "unsupported"
  | "truncated";

/** The outcome of {@link checkDocument}. */
export type DocumentCheck =
  | { ok: true; type: DocumentType }
  | { ok: false; problem: DocumentProblem };

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const PDF_HEADER = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"
const PDF_EOF = [0x25, 0x25, 0x45, 0x4f, 0x46]; // "%%EOF"
/** How far from the end `%%EOF` may sit (Acrobat's own tolerance). */
const PDF_TAIL = 1024;

function startsWith(bytes: Uint8Array, sig: number[], at = 0): boolean {
  if (bytes.length < at + sig.length) return false;
  return sig.every((b, i) => bytes[at + i] === b);
}

function lastIndexOfSeq(
  bytes: Uint8Array,
  sig: number[],
  from: number,
): number {
  let i = bytes.length - sig.length;
  while (i >= from) {
    i = bytes.lastIndexOf(sig[0], i); // native scan for the first byte
    if (i < from) break;
    if (startsWith(bytes, sig, i)) return i;
    i--;
  }
  return -1;
}

/**
 * Walks the JPEG segments to the first scan, then looks for the end-of-image marker (FF D9) past
 * it: a thumbnail inside an APP segment has its own EOI, which must not count, and cameras may
 * append a trailer after the real one.
 */
function jpegComplete(bytes: Uint8Array): boolean {
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return false;
    const marker = bytes[at + 1];
    if (marker === 0xff) { // fill byte
      at++;
      continue;
    }
    if (marker === 0xd9) return false; // an end before any scan: no image
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2; // markers without a length
      continue;
    }
    const length = (bytes[at + 2] << 8) | bytes[at + 3];
    if (length < 2) return false;
    if (marker === 0xda) {
      return lastIndexOfSeq(bytes, [0xff, 0xd9], at + 2 + length) >= 0;
    }
    at += 2 + length;
  }
  return false;
}

/** Walks the PNG chunks: IHDR first, each chunk inside the file, up to IEND. */
function pngComplete(bytes: Uint8Array): boolean {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = PNG_SIGNATURE.length;
  while (at + 12 <= bytes.length) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (at === PNG_SIGNATURE.length && type !== "IHDR") return false;
    const end = at + 12 + length;
    if (end > bytes.length) return false;
    if (type === "IEND") return true;
    at = end;
  }
  return false;
}

/** The type the leading bytes claim, before checking that the file is complete. */
function claimedType(bytes: Uint8Array): DocumentType | null {
  if (startsWith(bytes, PDF_HEADER)) return "application/pdf";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(bytes, PNG_SIGNATURE)) return "image/png";
  return null;
}

function complete(bytes: Uint8Array, type: DocumentType): boolean {
  switch (type) {
    case "application/pdf":
      return lastIndexOfSeq(
        bytes,
        PDF_EOF,
        Math.max(5, bytes.length - PDF_TAIL),
      ) >= 0;
    case "image/jpeg":
      return jpegComplete(bytes);
    case "image/png":
      return pngComplete(bytes);
  }
}

/**
 * The document type of `bytes` by content: a complete PDF (`%PDF-` … `%%EOF`), JPEG (SOI,
 * segments, a scan, EOI) or PNG (signature, IHDR … IEND, every chunk inside the file); null for anything else, including an empty or cut-off file.
 *
 * @example
 * ```ts
 * import { sniffDocumentType } from "@/utils/sniff.ts";
 * sniffDocumentType(new TextEncoder().encode("%PDF-1.7\n…\n%%EOF\n")); // "application/pdf"
 * sniffDocumentType(new TextEncoder().encode("<html>")); // null
 * ```
 */
export function sniffDocumentType(bytes: Uint8Array): DocumentType | null {
  const type = claimedType(bytes);
  return type && complete(bytes, type) ? type : null;
}

/**
 * Checks an uploaded document: not empty, at most `maxBytes` (default {@link MAX_DOCUMENT_BYTES}),
 * and a complete PDF, JPEG or PNG by content. The problem maps to a message beside the field.
 *
 * @example
 * ```ts
 * import { checkDocument } from "@/utils/sniff.ts";
 * checkDocument(new Uint8Array()); // { ok: false, problem: "empty" }
 * checkDocument(new TextEncoder().encode("%PDF-1.7\n")); // { ok: false, problem: "truncated" }
 * ```
 */
export function checkDocument(
  bytes: Uint8Array,
  maxBytes: number = MAX_DOCUMENT_BYTES,
): DocumentCheck {
  if (bytes.length === 0) return { ok: false, problem: "empty" };
  if (bytes.length > maxBytes) return { ok: false, problem: "tooLarge" };
  const type = claimedType(bytes);
  if (!type) return { ok: false, problem: "unsupported" };
  return complete(bytes, type)
    ? { ok: true, type }
    : { ok: false, problem: "truncated" };
}
