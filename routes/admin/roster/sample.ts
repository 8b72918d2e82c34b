import type { Handlers } from "$fresh/server.ts";
import { sampleRoster } from "@/domain/roster.ts";
import type { SignedInState } from "@/utils/state.ts";

/** A sample roster CSV to fill in (UTF-8 with BOM, so Excel shows the Korean). */
export const handler: Handlers<unknown, SignedInState> = {
  GET() {
    return new Response(sampleRoster(), {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": 'attachment; filename="roster-sample.csv"',
      },
    });
  },
};
