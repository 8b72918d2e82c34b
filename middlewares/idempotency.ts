/**
 * Applies a form submission once: a form that carries an idempotency key (`_idem`, written by
 * the `Form` component) is run by the first request only; a repeat, whether a double click or
 * a POST the browser retried after a pod closed its connection, gets the first answer. A
 * repeat that arrives while the first still runs waits for its answer.
 *
 * Answers that set cookies (sign-in, sign-out, language) are never stored: those forms carry
 * no key, and are safe to repeat.
 *
 * @module
 */
import type { FreshContext } from "$fresh/server.ts";
import {
  claimKey,
  completeKey,
  releaseKey,
  type StoredAnswer,
} from "@/domain/idempotency.ts";
import { sha256Hex } from "@/services/encoding.ts";
import { idempotencyKeyOf } from "@/utils/form.ts";
import type { AppState } from "@/utils/state.ts";
import { errorPage } from "./_error_page.tsx";

/** How long a repeat waits for the first request's answer. */
export const IDEMPOTENCY_WAIT_MS = 15_000;
/** The largest body stored for a repeat (a form page that came back with its errors). */
const MAX_STORED_BODY = 512 * 1024;

function replay(answer: StoredAnswer): Response {
  const headers = new Headers({ "idempotent-replayed": "true" });
  if (answer.location) headers.set("location", answer.location);
  if (answer.contentType) headers.set("content-type", answer.contentType);
  return new Response(answer.body, { status: answer.status, headers });
}

/** Runs a keyed form once and answers its repeats with the first answer. */
export async function idempotency(
  _req: Request,
  ctx: FreshContext<AppState>,
): Promise<Response> {
  const form = ctx.state.form;
  const idem = form ? idempotencyKeyOf(form) : null;
  if (!idem) return await ctx.next();
  const { db } = ctx.state.services;
  const key = await sha256Hex(`${ctx.state.csrfToken}\n${idem}`);
  const deadline = Date.now() + IDEMPOTENCY_WAIT_MS;
  let claim = await claimKey(db, key);
  while (claim.kind === "pending" && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    claim = await claimKey(db, key);
  }
  if (claim.kind === "done") return replay(claim.answer);
  if (claim.kind === "pending") {
    return errorPage(ctx, 409, ctx.state.t("form.error.pending"));
  }
  let response: Response;
  try {
    response = await ctx.next();
  } catch (error) {
    await releaseKey(db, key);
    throw error;
  }
  const type = response.headers.get("content-type");
  const storable = !response.headers.has("set-cookie") &&
    response.status < 500 &&
    (response.body === null || type?.startsWith("text/"));
  if (!storable) {
    await releaseKey(db, key);
    return response;
  }
  const body = response.body === null ? null : await response.text();
  if (body !== null && body.length > MAX_STORED_BODY) {
    await releaseKey(db, key);
  } else {
    await completeKey(db, key, {
      status: response.status,
      location: response.headers.get("location"),
      contentType: type,
      body,
    });
  }
  return new Response(body, response);
}
