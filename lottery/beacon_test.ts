import assert from "node:assert/strict";
import { BEACON_EXAMPLES, parseBeaconValue } from "./beacon.ts";
import type { BeaconKind } from "./types.ts";

Deno.test("parseBeaconValue: examples pass", () => {
  for (const [kind, value] of Object.entries(BEACON_EXAMPLES)) {
    assert.deepEqual(
      parseBeaconValue(kind as BeaconKind, value),
      { ok: true },
      kind,
    );
  }
});

Deno.test("parseBeaconValue: rejects every deviation", () => {
  const bad: [BeaconKind, string][] = [
    ["lotto645", "1203:3,11,19,28,35,44"],
    ["lotto645", "1203:3,11,19,28,35,44+44"],
    ["lotto645", "1203:11,3,19,28,35,44+7"],
    ["lotto645", "1203:3,3,19,28,35,44+7"],
    ["lotto645", "1203:3,11,19,28,35,46+7"],
    ["lotto645", "1203:0,11,19,28,35,44+7"],
    ["lotto645", "1203:03,11,19,28,35,44+7"],
    ["lotto645", "01203:3,11,19,28,35,44+7"],
    ["lotto645", "1203: 3,11,19,28,35,44+7"],
    ["lotto645", "1203:3,11,19,28,35,44+7\n"],
    ["drand", `4567890:${"A".repeat(64)}`],
    ["drand", `4567890:${"a".repeat(63)}`],
    ["drand", `0:${"a".repeat(64)}`],
    ["nist", `2-1234567:${"ab".repeat(63)}`],
    ["nist", `1-1234567:${"ab".repeat(64)}`],
    ["nist", `2-1234567:${"AB".repeat(64)}`],
    ["other" as BeaconKind, "x"],
  ];
  for (const [kind, value] of bad) {
    const r = parseBeaconValue(kind, value);
    assert.equal(r.ok, false, `${kind} ${value}`);
    if (!r.ok) assert.ok(r.message.length > 0);
  }
});
