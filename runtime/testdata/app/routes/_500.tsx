import type { PageProps } from "$fresh/server.ts";

export default function ErrorPage({ error }: PageProps) {
  return <p class="error">Failed: {(error as Error).message}</p>;
}
