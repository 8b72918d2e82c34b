import assert from "node:assert/strict";
import {
  DEFAULT_SETTINGS,
  type Facts,
  type Settings,
  tierOf,
  unitChoice,
  validateSettings,
  weightOf,
  yearsOfService,
} from "./weights_and_tiers.ts";

const none: Facts = {
  serviceYears: 0,
  singleParent: false,
  childrenUnder13: 1,
  disability: false,
  employeeCouple: false,
  dualIncome: false,
  siblingEnrolled: false,
};
const S = (over: Partial<Settings> = {}): Settings => ({
  ...DEFAULT_SETTINGS,
  tiers: [],
  ...over,
});

Deno.test("weightOf: defaults table examples", () => {
  assert.equal(weightOf(S(), none).weight, 100);
  assert.deepEqual(weightOf(S(), none).addends, [{
    factor: "base",
    amount: 100,
    detail: "100",
  }]);
  assert.equal(weightOf(S(), { ...none, serviceYears: 7 }).weight, 170);
  assert.equal(weightOf(S(), { ...none, serviceYears: 25 }).weight, 300); // cap 20 years
  assert.equal(
    weightOf(S(), { ...none, serviceYears: 3, spouseServiceYears: 12 }).weight,
    220,
  );
  assert.equal(weightOf(S(), { ...none, childrenUnder13: 3 }).weight, 140);
  assert.equal(weightOf(S(), { ...none, childrenUnder13: 9 }).weight, 160); // cap 3 extra
  assert.equal(weightOf(S(), { ...none, childrenUnder13: 0 }).weight, 100);
  assert.equal(
    weightOf(S(), { ...none, singleParent: true, disability: true }).weight,
    200,
  );
  assert.equal(weightOf(S(), { ...none, siblingEnrolled: true }).weight, 120);
  const all = weightOf(S(), {
    serviceYears: 30,
    singleParent: true,
    childrenUnder13: 4,
    disability: true,
    employeeCouple: true,
    dualIncome: true,
    siblingEnrolled: true,
  });
  assert.equal(all.weight, 100 + 200 + 50 + 60 + 50 + 30 + 20);
  assert.equal(all.addends.reduce((s, a) => s + a.amount, 0), all.weight);
});

Deno.test("weightOf: couple and dual income interplay", () => {
  // HR couple, both factors on: only the couple amount.
  assert.equal(weightOf(S(), { ...none, employeeCouple: true }).weight, 130);
  assert.equal(
    weightOf(S(), { ...none, employeeCouple: true, dualIncome: true }).weight,
    130,
  );
  // Document only: dual income.
  assert.equal(weightOf(S(), { ...none, dualIncome: true }).weight, 130);
  // Couple factor off: the HR link counts as dual income.
  const noCouple = S({ employeeCouple: null });
  const r = weightOf(noCouple, { ...none, employeeCouple: true });
  assert.equal(r.weight, 130);
  assert.deepEqual(r.addends.map((a) => a.factor), ["base", "dualIncome"]);
  // Dual income off: couple still adds.
  assert.equal(
    weightOf(S({ dualIncome: null }), { ...none, employeeCouple: true }).weight,
    130,
  );
  assert.equal(
    weightOf(S({ dualIncome: null }), { ...none, dualIncome: true }).weight,
    100,
  );
  assert.equal(
    weightOf(S({ employeeCouple: 40, dualIncome: 25 }), {
      ...none,
      employeeCouple: true,
    }).weight,
    140,
  );
});

Deno.test("tierOf: best matching tier, N+1 when none", () => {
  const s = S({
    tiers: [["singleParent", "disability"], ["multiChild"], ["dualIncome"]],
  });
  assert.equal(tierOf(s, none), 4);
  assert.equal(tierOf(s, { ...none, singleParent: true }), 4);
  assert.equal(
    tierOf(s, {
      ...none,
      singleParent: true,
      disability: true,
      childrenUnder13: 2,
    }),
    1,
  );
  assert.equal(
    tierOf(s, { ...none, childrenUnder13: 2, employeeCouple: true }),
    2,
  );
  assert.equal(tierOf(s, { ...none, employeeCouple: true }), 3); // HR couple counts as dual income
  assert.equal(tierOf(S(), none), 1);
  // Tiers add no weight.
  assert.equal(weightOf(s, { ...none, childrenUnder13: 1 }).weight, 100);
});

Deno.test("validateSettings: rejects bad amounts, base, tiers, unknown keys", () => {
  assert.deepEqual(validateSettings(S()), []);
  assert.deepEqual(
    validateSettings(S({ singleParent: null, servicePerYear: 0 })),
    [],
  );
  const cases: [Partial<Settings> | Record<string, unknown>, RegExp][] = [
    [{ base: 0 }, /^base/],
    [{ base: 1.5 }, /^base/],
    [{ singleParent: -10 }, /^singleParent/],
    [{ disability: 2.5 }, /^disability/],
    [{ serviceMaxYears: -1 }, /^serviceMaxYears/],
    [{ childMaxExtra: null as unknown as number }, /^childMaxExtra/],
    [{ tiers: [[]] }, /^tiers\[0\]/],
    [
      { tiers: [["singleParent"], ["rich" as never]] },
      /^tiers\[1\].*unknown factor/,
    ],
    [{ bonus: 3 }, /^bonus: unknown/],
  ];
  for (const [over, re] of cases) {
    const errors = validateSettings({ ...S(), ...over } as Settings);
    assert.equal(errors.length, 1, JSON.stringify(over));
    assert.match(errors[0], re);
    assert.throws(
      () => weightOf({ ...S(), ...over } as Settings, none),
      /invalid settings/,
    );
  }
});

Deno.test("unitChoice and yearsOfService", () => {
  assert.deepEqual(
    unitChoice([{ weight: 150, tier: 3 }, { weight: 120, tier: 1 }, {
      weight: 90,
      tier: 2,
    }]),
    { weight: 150, tier: 1 },
  );
  assert.throws(() => unitChoice([]), /a unit needs at least one member/);
  assert.equal(yearsOfService("2015-03-01", "2025-02-28"), 9);
  assert.equal(yearsOfService("2015-03-01", "2025-03-01"), 10);
  assert.equal(yearsOfService("2016-02-29", "2025-02-28"), 8);
  assert.equal(yearsOfService("2016-02-29", "2025-03-01"), 9);
  assert.equal(yearsOfService("2026-01-01", "2025-03-01"), 0);
  assert.throws(
    () => yearsOfService("2025-02-30", "2025-03-01"),
    /no such date/,
  );
  assert.throws(() => yearsOfService("2025/01/01", "2025-03-01"), /YYYY-MM-DD/);
});

Deno.test("validateSettings enforces the numeric limits (README section 1.1)", () => {
  for (const base of [2 ** 31, 2 ** 32, 2 ** 53 - 1, 1_000_001]) {
    assert.deepEqual(validateSettings({ ...DEFAULT_SETTINGS, base }), [
      `base: must be an integer from 1 to 1000000 (hundredths), got ${base}`,
    ]);
  }
  assert.deepEqual(
    validateSettings({ ...DEFAULT_SETTINGS, serviceMaxYears: 2 ** 32 }),
    ["serviceMaxYears: must be an integer from 0 to 100, got 4294967296"],
  );
  assert.deepEqual(
    validateSettings({
      ...DEFAULT_SETTINGS,
      servicePerYear: 100_000,
      serviceMaxYears: 100,
    }),
    [
      "settings: the largest possible weight is 10000340, above the limit 1000000",
    ],
  );
  const tiers = Array.from(
    { length: 1000 },
    () => ["singleParent" as const],
  );
  assert.deepEqual(validateSettings({ ...DEFAULT_SETTINGS, tiers }), [
    "tiers: at most 999 conditions, got 1000",
  ]);
});
