/**
 * Value conversions shared by both database implementations, so that they agree on what goes
 * in and what comes out (see the table in `db.ts`).
 *
 * @module
 */

import { logJson, type LogSink } from "./log.ts";

/** PostgreSQL type oids the drivers are told how to parse and serialise. */
export const OID = {
  bytea: 17,
  int8: 20,
  json: 114,
  jsonb: 3802,
  date: 1082,
  timestamp: 1114,
} as const;

/** SQL text with `$n` placeholders and the values that go with them. */
export interface BuiltQuery {
  /** The SQL with `$1..$n` where the values were. */
  text: string;
  /** The values, in placeholder order. */
  params: unknown[];
}

/**
 * Turns a tagged template into SQL text with `$1..$n` placeholders and converted parameters.
 *
 * @throws TypeError when a value is `undefined` or a function
 */
export function buildQuery(
  strings: TemplateStringsArray,
  values: unknown[],
): BuiltQuery {
  let text = strings[0];
  const params: unknown[] = [];
  for (let i = 0; i < values.length; i++) {
    params.push(toParam(values[i], i + 1));
    text += `$${i + 1}${strings[i + 1]}`;
  }
  return { text, params };
}

function toParam(value: unknown, position: number): unknown {
  if (value === undefined) {
    throw new TypeError(
      `SQL parameter $${position} is undefined; pass null for SQL NULL.`,
    );
  }
  if (typeof value === "function" || typeof value === "symbol") {
    throw new TypeError(
      `SQL parameter $${position} is a ${typeof value}; pass a plain value.`,
    );
  }
  if (typeof value === "bigint") return value.toString();
  if (
    value === null || typeof value !== "object" || value instanceof Date ||
    value instanceof Uint8Array
  ) {
    return value;
  }
  if (Array.isArray(value)) {
    return value.map((v) => (typeof v === "bigint" ? v.toString() : v));
  }
  return JSON.stringify(value);
}

/** Parses int8 text: a number when it is a safe integer, else the exact decimal string. */
export function parseInt8(text: string): number | string {
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : text;
}

/**
 * Parses `timestamp` (without time zone) as UTC, whatever the process's TZ. Values JS cannot
 * hold (`infinity`, BC dates) come back as an Invalid Date.
 */
export function parseTimestampUtc(text: string): Date {
  return new Date(`${text.replace(" ", "T")}Z`);
}

/** Serialises an int8 parameter. */
export function serializeInt8(value: unknown): string {
  return String(value);
}

/** Serialises a date parameter: a `Date` becomes its UTC calendar day `YYYY-MM-DD`. */
export function serializeDate(value: unknown): string {
  return value instanceof Date
    ? value.toISOString().slice(0, 10)
    : String(value);
}

/** Serialises a json/jsonb parameter: strings are JSON text already, other values are encoded. */
export function serializeJson(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** Parses bytea hex output (`\x0102…`) into a plain Uint8Array. */
export function parseByteaHex(text: string): Uint8Array {
  const hex = text.startsWith("\\x") ? text.slice(2) : text;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) {
    out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  }
  return out;
}

/** Serialises a bytea parameter as hex (`\x…`). */
export function serializeByteaHex(value: unknown): string {
  if (typeof value === "string") return value;
  const bytes = value as Uint8Array;
  let hex = "\\x";
  for (const b of bytes) hex += b.toString(16).padStart(2, "0");
  return hex;
}

/** Channel names for LISTEN/NOTIFY: plain lower-case identifiers. */
export function assertChannel(channel: string): void {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) {
    throw new Error(
      `Invalid LISTEN/NOTIFY channel "${channel}": use lower-case letters, digits and _ only.`,
    );
  }
}

/**
 * Wraps a LISTEN callback so that a throw is logged instead of escaping into the driver (on
 * PGlite it would crash the process; postgres.js swallows it). Both drivers use it, so they
 * behave alike.
 */
export function guardListener(
  channel: string,
  onMessage: (payload: string) => void,
  options: { log?: LogSink } = {},
): (payload: string) => void {
  const log = options.log ?? logJson;
  const report = (error: unknown) =>
    log("error", "LISTEN callback threw", {
      channel,
      error: error instanceof Error
        ? error.stack ?? error.message
        : String(error),
    });
  return (payload) => {
    try {
      // An async callback's rejection is reported too.
      const result: unknown = onMessage(payload);
      if (result instanceof Promise) result.catch(report);
    } catch (error) {
      report(error);
    }
  };
}
