/** Liveness: the process answers. */
export const handler = (): Response =>
  new Response("ok\n", { headers: { "content-type": "text/plain" } });
