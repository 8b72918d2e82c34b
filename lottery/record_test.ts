import assert from "node:assert/strict";
import { parseRecord, recordErrors } from "./record.ts";
import { offerRecord } from "./testdata/records.ts";

Deno.test("recordErrors: a drawn record has none; each bad field is named", () => {
  const rec = offerRecord();
  assert.deepEqual(recordErrors(rec), []);
  assert.equal(parseRecord(JSON.parse(JSON.stringify(rec))).digest, rec.digest);
  const bad = (f: (r: Record<string, unknown>) => void) => {
    const r = structuredClone(rec) as unknown as Record<string, unknown>;
    f(r);
    return recordErrors(r)[0];
  };
  assert.match(bad((r) => (r.format = "x")), /^format/);
  assert.match(bad((r) => delete r.digest), /^digest/);
  assert.match(
    bad((r) => ((r.recruitments as { seats: unknown }[])[0].seats = "2")),
    /^recruitments\[0\]\.seats/,
  );
  assert.match(
    bad((r) => ((r.beacon as { kind: string }).kind = "dice")),
    /^beacon\.kind/,
  );
  assert.match(
    bad((r) => ((r.draw as { results: { u: unknown }[] }).results[0].u = null)),
    /^draw\.results\[0\]\.u/,
  );
  assert.match(
    bad((
      r,
    ) => ((r.draw as { results: { choices: unknown }[] }).results[1].choices = [
      { recruitment: "k1", key: 1, rank: 1, result: "lost", waitlist: null },
    ])),
    /result/,
  );
  assert.deepEqual(recordErrors(null), ["record: expected an object"]);
  assert.throws(() => parseRecord([]), /not a round record/);
});
