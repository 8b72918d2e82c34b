/**
 * The round's live events as Server-Sent Events, for its families and admins. A browser that
 * reconnects sends `Last-Event-ID` and gets exactly the events after it; the stream waits on
 * the process's doorbell hub and ends when the client goes away or the pod starts draining
 * (the browser then reconnects to another pod).
 *
 * @module
 */
import type { FreshContext } from "$fresh/server.ts";
import { mayFollowRound } from "@/domain/round_access.ts";
import { followRoundEvents } from "@/domain/round_events.ts";
import { parseId } from "@/utils/http.ts";
import type { SignedInState } from "@/utils/state.ts";

/** A comment line every so often keeps proxies from closing an idle stream. */
export const HEARTBEAT_MS = 15_000;

/** The id to resume after: the `Last-Event-ID` header, else the `after` query parameter. */
function resumeAfter(req: Request, url: URL): number {
  const raw = req.headers.get("last-event-id") ?? url.searchParams.get("after");
  return raw && /^\d{1,15}$/.test(raw) ? Number(raw) : 0;
}

/** Opens the stream. */
export async function handler(
  req: Request,
  ctx: FreshContext<SignedInState>,
): Promise<Response> {
  const roundId = parseId(ctx.params.id);
  const { services, account, events, lifecycle } = ctx.state;
  if (
    roundId === null || !(await mayFollowRound(services.db, account, roundId))
  ) {
    return ctx.renderNotFound();
  }
  if (req.method !== "GET") {
    return new Response(null, { status: 405, headers: { allow: "GET" } });
  }
  const stop = new AbortController();
  const signal = AbortSignal.any([req.signal, lifecycle.signal, stop.signal]);
  const encoder = new TextEncoder();
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch { /* the client went away */ }
      };
      send("retry: 3000\n\n");
      heartbeat = setInterval(() => send(": keep-alive\n\n"), HEARTBEAT_MS);
      try {
        for await (
          const event of followRoundEvents({
            db: services.db,
            hub: events,
            roundId,
            afterId: resumeAfter(req, ctx.url),
            signal,
          })
        ) {
          send(
            `id: ${event.id}\nevent: ${event.kind}\ndata: ${
              JSON.stringify(event.payload)
            }\n\n`,
          );
        }
      } catch (error) {
        console.error(JSON.stringify({
          level: "error",
          msg: "event stream failed",
          route: ctx.route,
          error: String(error),
        }));
      } finally {
        clearInterval(heartbeat);
        try {
          controller.close();
        } catch { /* already closed */ }
      }
    },
    cancel() {
      clearInterval(heartbeat);
      stop.abort();
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      "x-accel-buffering": "no",
    },
  });
}
