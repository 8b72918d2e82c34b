/**
 * The amendment chain (README section 7.2): each amendment carries the hash of the record before
 * it, in a line encoding that writes every number exactly (binary64 values as the hex of their
 * bits), never as JSON text.
 *
 * @module
 */
import type { Amendment, RoundRecord } from "./types.ts";
import { byteCompare, entrantLine, textHex } from "./digest.ts";
import { sha256Hex, utf8 } from "./hash.ts";

/** The 16 hex digits of a binary64 value's bits, big-endian (e.g. 0.5 → `3fe0000000000000`). */
export function floatHex(x: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  let s = "";
  for (let i = 0; i < 8; i++) {
    s += view.getUint8(i).toString(16).padStart(2, "0");
  }
  return s;
}

/**
 * The text whose hash starts the chain: the drawn record's digest, seed, and the beacon used
 * with its value (everything else of the draw follows from them and is re-run by verify).
 */
export function chainStartText(record: RoundRecord): string {
  return "kic-chain/1\n" +
    `D ${record.digest}\n` +
    `S ${record.seed}\n` +
    `V ${record.beacon.used} ${textHex(record.beacon.value ?? "")}\n`;
}

/** The exact text of one amendment (README section 7.2), each line ending with `\n`. */
export function amendmentText(a: Amendment): string {
  const extra = Object.keys(a.extraSeats ?? {}).sort(byteCompare);
  const lines = [
    "kic-amendment/1",
    `P ${a.prev}`,
    `N ${a.seq}`,
    entrantLine(a.entrant),
    `X ${
      extra.length === 0
        ? "-"
        : extra.map((r) => `${r}:${a.extraSeats![r]}`).join(";")
    }`,
    `T ${a.reason ? textHex(a.reason) : "-"}`,
    `U ${floatHex(a.u)}`,
    `L ${a.placed ?? "-"}`,
    ...a.choices.map((c) =>
      `C ${c.recruitment} ${floatHex(c.key)} ${c.rank} ${c.result} ${
        c.waitlist ?? "-"
      }`
    ),
  ];
  return lines.map((l) => `${l}\n`).join("");
}

/**
 * The chain's link after the record's first `count` amendments (all by default): the hash of
 * {@link chainStartText} when `count` is 0, else the hash of the last one's
 * {@link amendmentText}. The head after all of them is published with each amendment.
 */
export function chainLink(
  record: RoundRecord,
  count = record.amendments?.length ?? 0,
): string {
  if (count === 0) return sha256Hex(utf8(chainStartText(record)));
  return sha256Hex(utf8(amendmentText(record.amendments![count - 1])));
}

/** The published chain head of a drawn record: {@link chainLink} after every amendment. */
export function chainHead(record: RoundRecord): string {
  return chainLink(record);
}
