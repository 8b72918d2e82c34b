import assert from "node:assert/strict";
import { sha256 } from "@noble/hashes/sha2.js";
import { Xoshiro128 } from "./prng.ts";
import { oddsPrng } from "./odds_sim.ts";

// Known answers of the C reference (prng.di.unimi.it/xoshiro128starstar.c) for the seed bytes
// below read as four little-endian uint32, as published with an independent port
// (edorfaus/xoshiro-6502, test-rom/testdata.asm): the states after each step and the outputs.
const SEED = [
  0x0c,
  0x4a,
  0x4d,
  0x96,
  0x95,
  0xb8,
  0x0a,
  0xd4,
  0xcb,
  0xde,
  0x7f,
  0xad,
  0xf0,
  0xf0,
  0x06,
  0x30,
];
const STATES = [
  [0x964d4a0c, 0xd40ab895, 0xad7fdecb, 0x3006f0f0],
  [0x72410269, 0xef382c52, 0x2e43bec7, 0x62432f20],
  [0xff3a011b, 0xb33a90fc, 0x2c5a18ae, 0xd81b946b],
  [0x941b058c, 0x605a8949, 0xa641e1b5, 0x0824bb59],
  [0xfc65379c, 0x52006d70, 0x87487639, 0xf1908343],
];
const OUTPUTS = [0xf1391922, 0x6fe53806, 0xa5be2840, 0xf510ee70];

Deno.test("xoshiro128**: known answers (little-endian seeding, states, outputs)", () => {
  const g = Xoshiro128.fromBytes(new Uint8Array(SEED));
  assert.deepEqual(g.state(), STATES[0]);
  for (let i = 0; i < OUTPUTS.length; i++) {
    assert.equal(g.next(), OUTPUTS[i], `output ${i}`);
    assert.deepEqual(g.state(), STATES[i + 1], `state after ${i + 1}`);
  }
});

Deno.test("xoshiro128**: u from two outputs, exactly as README section 10", () => {
  const g = Xoshiro128.fromBytes(new Uint8Array(SEED));
  const u = g.nextU();
  const [a, b] = [BigInt(OUTPUTS[0]), BigInt(OUTPUTS[1])];
  // (a >>> 5) · 2^26 + (b >>> 6), then + 0.5 and / 2^53: exact in binary64.
  const m = ((a >> 5n) << 26n) + (b >> 6n);
  assert.equal(u, (Number(m) + 0.5) / 2 ** 53);
  assert.ok(u > 0 && u < 1);
  const v = g.nextU();
  const m2 = ((BigInt(OUTPUTS[2]) >> 5n) << 26n) + (BigInt(OUTPUTS[3]) >> 6n);
  assert.equal(v, (Number(m2) + 0.5) / 2 ** 53);
});

Deno.test("xoshiro128**: the all-zero state is rejected", () => {
  assert.throws(() => new Xoshiro128(0, 0, 0, 0), RangeError);
  assert.throws(() => Xoshiro128.fromBytes(new Uint8Array(15)), RangeError);
});

Deno.test("odds PRNG: state = first 16 bytes of SHA256(ascii('odds') ‖ digest bytes), little-endian", () => {
  const digestHex =
    "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
  const digest = Uint8Array.from(
    digestHex.match(/../g)!,
    (h) => parseInt(h, 16),
  );
  const h = sha256(
    new Uint8Array([...new TextEncoder().encode("odds"), ...digest]),
  );
  const dv = new DataView(h.buffer, h.byteOffset, h.byteLength);
  const expected = [0, 4, 8, 12].map((o) => dv.getUint32(o, true));
  assert.deepEqual(oddsPrng(digestHex).state(), expected);
  assert.throws(
    () => oddsPrng("abc"),
    /pool digest: expected 64 lowercase hex characters/,
  );
});
