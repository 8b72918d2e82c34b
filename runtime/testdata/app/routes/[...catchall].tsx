import type { Handlers, PageProps } from "$fresh/server.ts";

export const handler: Handlers = {
  GET(_req, ctx) {
    return ctx.params.catchall.startsWith("missing")
      ? ctx.renderNotFound()
      : ctx.render();
  },
};

export default function CatchAll({ params }: PageProps) {
  return <p class="catchall">catchall:{params.catchall}</p>;
}
