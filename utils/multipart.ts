/**
 * A streaming reader for form bodies (`multipart/form-data` and
 * `application/x-www-form-urlencoded`) with a byte limit.
 *
 * It pulls the body chunk by chunk, never keeps more than the limit, and cancels the body as soon
 * as the limit is passed, so a hostile client cannot make a pod read or hold more than
 * {@link MAX_BODY_BYTES}. Fields that arrived before the limit are still returned (the hidden
 * `_csrf` field comes first in every form), so the web layer can check the token and re-render the
 * form with a message beside its file field. At most one file per request is kept; it never throws
 * on a hostile body: problems come back as flags.
 *
 * @module
 */
import { MAX_BODY_BYTES } from "@/utils/security.ts";

/** The one uploaded file of a request, as received (its type is only what the client declared). */
export interface UploadedFile {
  /** The form field the file came in. */
  field: string;
  /** The file name the browser sent (UTF-8, `filename*` preferred), without any folder part. */
  filename: string;
  /** The Content-Type the client declared: never trust it, sniff the bytes. */
  contentType: string;
  /** The file's content. */
  bytes: Uint8Array;
}

/** What {@link readFormBody} read from a request. */
export interface FormBody {
  /** Every text field with all of its values in arrival order (repeated fields stay visible). */
  fields: Map<string, string[]>;
  /** The uploaded file, or null (none, an empty file input, or the body was cut off). */
  file: UploadedFile | null;
  /** The body passed the byte limit: reading stopped there and the body was cancelled. */
  tooLarge: boolean;
  /** A second file part came: it was dropped and only the first file is kept. */
  tooManyFiles: boolean;
  /** A field past `maxFields`, or a value or name past its size limit, was dropped. */
  fieldLimitHit: boolean;
  /** Not a form, a broken multipart framing, no final boundary, or the stream failed. */
  malformed: boolean;
}

/** Limits for {@link readFormBody}. */
export interface FormLimits {
  /** The most body bytes read (default {@link MAX_BODY_BYTES}). */
  maxBytes?: number;
  /** The most text fields kept (default 200). */
  maxFields?: number;
  /** The largest text value kept, in bytes (default 64 KiB). */
  maxFieldBytes?: number;
}

/** The part of a request the reader needs (a `Request` fits). */
export interface FormSource {
  /** The request headers (Content-Type, Content-Length). */
  headers: Headers;
  /** The request body, or null. */
  body: ReadableStream<Uint8Array> | null;
}

const DEFAULT_MAX_FIELDS = 200;
const DEFAULT_MAX_FIELD_BYTES = 64 * 1024;
const MAX_NAME_BYTES = 256;
const MAX_HEADER_BYTES = 8 * 1024;
const CRLF = new Uint8Array([13, 10]);
const HEADER_END = new Uint8Array([13, 10, 13, 10]);
const utf8 = new TextDecoder();
const encoder = new TextEncoder();

function emptyBody(): FormBody {
  return {
    fields: new Map(),
    file: null,
    tooLarge: false,
    tooManyFiles: false,
    fieldLimitHit: false,
    malformed: false,
  };
}

/**
 * Splits a header value such as `multipart/form-data; boundary="x"` into its lower-cased type and
 * its parameters (names lower-cased, quoted strings unquoted). Parameters that cannot be parsed are
 * left out.
 *
 * @example
 * ```ts
 * import { parseHeaderParams } from "@/utils/multipart.ts";
 * const { value, params } = parseHeaderParams('form-data; name="a"; filename=b.pdf');
 * // value === "form-data", params.get("name") === "a", params.get("filename") === "b.pdf"
 * ```
 */
export function parseHeaderParams(
  header: string,
): { value: string; params: Map<string, string> } {
  const params = new Map<string, string>();
  const semi = header.indexOf(";");
  const value = (semi < 0 ? header : header.slice(0, semi)).trim()
    .toLowerCase();
  let i = semi < 0 ? header.length : semi + 1;
  while (i < header.length) {
    while (i < header.length && /[\s;]/.test(header[i])) i++;
    const eq = header.indexOf("=", i);
    if (eq < 0) break;
    const name = header.slice(i, eq).trim().toLowerCase();
    i = eq + 1;
    while (i < header.length && header[i] === " ") i++;
    let v = "";
    if (header[i] === '"') {
      i++;
      while (i < header.length && header[i] !== '"') {
        if (header[i] === "\\" && i + 1 < header.length) i++;
        v += header[i++];
      }
      i++;
    } else {
      const end = header.indexOf(";", i);
      v = header.slice(i, end < 0 ? header.length : end).trim();
      i = end < 0 ? header.length : end;
    }
    if (name && !params.has(name)) params.set(name, v);
  }
  return { value, params };
}

/** Decodes an RFC 5987 `filename*` value (`UTF-8''%ED%95%9C.pdf`); null when it is not one. */
function decodeExtValue(value: string): string | null {
  const m = /^([\w!#$%&+^`{}~-]+)'[^']*'(.*)$/.exec(value);
  if (!m || m[1].toLowerCase() !== "utf-8") return null;
  try {
    return decodeURIComponent(m[2]);
  } catch {
    return null;
  }
}

/** The last path segment of a client file name (old browsers send `C:\\dir\\a.pdf`). */
function baseName(name: string): string {
  return name.slice(
    Math.max(name.lastIndexOf("/"), name.lastIndexOf("\\")) + 1,
  );
}

function indexOfBytes(hay: Uint8Array, needle: Uint8Array, from = 0): number {
  const first = needle[0];
  const last = hay.length - needle.length;
  outer: for (let i = hay.indexOf(first, from); i >= 0 && i <= last;) {
    for (let j = 1; j < needle.length; j++) {
      if (hay[i + j] !== needle[j]) {
        i = hay.indexOf(first, i + 1);
        continue outer;
      }
    }
    return i;
  }
  return -1;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function joinChunks(chunks: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Keeps fields and the file within the limits while the parsers feed it. */
class Collector {
  readonly out = emptyBody();
  #count = 0;
  constructor(readonly maxFields: number, readonly maxFieldBytes: number) {}

  addField(name: string, value: string | Uint8Array): void {
    const size = typeof value === "string"
      ? encoder.encode(value).length
      : value.length;
    if (
      this.#count >= this.maxFields || size > this.maxFieldBytes ||
      encoder.encode(name).length > MAX_NAME_BYTES
    ) {
      this.out.fieldLimitHit = true;
      return;
    }
    this.#count++;
    const text = typeof value === "string" ? value : utf8.decode(value);
    const values = this.out.fields.get(name);
    if (values) values.push(text);
    else this.out.fields.set(name, [text]);
  }
}

interface Part {
  name: string | null;
  filename: string | null;
  contentType: string;
  chunks: Uint8Array[];
  size: number;
  /** Bytes are kept (a field within its limit, or the first file). */
  keep: boolean;
  isFile: boolean;
}

const enum State {
  Preamble,
  AfterDelimiter,
  Headers,
  Body,
  Done,
}

/** An incremental multipart/form-data parser: feed it chunks, then call `end`. */
class MultipartParser {
  #buf: Uint8Array = CRLF; // a virtual CRLF, so the first delimiter needs no special case
  #state = State.Preamble;
  #delimiter: Uint8Array;
  #part: Part | null = null;
  #sawFile = false;
  #preamble = 0;

  constructor(
    boundary: string,
    readonly sink: Collector,
    /** Stop at the first file part (the body is declared over the limit). */
    readonly stopAtFile: boolean,
  ) {
    this.#delimiter = encoder.encode(`\r\n--${boundary}`);
  }

  /** True once a file part began while `stopAtFile`. */
  stoppedAtFile = false;

  get done(): boolean {
    return this.#state === State.Done || this.sink.out.malformed ||
      this.stoppedAtFile;
  }

  push(chunk: Uint8Array): void {
    this.#buf = concat(this.#buf, chunk);
    while (!this.done && this.#step());
  }

  end(): void {
    if (this.#state !== State.Done) this.sink.out.malformed = true;
  }

  /** Advances as far as the buffer allows; false when it needs more bytes. */
  #step(): boolean {
    const buf = this.#buf;
    const delim = this.#delimiter;
    switch (this.#state) {
      case State.Preamble: {
        const at = indexOfBytes(buf, delim);
        if (at < 0) {
          // Keep only what could still be the start of the delimiter.
          const keep = Math.max(0, buf.length - delim.length + 1);
          this.#preamble += keep;
          this.#buf = buf.slice(keep);
          if (this.#preamble > MAX_HEADER_BYTES) this.sink.out.malformed = true;
          return false;
        }
        this.#buf = buf.subarray(at + delim.length);
        this.#state = State.AfterDelimiter;
        return true;
      }
      case State.AfterDelimiter: {
        if (buf.length < 2) return false;
        if (buf[0] === 45 && buf[1] === 45) { // "--": the close delimiter
          this.#state = State.Done;
          this.#buf = new Uint8Array(0);
          return false;
        }
        // Transport padding (spaces, tabs) may follow the boundary before its CRLF.
        let i = 0;
        while (i < buf.length && (buf[i] === 32 || buf[i] === 9)) i++;
        if (i + 2 > buf.length) {
          if (i > 256) this.sink.out.malformed = true;
          return false;
        }
        if (buf[i] !== 13 || buf[i + 1] !== 10) {
          this.sink.out.malformed = true;
          return false;
        }
        this.#buf = buf.subarray(i + 2);
        this.#state = State.Headers;
        return true;
      }
      case State.Headers: {
        if (buf.length < 2) return false;
        const empty = buf[0] === 13 && buf[1] === 10; // a part with no headers
        const headerEnd = empty ? 0 : indexOfBytes(buf, HEADER_END);
        if (headerEnd < 0 || headerEnd > MAX_HEADER_BYTES) {
          if (buf.length > MAX_HEADER_BYTES) this.sink.out.malformed = true;
          return false;
        }
        const skip = empty ? 2 : headerEnd + 4;
        this.#part = this.#startPart(utf8.decode(buf.subarray(0, headerEnd)));
        this.#buf = buf.subarray(skip);
        this.#state = State.Body;
        return true;
      }
      case State.Body: {
        const at = indexOfBytes(buf, delim);
        if (at < 0) {
          const safe = buf.length - delim.length + 1;
          if (safe > 0) {
            this.#data(buf.subarray(0, safe));
            this.#buf = buf.slice(safe);
          }
          return false;
        }
        this.#data(buf.subarray(0, at));
        this.#endPart();
        this.#buf = buf.subarray(at + delim.length);
        this.#state = State.AfterDelimiter;
        return true;
      }
      default:
        return false;
    }
  }

  #startPart(headerText: string): Part {
    let disposition: string | null = null;
    let contentType = "";
    for (const line of headerText.split("\r\n")) {
      const colon = line.indexOf(":");
      if (colon < 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (name === "content-disposition") disposition = value;
      else if (name === "content-type") contentType = value;
    }
    const part: Part = {
      name: null,
      filename: null,
      contentType,
      chunks: [],
      size: 0,
      keep: false,
      isFile: false,
    };
    if (disposition === null) return part; // no Content-Disposition: ignored
    const { value, params } = parseHeaderParams(disposition);
    const name = params.get("name");
    if (value !== "form-data" || name === undefined) return part;
    part.name = name;
    const star = params.get("filename*");
    const plain = params.get("filename");
    const filename = (star !== undefined ? decodeExtValue(star) : null) ??
      plain;
    if (filename !== undefined && filename !== null) {
      part.filename = baseName(filename);
      part.isFile = true;
    }
    if (part.isFile && this.stopAtFile) this.stoppedAtFile = true;
    part.keep = part.isFile ? !this.#sawFile : true;
    return part;
  }

  #data(bytes: Uint8Array): void {
    const part = this.#part;
    if (!part || part.name === null || bytes.length === 0) return;
    part.size += bytes.length;
    if (!part.keep) return;
    if (!part.isFile && part.size > this.sink.maxFieldBytes) {
      part.keep = false; // too long: dropped at the end of the part
      part.chunks = [];
      return;
    }
    part.chunks.push(bytes.slice());
  }

  #endPart(): void {
    const part = this.#part;
    this.#part = null;
    if (!part || part.name === null) return;
    if (!part.isFile) {
      if (!part.keep) this.sink.out.fieldLimitHit = true;
      else this.sink.addField(part.name, joinChunks(part.chunks, part.size));
      return;
    }
    // A file input left empty arrives as a part with filename "" and no bytes: no file.
    if (part.filename === "" && part.size === 0) return;
    if (this.#sawFile) {
      this.sink.out.tooManyFiles = true;
      return;
    }
    this.#sawFile = true;
    if (!part.keep) return;
    this.sink.out.file = {
      field: part.name,
      filename: part.filename ?? "",
      contentType: part.contentType || "application/octet-stream",
      bytes: joinChunks(part.chunks, part.size),
    };
  }
}

/** The boundary of a multipart Content-Type, or null when it is missing or invalid. */
function boundaryOf(params: Map<string, string>): string | null {
  const b = params.get("boundary");
  return b && b.length <= 70 && /^[\x20-\x7e]+$/.test(b) && !/ $/.test(b)
    ? b
    : null;
}

/** Parses a complete urlencoded body into the collector. */
function collectUrlEncoded(bytes: Uint8Array, sink: Collector): void {
  const text = utf8.decode(bytes);
  for (const [k, v] of new URLSearchParams(text)) sink.addField(k, v);
}

async function cancel(reader: ReadableStreamDefaultReader<Uint8Array>) {
  try {
    await reader.cancel();
  } catch {
    // the client went away: nothing left to stop
  }
}

/**
 * Reads a form body within byte limits, never throwing. Multipart and urlencoded bodies are
 * parsed as they stream; any other Content-Type gives `malformed` without reading the body.
 *
 * When the body passes `maxBytes`, reading stops there, the body is cancelled and `tooLarge` is
 * set; the fields complete before that point are returned and `file` is null. When the declared
 * Content-Length is already over the limit, `tooLarge` is set and reading stops at the first file
 * part (after the fields before it), or at the limit.
 *
 * @example
 * ```ts
 * import { readFormBody } from "@/utils/multipart.ts";
 * const req = new Request("http://kic.test/", {
 *   method: "POST",
 *   body: new URLSearchParams({ _csrf: "t", name: "김하나" }),
 * });
 * const body = await readFormBody(req);
 * // body.fields.get("name") → ["김하나"], body.file → null, body.tooLarge → false
 * ```
 */
export async function readFormBody(
  req: FormSource,
  limits: FormLimits = {},
): Promise<FormBody> {
  const maxBytes = limits.maxBytes ?? MAX_BODY_BYTES;
  const sink = new Collector(
    limits.maxFields ?? DEFAULT_MAX_FIELDS,
    limits.maxFieldBytes ?? DEFAULT_MAX_FIELD_BYTES,
  );
  const out = sink.out;
  const { value: type, params } = parseHeaderParams(
    req.headers.get("content-type") ?? "",
  );
  const declared = Number(req.headers.get("content-length") ?? NaN);
  const declaredTooLarge = Number.isFinite(declared) && declared > maxBytes;
  let multipart: MultipartParser | null = null;
  if (type === "multipart/form-data") {
    const boundary = boundaryOf(params);
    if (boundary === null) {
      out.malformed = true;
      return out;
    }
    multipart = new MultipartParser(boundary, sink, declaredTooLarge);
  } else if (type !== "application/x-www-form-urlencoded") {
    out.malformed = true;
    return out;
  }
  if (!req.body) {
    if (multipart) out.malformed = true;
    return out;
  }

  let reader: ReadableStreamDefaultReader<Uint8Array>;
  try {
    reader = req.body.getReader();
  } catch {
    out.malformed = true; // already read or locked by someone else
    return out;
  }
  const urlChunks: Uint8Array[] = [];
  let total = 0;
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!value || value.length === 0) continue;
      const room = maxBytes - total;
      const chunk = value.length > room ? value.subarray(0, room) : value;
      total += chunk.length;
      if (multipart) multipart.push(chunk);
      else urlChunks.push(chunk.slice());
      if (value.length > room) {
        out.tooLarge = true;
        break;
      }
      if (multipart?.done) break;
    }
  } catch {
    out.malformed = true;
  }
  if (declaredTooLarge) out.tooLarge = true;
  // Stop the client (over the limit, malformed, or an epilogue nobody needs).
  if (out.tooLarge || out.malformed || multipart?.done) await cancel(reader);

  if (multipart) {
    if (out.tooLarge) {
      out.file = null;
    } else if (!out.malformed) {
      multipart.end();
    }
    if (out.malformed) out.file = null;
    return out;
  }
  let bytes = joinChunks(urlChunks, total);
  if (out.tooLarge) {
    // Keep the pairs complete before the cut; the last one may be truncated.
    const amp = bytes.lastIndexOf(38);
    bytes = bytes.subarray(0, Math.max(0, amp));
  }
  if (!out.malformed) collectUrlEncoded(bytes, sink);
  return out;
}
