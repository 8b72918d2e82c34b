import { healthOf } from "@/services/services.ts";
import { isDraining, services } from "@/utils/app.ts";

/** Readiness: 503 while draining for shutdown or while the database is unreachable. */
export async function handler(): Promise<Response> {
  if (isDraining()) return new Response("draining\n", { status: 503 });
  const health = await healthOf(services());
  const ok = health.db === true;
  return new Response(
    JSON.stringify({ ready: ok, dependencies: health }) + "\n",
    {
      status: ok ? 200 : 503,
      headers: {
        "content-type": "application/json",
        "cache-control": "no-store",
      },
    },
  );
}
