import assert from "node:assert/strict";
import {
  DEFAULT_BEACON_GRACE_MS,
  isLocked,
  parseRoundForm,
  roundAnnouncement,
  roundFormValues,
  shiftedOneYear,
} from "@/domain/round_setup.ts";
import {
  hundredths,
  parseRecruitmentForm,
  points,
  recruitmentFormValues,
} from "@/domain/recruitment_setup.ts";
import { entryDigest, validateAnnouncement } from "@/lottery/digest.ts";
import {
  DEFAULT_SETTINGS,
  validateSettings,
} from "@/lottery/weights_and_tiers.ts";
import {
  parseSeoulLocal,
  seoulYear,
  toSeoulLocal,
} from "@/utils/seoul_time.ts";

const NOW = new Date("2027-01-10T00:00:00Z");

function fields(values: Record<string, string | string[]>) {
  return new Map(
    Object.entries(values).map(([k, v]) => [k, Array.isArray(v) ? v : [v]]),
  );
}

const GOOD = {
  name: "2028학년도 정기 모집",
  enrolmentYear: "2028",
  applicationsOpenAt: "2027-02-01T09:00",
  applicationsCloseAt: "2027-02-15T18:00",
  reviewUntil: "2027-02-28T18:00",
  drawAt: "2027-03-05T10:00",
  firstWindowStart: "2027-03-08T09:00",
  firstWindowEnd: "2027-03-12T18:00",
  secondWindowStart: "2027-03-12T18:00",
  secondWindowEnd: "2027-03-19T18:00",
  waitlistsEndAt: "2027-06-30T18:00",
  beaconKind: "lotto645",
  beaconName: "동행복권 로또 6/45 제1260회",
  beaconScheduledAt: "2027-03-01T20:45",
  beaconDeadline: "",
  fallbackKind: "drand",
  fallbackName: "drand quicknet round 9000000",
  fallbackScheduledAt: "2027-03-06T12:00",
};

Deno.test("datetime-local values are Asia/Seoul wall-clock time", () => {
  assert.equal(
    parseSeoulLocal("2027-03-02T09:00")?.toISOString(),
    "2027-03-02T00:00:00.000Z",
  );
  assert.equal(parseSeoulLocal("2027-02-29T09:00"), null);
  assert.equal(parseSeoulLocal("2027-03-02 09:00"), null);
  assert.equal(parseSeoulLocal("2027-03-02T24:00"), null);
  assert.equal(
    toSeoulLocal(new Date("2026-12-31T15:30:00Z")),
    "2027-01-01T00:30",
  );
  assert.equal(seoulYear(new Date("2026-12-31T15:00:00Z")), 2027);
});

Deno.test("a good round parses; the deadline defaults to 24 hours after the beacon", () => {
  const r = parseRoundForm(fields(GOOD), NOW);
  assert.ok(r.ok);
  assert.equal(r.data.drawAt.toISOString(), "2027-03-05T01:00:00.000Z");
  assert.equal(
    r.data.beaconDeadline.getTime() - r.data.beaconScheduledAt.getTime(),
    DEFAULT_BEACON_GRACE_MS,
  );
  assert.deepEqual(roundFormValues(r.data).drawAt, "2027-03-05T10:00");
  assert.equal(r.data.requiresSecondApproval, false);
});

Deno.test("each broken rule puts its message beside its own field", () => {
  const cases: [Record<string, string>, string, string][] = [
    [
      { applicationsOpenAt: "2027-01-09T09:00" },
      "applicationsOpenAt",
      "roundForm.error.past",
    ],
    [
      { applicationsCloseAt: "2027-02-01T09:00" },
      "applicationsCloseAt",
      "roundForm.error.after",
    ],
    [
      { reviewUntil: "2027-02-15T18:00" },
      "reviewUntil",
      "roundForm.error.after",
    ],
    [
      { secondWindowStart: "2027-03-12T17:59" },
      "secondWindowStart",
      "roundForm.error.notBefore",
    ],
    [
      { waitlistsEndAt: "2027-03-19T18:00" },
      "waitlistsEndAt",
      "roundForm.error.after",
    ],
    [
      { beaconScheduledAt: "2027-01-09T20:45" },
      "beaconScheduledAt",
      "roundForm.error.beaconPast",
    ],
    [
      { beaconScheduledAt: "2027-02-28T18:00" },
      "beaconScheduledAt",
      "roundForm.error.after",
    ],
    [
      { beaconScheduledAt: "2027-03-05T10:00" },
      "beaconScheduledAt",
      "roundForm.error.before",
    ],
    [
      { beaconDeadline: "2027-03-01T20:00" },
      "beaconDeadline",
      "roundForm.error.notBefore",
    ],
    [
      { beaconDeadline: "2027-03-06T12:00" },
      "beaconDeadline",
      "roundForm.error.before",
    ],
    [
      { fallbackScheduledAt: "2027-03-08T09:00" },
      "fallbackScheduledAt",
      "roundForm.error.before",
    ],
    [{ drawAt: "soon" }, "drawAt", "roundForm.error.dateTime"],
    [{ enrolmentYear: "2030" }, "enrolmentYear", "roundForm.error.yearRange"],
    [{ beaconKind: "coin" }, "beaconKind", "form.error.invalid"],
    [{ beaconName: "a\u0000b" }, "beaconName", "form.error.control"],
  ];
  for (const [change, field, key] of cases) {
    const r = parseRoundForm(fields({ ...GOOD, ...change }), NOW);
    assert.ok(!r.ok, field);
    assert.equal(
      r.state.errors[field as "name"]?.key,
      key,
      JSON.stringify(change),
    );
    assert.equal(
      r.state.values[field as "name"],
      change[field],
      "typed value kept",
    );
  }
  const r = parseRoundForm(new Map(), NOW);
  assert.ok(!r.ok);
  assert.equal(Object.keys(r.state.errors).length >= 15, true);
});

Deno.test("a copy is the same round one year on, and locks by the clock", () => {
  const r = parseRoundForm(fields(GOOD), NOW);
  assert.ok(r.ok);
  const copy = shiftedOneYear(r.data);
  assert.equal(copy.enrolmentYear, 2029);
  assert.equal(toSeoulLocal(copy.applicationsOpenAt), "2028-02-01T09:00");
  assert.ok(
    parseRoundForm(fields(roundFormValues(copy) as Record<string, string>), NOW)
      .ok,
  );
  assert.equal(isLocked(r.data, new Date("2027-02-01T00:00:00Z")), true);
  assert.equal(isLocked(r.data, new Date("2027-01-31T23:59:59Z")), false);
});

Deno.test("amounts are integer hundredths; the form and the lottery agree", () => {
  assert.equal(hundredths("0.3"), 30);
  assert.equal(hundredths("1.25"), 125);
  assert.equal(hundredths("1.005"), null);
  assert.equal(hundredths("-1"), null);
  assert.equal(points(5), "0.05");
  const values = recruitmentFormValues({
    seats: 4,
    settings: DEFAULT_SETTINGS,
  });
  const r = parseRecruitmentForm(
    fields(values as Record<string, string | string[]>),
    {},
  );
  assert.ok(r.ok);
  assert.deepEqual(r.data.settings, { ...DEFAULT_SETTINGS });
  assert.deepEqual(validateSettings(r.data.settings), []);
});

Deno.test("recruitment form: bad amounts, tiers and the lottery's own limit beside the field", () => {
  const base = recruitmentFormValues({
    seats: 4,
    settings: DEFAULT_SETTINGS,
  }) as Record<
    string,
    string | string[]
  >;
  let r = parseRecruitmentForm(fields({ ...base, base: "0.00" }), {});
  assert.ok(!r.ok);
  assert.equal(r.state.errors.base?.key, "roundForm.error.baseMin");
  r = parseRecruitmentForm(
    fields({ ...base, tier1: ["singleParent"], tier3: ["singleParent"] }),
    {},
  );
  assert.ok(!r.ok);
  assert.equal(r.state.errors.tier3?.key, "roundForm.error.tierDuplicate");
  r = parseRecruitmentForm(fields({ ...base, tier2: ["lucky"] }), {});
  assert.ok(!r.ok);
  assert.equal(r.state.errors.tier2?.key, "form.error.invalid");
  // Every amount at its largest passes the form but not the lottery's weight limit.
  r = parseRecruitmentForm(fields({ ...base, servicePerYear: "99999.99" }), {});
  assert.ok(!r.ok);
  assert.equal(r.state.errors.servicePerYear?.key, "roundForm.error.setting");
  r = parseRecruitmentForm(
    fields({ ...base, servicePerYear: "10000.00", serviceMaxYears: "100" }),
    {},
  );
  assert.ok(!r.ok);
  assert.equal(r.state.errors._form?.key, "roundForm.error.setting");
  r = parseRecruitmentForm(
    fields({ ...base, tier2: ["disability", "singleParent"] }),
    {
      withClass: true,
    },
  );
  assert.ok(!r.ok);
  assert.equal(r.state.errors.class?.key, "form.error.required");
  r = parseRecruitmentForm(
    fields({ ...base, class: "3:2", tier2: ["disability", "singleParent"] }),
    { withClass: true },
  );
  assert.ok(r.ok);
  assert.deepEqual(r.data.settings.tiers, [["disability", "singleParent"]]);
  assert.equal(r.data.kindergartenId, 3);
});

Deno.test("a saved round gives an announcement the lottery accepts and binds", () => {
  const r = parseRoundForm(fields(GOOD), NOW);
  assert.ok(r.ok);
  const a = roundAnnouncement({ ...r.data, id: 42 });
  validateAnnouncement(a);
  assert.equal(
    a.beacon.deadline - a.beacon.scheduledAt,
    DEFAULT_BEACON_GRACE_MS,
  );
  assert.equal(a.beacon.fallback.kind, "drand");
  const moved = roundAnnouncement({
    ...r.data,
    id: 42,
    beaconDeadline: new Date(r.data.beaconDeadline.getTime() + 60_000),
  });
  assert.notEqual(entryDigest([], [], a), entryDigest([], [], moved));
});
