/**
 * Helpers of the setup tests: an admin client, and a form post with repeated fields (what a
 * page with checkbox groups sends).
 *
 * @module
 */
import assert from "node:assert/strict";
import { decodeBase64 } from "@/services/encoding.ts";
import { toSeoulLocal } from "@/utils/seoul_time.ts";
import { Client, DEMO_ACCOUNTS, ORIGIN, type TestApp } from "./harness.ts";

const DAY = 24 * 60 * 60 * 1000;

/** A complete 1×1 PNG. */
export const TINY_PNG: Uint8Array = decodeBase64(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
);

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

/** A valid round form whose applications open `openInDays` from now. */
export function roundForm(
  now = Date.now(),
  openInDays = 2,
): Record<string, string> {
  const at = (days: number) =>
    toSeoulLocal(new Date(now + (openInDays + days) * DAY));
  return {
    name: "2028학년도 정기 모집",
    enrolmentYear: String(
      new Date(now + (openInDays + 12) * DAY).getUTCFullYear() + 1,
    ),
    applicationsOpenAt: at(0),
    applicationsCloseAt: at(7),
    reviewUntil: at(10),
    drawAt: at(12),
    firstWindowStart: at(14),
    firstWindowEnd: at(17),
    secondWindowStart: at(17),
    secondWindowEnd: at(20),
    waitlistsEndAt: at(40),
    beaconKind: "lotto645",
    beaconName: "동행복권 로또 6/45 제1300회",
    beaconScheduledAt: at(11),
    beaconDeadline: "",
    fallbackKind: "drand",
    fallbackName: "drand quicknet round 9000000",
    fallbackScheduledAt: at(13),
  };
}
