import type { FreshContext } from "$fresh/server.ts";
import type { State } from "../_middleware.ts";

export const handler = [
  (_req: Request, ctx: FreshContext<State>) => {
    ctx.state.trail.push("items-a");
    return ctx.next();
  },
  (_req: Request, ctx: FreshContext<State>) => {
    ctx.state.trail.push(`items-b:${ctx.params.id ?? "-"}`);
    return ctx.next();
  },
];
