/**
 * Sign-in guessing stays expensive without letting a third party lock out the owner:
 * device cookies (a browser that signed in before keeps its own budget) and a slow-down,
 * never a block, for an address.
 */
import assert from "node:assert/strict";
import { LOGIN_LIMITS } from "@/domain/signin.ts";
import { Client, DEMO_ACCOUNTS, startTestApp } from "./harness.ts";

Deno.test("a stranger's guesses never lock the owner out of a browser that signed in before", async () => {
  const app = await startTestApp();
  try {
    const owner = DEMO_ACCOUNTS[2];
    const laptop = new Client(app);
    assert.equal(
      (await laptop.signIn(owner.login, owner.password)).status,
      303,
    );
    const { csrf } = await laptop.page("/");
    await laptop.post("/logout", { _csrf: csrf });

    const stranger = new Client(app);
    const statuses: number[] = [];
    for (let i = 0; i <= LOGIN_LIMITS.perAccount; i++) {
      statuses.push((await stranger.signIn(owner.login, "wrong")).status);
    }
    assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429]);
    assert.equal(
      (await stranger.signIn(owner.login, owner.password)).status,
      429,
      "an untrusted browser waits, even with the right password",
    );
    assert.equal(
      (await laptop.signIn(owner.login, owner.password)).status,
      303,
      "the owner's own browser still signs in",
    );
  } finally {
    await app.close();
  }
});

Deno.test("a device cookie has a budget of its own, and only for its own account", async () => {
  const app = await startTestApp();
  try {
    const [, a, b] = DEMO_ACCOUNTS;
    const browser = new Client(app);
    await browser.signIn(a.login, a.password);
    const { csrf } = await browser.page("/");
    await browser.post("/logout", { _csrf: csrf });
    const statuses: number[] = [];
    for (let i = 0; i <= LOGIN_LIMITS.perDevice; i++) {
      statuses.push((await browser.signIn(a.login, "wrong")).status);
    }
    assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429]);
    // A's device cookie gives no trust for B: B's untrusted budget is spent as usual.
    const other: number[] = [];
    for (let i = 0; i <= LOGIN_LIMITS.perAccount; i++) {
      other.push((await browser.signIn(b.login, "wrong")).status);
    }
    assert.deepEqual(other, [401, 401, 401, 401, 401, 429]);
  } finally {
    await app.close();
  }
});

Deno.test("many failures from one address slow it down but never block it", async () => {
  const app = await startTestApp();
  try {
    const office = new Client(app); // every request comes from 127.0.0.1
    const n = LOGIN_LIMITS.addressDelayAfter + 2;
    for (let i = 0; i < n; i++) {
      const res = await office.signIn(`nobody.${i}`, "wrong");
      assert.equal(res.status, 401, `attempt ${i + 1}`);
    }
    const started = performance.now();
    const colleague = DEMO_ACCOUNTS[3];
    const res = await new Client(app).signIn(
      colleague.login,
      colleague.password,
    );
    assert.equal(
      res.status,
      303,
      "a colleague at the same address still signs in",
    );
    assert.ok(
      performance.now() - started >= 2 * LOGIN_LIMITS.addressDelayStepMs,
      "but after a delay",
    );
  } finally {
    await app.close();
  }
});
