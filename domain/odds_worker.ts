/**
 * Computes a pool's odds (`oddsOf`) away from the pod's event loop, in one of two ways (see
 * `computeOddsInWorker` and `computeOddsInProcess` in `domain/odds.ts`):
 *
 * - as a Web Worker: receives one odds input, answers `{ ok: true, result }` or
 *   `{ ok: false, error }`;
 * - as a process (`deno run odds_worker.ts`, started under `nice`): reads the input as JSON on
 *   stdin and writes the same answer as JSON on stdout.
 *
 * @module
 */
import { oddsOf } from "../lottery/odds.ts";

type Answer =
  | { ok: true; result: ReturnType<typeof oddsOf> }
  | { ok: false; error: string };

function answer(input: unknown): Answer {
  try {
    return { ok: true, result: oddsOf(input) };
  } catch (error) {
    return {
      ok: false,
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

const scope = globalThis as unknown as {
  onmessage: ((event: MessageEvent) => void) | null;
  postMessage(message: unknown): void;
};

if ("WorkerGlobalScope" in globalThis) {
  scope.onmessage = (event: MessageEvent) =>
    scope.postMessage(answer(event.data));
} else if (import.meta.main) {
  const input = JSON.parse(await new Response(Deno.stdin.readable).text());
  const out = new TextEncoder().encode(JSON.stringify(answer(input)));
  for (let at = 0; at < out.length;) {
    at += await Deno.stdout.write(out.subarray(at));
  }
}
