import type { FreshContext } from "$fresh/server.ts";
import { verifyFolderSignature } from "../../services/storage_folder.ts";
import type { AppState } from "../../utils/app.ts";

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
  if (
    svc.storage.kind !== "folder" ||
    !verifyFolderSignature(svc.config.appSecret, key, exp, sig, Date.now())
  ) {
    return new Response("Not found or link expired\n", { status: 404 });
  }
  const object = await svc.storage.get(key);
  if (!object) return new Response("Not found\n", { status: 404 });
  return new Response(object.bytes as BodyInit, {
    headers: {
      "content-type": object.contentType,
      "cache-control": "private, no-store",
      "content-disposition": "inline",
      "x-content-type-options": "nosniff",
    },
  });
}
