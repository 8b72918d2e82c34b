import assert from "node:assert/strict";
import { TimeoutError, withTimeout } from "./timeout.ts";

const never = () => new Promise<never>(() => {});

Deno.test("withTimeout: a promise that settles in time wins", async () => {
  assert.equal(await withTimeout(Promise.resolve(7), 1000), 7);
  await assert.rejects(
    withTimeout(Promise.reject(new RangeError("no")), 1000),
    RangeError,
  );
});

Deno.test("withTimeout: rejects with TimeoutError by default", async () => {
  const started = Date.now();
  await assert.rejects(withTimeout(never(), 30), (error: unknown) => {
    assert.ok(error instanceof TimeoutError);
    assert.equal(error.ms, 30);
    assert.match(error.message, /timed out after 30 ms/);
    return true;
  });
  assert.ok(Date.now() - started < 1000);
});

Deno.test("withTimeout: onTimeout supplies the value, or its throw", async () => {
  assert.equal(await withTimeout(never(), 10, () => false), false);
  await assert.rejects(
    withTimeout(never(), 10, () => {
      throw new SyntaxError("late");
    }),
    SyntaxError,
  );
});
