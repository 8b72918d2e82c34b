import type { FreshContext } from "$fresh/server.ts";
import { photoById } from "@/domain/kindergartens.ts";
import { parseId } from "@/utils/http.ts";
import type { AppState } from "@/utils/state.ts";

/**
 * A kindergarten photo, streamed from the object store. Photos are public pictures, not family
 * data; the answer is an image only (its type from the content check at upload, `nosniff`)
 * under a CSP that allows nothing else.
 */
export async function handler(
  _req: Request,
  ctx: FreshContext<AppState>,
): Promise<Response> {
  const id = parseId(ctx.params.id);
  const svc = ctx.state.services;
  const photo = id ? await photoById(svc.db, id) : null;
  const object = photo
    ? await svc.storage.get(photo.storageKey).catch(() => null)
    : null;
  if (!photo || !object) return new Response("Not found\n", { status: 404 });
  return new Response(object.bytes as BodyInit, {
    headers: {
      "content-type": photo.contentType,
      "cache-control": "public, max-age=3600",
      "content-security-policy": "sandbox; default-src 'none'; img-src 'self'",
      "x-content-type-options": "nosniff",
      "content-disposition": "inline",
    },
  });
}
