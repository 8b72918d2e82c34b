import type { PageProps } from "$fresh/server.ts";

export default function NotFoundPage({ url }: PageProps) {
  return <p class="not-found">Nothing at {url.pathname}</p>;
}
