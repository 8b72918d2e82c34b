import type { Handlers } from "$fresh/server.ts";
import { documentUrl } from "@/domain/documents.ts";
import { familyOf } from "@/domain/family.ts";
import { NotFoundError } from "@/utils/errors.ts";
import { parseId, redirect } from "@/utils/http.ts";
import type { SignedInState } from "@/utils/state.ts";

/** Opens one of the family's own documents through a short-lived signed URL (never public). */
export const handler: Handlers<unknown, SignedInState> = {
  async GET(_req, ctx) {
    const { services, account } = ctx.state;
    const id = parseId(ctx.params.id);
    if (id === null) throw new NotFoundError();
    const family = await familyOf(services.db, account.id);
    const url = await documentUrl(services, { family, id });
    return redirect(url, 302, new Headers({ "cache-control": "no-store" }));
  },
};
