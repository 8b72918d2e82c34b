import { Head } from "$fresh/runtime.ts";
import type { PageProps } from "$fresh/server.ts";
import { asset } from "$fresh/runtime.ts";
import type { State } from "./_middleware.ts";

export default function Home({ state }: PageProps<unknown, State>) {
  return (
    <>
      <Head>
        <title>Home</title>
        <link rel="stylesheet" href={asset("/styles.css")} />
      </Head>
      <h1>Home</h1>
      <p class="trail">{state.trail.join(">")}</p>
    </>
  );
}
