import assert from "node:assert/strict";
import { h } from "preact";
import { signal } from "@preact/signals";
import { islandName, serializeProps } from "./islands.ts";

Deno.test("islands: names from file and export", () => {
  assert.equal(islandName("./islands/Counter.tsx", "default"), "Counter");
  assert.equal(
    islandName("./islands/admin/Tool.tsx", "Picker"),
    "admin/Tool.Picker",
  );
});

Deno.test("islands: props serialize JSON values and signals by value", () => {
  const when = new Date("2024-01-02T03:04:05Z");
  assert.deepEqual(
    serializeProps("X", {
      n: 1,
      s: "a",
      nested: { list: [1, signal("b")], skip: undefined },
      sig: signal({ deep: true }),
      when,
      bad: NaN,
    }),
    {
      n: 1,
      s: "a",
      nested: { list: [1, { __frsh_signal: "b" }] },
      sig: { __frsh_signal: { deep: true } },
      when: when.toJSON(),
      bad: null,
    },
  );
});

Deno.test("islands: functions, JSX and cycles are rejected with the prop path", () => {
  assert.throws(
    () => serializeProps("Counter", { a: { onClick: () => {} } }),
    /Island "Counter": prop "a\.onClick" is a function/,
  );
  assert.throws(
    () => serializeProps("Counter", { icon: h("b", null) }),
    /prop "icon" is JSX/,
  );
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  assert.throws(() => serializeProps("C", { cyclic }), /circular/);
  assert.throws(() => serializeProps("C", { big: 1n }), /bigint/);
});
