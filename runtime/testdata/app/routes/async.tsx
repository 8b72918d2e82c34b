import { defineRoute } from "$fresh/server.ts";

export default defineRoute(async (_req, ctx) => {
  const value = await Promise.resolve(ctx.url.searchParams.get("v") ?? "none");
  return <p class="async">async:{value}</p>;
});
