/**
 * Helpers of the setup tests: an admin client, and a form post with repeated fields (what a
 * page with checkbox groups sends).
 *
 * @module
 */
import assert from "node:assert/strict";
import { Client, DEMO_ACCOUNTS, ORIGIN, type TestApp } from "./harness.ts";

/** A client signed in as the demo admin. */
export async function adminClient(app: TestApp): Promise<Client> {
  const c = new Client(app);
  const res = await c.signIn(DEMO_ACCOUNTS[0].login, DEMO_ACCOUNTS[0].password);
  assert.equal(res.status, 303);
  return c;
}

/** GETs `path` for its CSRF token, then POSTs `pairs` (repeats allowed) to it. */
export async function postPairs(
  c: Client,
  path: string,
  pairs: [string, string][],
): Promise<Response> {
  const { csrf } = await c.page(path);
  const bytes = new TextEncoder().encode(
    new URLSearchParams([["_csrf", csrf], ...pairs]).toString(),
  );
  return await c.fetch(path, {
    method: "POST",
    body: bytes,
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "content-length": String(bytes.length),
      origin: ORIGIN,
    },
  });
}
