import type { PageProps, RouteConfig } from "$fresh/server.ts";

export const config: RouteConfig = { routeOverride: "/custom/:slug" };

export default function Override({ params }: PageProps) {
  return <p class="override">slug:{params.slug}</p>;
}
