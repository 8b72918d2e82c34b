import type { FreshContext } from "$fresh/server.ts";
import { verifyFolderSignature } from "@/services/storage_folder.ts";
import type { AppState } from "@/utils/state.ts";

/** The longest a signed link may live: a longer `exp` is refused even when well signed. */
export const MAX_LINK_SECONDS = 15 * 60;

/** The document types shown in the browser; anything else is downloaded. */
const INLINE_TYPES = new Set(["application/pdf", "image/jpeg", "image/png"]);

/**
 * Serves a private object of the folder store (embedded default) behind a short-lived signed
 * URL. With S3 the signed URLs point at S3 itself and this route answers 404.
 */
export async function handler(
  req: Request,
  ctx: FreshContext<AppState>,
): Promise<Response> {
  const svc = ctx.state.services;
  const url = new URL(req.url);
  const key = ctx.params.key;
  const exp = url.searchParams.get("exp") ?? "";
  const sig = url.searchParams.get("sig") ?? "";
  const now = Date.now();
  const tooLong = !/^\d{1,12}$/.test(exp) ||
    Number(exp) * 1000 > now + MAX_LINK_SECONDS * 1000;
  if (
    svc.storage.kind !== "folder" || tooLong ||
    !verifyFolderSignature(svc.config.appSecret, { key, exp, sig, nowMs: now })
  ) {
    return new Response("Not found or link expired\n", { status: 404 });
  }
  // A well-signed key the store refuses (a folder path, "..") is simply not there.
  const object = await svc.storage.get(key).catch(() => null);
  if (!object) return new Response("Not found\n", { status: 404 });
  const inline = INLINE_TYPES.has(object.contentType);
  return new Response(object.bytes as BodyInit, {
    headers: {
      "content-type": inline ? object.contentType : "application/octet-stream",
      "cache-control": "private, no-store",
      "content-disposition": inline ? "inline" : "attachment",
      "content-security-policy":
        "sandbox; default-src 'none'; img-src 'self'; object-src 'self'",
      "x-content-type-options": "nosniff",
    },
  });
}
