import type { Handlers, PageProps } from "$fresh/server.ts";
import type { State } from "../_middleware.ts";

export const handler: Handlers<{ id: string }, State> = {
  GET(_req, ctx) {
    ctx.state.trail.push("handler");
    return ctx.render({ id: ctx.params.id });
  },
};

export default function Item(
  { data, state }: PageProps<{ id: string }, State>,
) {
  return <p class="item">item {data.id} via {state.trail.join(">")}</p>;
}
