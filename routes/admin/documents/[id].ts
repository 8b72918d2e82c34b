import type { Handlers } from "$fresh/server.ts";
import { openDocumentForAdmin } from "@/domain/review.ts";
import { NotFoundError } from "@/utils/errors.ts";
import { parseId } from "@/utils/http.ts";
import type { SignedInState } from "@/utils/state.ts";

/**
 * The policy of a document response: nothing loads from it, it runs no script and has no
 * origin (`sandbox`); only our own pages may frame it.
 */
const DOCUMENT_CSP =
  "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox; frame-ancestors 'self'";

/**
 * Streams one family's document to an admin for an inline preview, read through the storage
 * service (folder or S3 alike, never a redirect to S3), each opening audited. The stored content
 * type was checked by content at upload; `nosniff` and the sandbox keep it from being anything
 * else.
 */
export const handler: Handlers<unknown, SignedInState> = {
  async GET(_req, ctx) {
    const id = parseId(ctx.params.id);
    if (id === null) throw new NotFoundError();
    const doc = await openDocumentForAdmin(ctx.state.services, {
      actorId: ctx.state.account.id,
      id,
    });
    const ascii = doc.filename.replace(/[^\x20-\x7e]|["\\]/g, "_");
    return new Response(doc.bytes as BodyInit, {
      headers: {
        "content-type": doc.contentType,
        "content-length": String(doc.bytes.length),
        "content-disposition": `inline; filename="${ascii}"; filename*=UTF-8''${
          encodeURIComponent(doc.filename)
        }`,
        "x-content-type-options": "nosniff",
        "cache-control": "private, no-store",
        "content-security-policy": DOCUMENT_CSP,
        "cross-origin-resource-policy": "same-origin",
      },
    });
  },
};
