import type { PageProps } from "$fresh/server.ts";

export default function CatchAll({ params }: PageProps) {
  if (params.catchall.startsWith("missing")) return null;
  return <p class="catchall">catchall:{params.catchall}</p>;
}

export const handler = {
  GET(
    _req: Request,
    ctx: {
      params: Record<string, string>;
      renderNotFound(): Promise<Response>;
      render(): Promise<Response>;
    },
  ) {
    return ctx.params.catchall.startsWith("missing")
      ? ctx.renderNotFound()
      : ctx.render();
  },
};
