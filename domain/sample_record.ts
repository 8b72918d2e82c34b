/**
 * A fixed, public sample round record for the verify page and its tests: 3 classes, 24
 * entrants (two linked-sibling units among them), a committed secret and a Lotto 6/45 beacon.
 * Everything is derived from constants, so every process builds the same bytes.
 *
 * @module
 */
import { prepareRecord, runDraw } from "@/lottery/draw.ts";
import { pseudonymOf } from "@/lottery/from_secret.ts";
import type { PublishedFacts } from "@/lottery/verify.ts";
import type { Entrant, Recruitment, RoundRecord } from "@/lottery/types.ts";

const SECRET =
  "5ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e70001";
/** When the sample's beacon is scheduled: 2026-11-28 11:45 UTC (epoch ms). */
const BEACON_AT = 1_764_330_300_000;
let memo: RoundRecord | undefined;
let published: PublishedFacts | undefined;

function token(i: number): string {
  return (0x1000 + i).toString(16).padStart(8, "0").repeat(4);
}

/**
 * Builds (once) the sample record, drawn.
 *
 * @example
 * ```ts
 * const record = sampleRecord(); // a small drawn round for /verify
 * ```
 */
export function sampleRecord(): RoundRecord {
  if (memo) return memo;
  const recruitments: Recruitment[] = [{ id: "k1-age1", seats: 3 }, {
    id: "k1-age2",
    seats: 4,
  }, {
    id: "k2-age2",
    seats: 2,
  }];
  const entrants: Entrant[] = [];
  for (let i = 0; i < 24; i++) {
    const p = pseudonymOf(SECRET, token(i));
    const weight = 100 + (i % 5) * 30 + (i % 3 === 0 ? 50 : 0);
    const tier = i % 7 === 0 ? 1 : 2;
    const choices = i < 8
      ? [{ recruitment: "k1-age1", weight, tier }]
      : i % 2 === 0
      ? [{ recruitment: "k1-age2", weight, tier }, {
        recruitment: "k2-age2",
        weight,
        tier,
      }]
      : [{ recruitment: "k2-age2", weight, tier }, {
        recruitment: "k1-age2",
        weight,
        tier,
      }];
    if (i === 20 || i === 22) {
      const members = [
        pseudonymOf(SECRET, token(100 + i)),
        pseudonymOf(SECRET, token(200 + i)),
      ].sort();
      entrants.push({ pseudonym: p, members, choices });
    } else {
      entrants.push({ pseudonym: p, members: [p], choices });
    }
  }
  const prepared = prepareRecord({
    round: { id: "sample", name: "Sample round / 예시 회차" },
    recruitments,
    entrants,
    secret: SECRET,
    beacon: {
      kind: "lotto645",
      name: "로또 6/45 제1203회",
      scheduledAt: BEACON_AT,
      deadline: BEACON_AT + 6 * 3600_000,
      fallback: {
        kind: "drand",
        name: "drand quicknet round 4567890",
        scheduledAt: BEACON_AT + 24 * 3600_000,
      },
    },
  });
  memo = runDraw({
    ...prepared,
    secret: SECRET,
    beacon: {
      ...prepared.beacon,
      used: "primary",
      value: "1203:3,11,19,28,35,44+7",
    },
  });
  published = { digest: memo.digest };
  return memo;
}

/**
 * The facts the sample round published at its freeze: its entry digest, computed here by the
 * server from the sample's entries (a real round shows the digest stored at its freeze). The
 * sample has no amendments, so no chain head.
 *
 * @example
 * ```ts
 * const { digest } = samplePublished(); // what the freeze would have published
 * ```
 */
export function samplePublished(): PublishedFacts {
  sampleRecord();
  return { ...published! };
}
