/**
 * Beacon value formats (README section 4.1).
 *
 * @module
 */
import type { BeaconKind } from "./types.ts";

/** The beacon kinds, in display order. */
export const BEACON_KINDS: readonly BeaconKind[] = [
  "lotto645",
  "drand",
  "nist",
];

/** The outcome of {@link parseBeaconValue}. */
export type BeaconCheck = { ok: true } | { ok: false; message: string };

/** A positive decimal integer without sign or leading zero. */
const POSITIVE = "[1-9][0-9]*";
const LOTTO = new RegExp(
  `^(${POSITIVE}):(${POSITIVE}(?:,${POSITIVE}){5})\\+(${POSITIVE})$`,
);
const DRAND = new RegExp(`^(${POSITIVE}):([0-9a-f]{64})$`);
const NIST = new RegExp(`^(${POSITIVE})-(${POSITIVE}):([0-9a-f]{128})$`);

/** The NIST Randomness Beacon v2 chain the draw uses. */
export const NIST_CHAIN = 2;

/** An example value of each kind, for forms. */
export const BEACON_EXAMPLES: Readonly<Record<BeaconKind, string>> = {
  lotto645: "1203:3,11,19,28,35,44+7",
  drand: `4567890:${"9f0c".repeat(16)}`,
  nist: `2-1234567:${"ab".repeat(64)}`,
};

function fail(message: string): BeaconCheck {
  return { ok: false, message };
}

function checkLotto(value: string): BeaconCheck {
  const m = LOTTO.exec(value);
  if (!m) {
    return fail(
      "expected <draw>:<n1>,<n2>,<n3>,<n4>,<n5>,<n6>+<bonus>, e.g. 1203:3,11,19,28,35,44+7",
    );
  }
  const six = m[2].split(",").map(Number);
  const bonus = Number(m[3]);
  for (const n of [...six, bonus]) {
    if (n < 1 || n > 45) return fail(`number ${n} is outside 1–45`);
  }
  for (let i = 1; i < 6; i++) {
    if (six[i] <= six[i - 1]) {
      return fail("the six numbers must be distinct and ascending");
    }
  }
  if (six.includes(bonus)) {
    return fail("the bonus number must differ from the six numbers");
  }
  if (!Number.isSafeInteger(Number(m[1]))) return fail("draw number too large");
  return { ok: true };
}

/**
 * Checks a beacon value against its kind's exact format:
 * `lotto645` `<draw>:<n1>,…,<n6>+<bonus>` (1–45, six ascending, bonus distinct);
 * `drand` `<round>:<64 hex>`; `nist` `2-<pulse>:<128 hex>` (chain 2). Hex is lowercase,
 * integers have no sign or leading zero, and there are no spaces.
 */
export function parseBeaconValue(kind: BeaconKind, value: string): BeaconCheck {
  if (typeof value !== "string") return fail("the value must be text");
  switch (kind) {
    case "lotto645":
      return checkLotto(value);
    case "drand": {
      const m = DRAND.exec(value);
      if (!m) {
        return fail(
          "expected <round>:<randomness>, randomness 64 lowercase hex",
        );
      }
      if (!Number.isSafeInteger(Number(m[1]))) {
        return fail("round number too large");
      }
      return { ok: true };
    }
    case "nist": {
      const m = NIST.exec(value);
      if (!m) {
        return fail(
          "expected <chain>-<pulse>:<outputValue>, outputValue 128 lowercase hex",
        );
      }
      if (Number(m[1]) !== NIST_CHAIN) {
        return fail(`expected chain ${NIST_CHAIN}`);
      }
      if (!Number.isSafeInteger(Number(m[2]))) {
        return fail("pulse number too large");
      }
      return { ok: true };
    }
    default:
      return fail(`unknown beacon kind ${JSON.stringify(kind)}`);
  }
}
