import assert from "node:assert/strict";
import fc from "fast-check";
import { sha256 } from "@noble/hashes/sha2.js";
import {
  commitmentOf,
  computeUs,
  pseudonymOf,
  seedOf,
  uOf,
} from "./from_secret.ts";
import { bytesToHex, hexToBytes } from "./hash.ts";
import { encodeEntries, entryDigest } from "./digest.ts";
import { keyOf, withinTolerance } from "./order.ts";
import type { Entrant, Recruitment } from "./types.ts";

const vector = JSON.parse(
  await Deno.readTextFile(new URL("./testdata/vector1.json", import.meta.url)),
);

/** u by the letter of README section 4, with BigInt and @noble/hashes. */
function referenceU(seedHex: string, pseudonymHex: string): number {
  const h = sha256(
    new Uint8Array([...hexToBytes(seedHex), ...hexToBytes(pseudonymHex)]),
  );
  const top = BigInt("0x" + bytesToHex(h)) >> 203n;
  return (Number(top) + 0.5) / 2 ** 53;
}

Deno.test("vector1: commitment and pseudonyms", () => {
  assert.equal(commitmentOf(vector.secret), vector.commitment);
  for (const [name, token] of Object.entries(vector.tokens)) {
    assert.equal(
      pseudonymOf(vector.secret, token as string),
      vector.pseudonyms[name],
      name,
    );
  }
});

Deno.test("vector1: encoded text, digest and seed", () => {
  const recs: Recruitment[] = vector.recruitments;
  const ents: Entrant[] = vector.entrants;
  assert.equal(encodeEntries(recs, ents, vector), vector.encoded);
  assert.equal(entryDigest(recs, ents, vector), vector.digest);
  assert.equal(
    entryDigest([...recs].reverse(), [...ents].reverse(), vector),
    vector.digest,
  );
  // The pool text (odds) is version 1: the same lines without the announcement.
  assert.equal(
    encodeEntries(recs, ents),
    vector.encoded.replace(
      /^kic-entries\/2\n(?:[OBF] .*\n){3}/,
      "kic-entries/1\n",
    ),
  );
  assert.equal(
    seedOf(vector.secret, vector.digest, vector.beacon.value),
    vector.seed,
  );
});

Deno.test("vector1: u values exact, keys within tolerance", () => {
  const ps = Object.keys(vector.u);
  const us = computeUs(vector.seed, ps);
  ps.forEach((p, i) => {
    assert.equal(us[i], vector.u[p], p);
    assert.equal(uOf(vector.seed, p), vector.u[p]);
  });
  for (const e of vector.entrants as Entrant[]) {
    e.choices.forEach((c, i) => {
      const k = keyOf(vector.u[e.pseudonym], c.weight);
      assert.ok(
        withinTolerance(k, vector.keys[e.pseudonym][i]),
        `${e.pseudonym} ${i}`,
      );
    });
  }
});

Deno.test("fast one-block hash equals @noble/hashes on random inputs", () => {
  fc.assert(
    fc.property(
      fc.uint8Array({ minLength: 32, maxLength: 32 }),
      fc.uint8Array({ minLength: 16, maxLength: 16 }),
      (seed, pseudonym) => {
        const s = bytesToHex(seed), p = bytesToHex(pseudonym);
        const u = uOf(s, p);
        assert.equal(u, referenceU(s, p));
        assert.ok(u > 0 && u < 1);
      },
    ),
    { numRuns: 2000 },
  );
});

Deno.test("computeUs: batch equals single, order independent, rejects bad pseudonyms", () => {
  const seed = "5a".repeat(32);
  const ps = Array.from(
    { length: 50 },
    (_, i) => i.toString(16).padStart(32, "0"),
  );
  const us = computeUs(seed, ps);
  const rev = computeUs(seed, [...ps].reverse());
  ps.forEach((p, i) => {
    assert.equal(us[i], referenceU(seed, p));
    assert.equal(rev[ps.length - 1 - i], us[i]);
  });
  for (
    const bad of [
      "A".repeat(32),
      "0".repeat(31),
      "0".repeat(33),
      "g".repeat(32),
      "é".repeat(32),
    ]
  ) {
    assert.throws(() => computeUs(seed, [bad]), /pseudonym/);
  }
  assert.throws(() => computeUs("00", ps), /seed/);
  assert.throws(() => commitmentOf("00"), /secret/);
  assert.throws(() => pseudonymOf("00".repeat(32), "00"), /token/);
});
