/**
 * The Web Worker that computes a pool's odds (`oddsOf`) off the pod's event loop, so pages keep
 * answering while a simulation runs. Started by `computeOddsInWorker` in `domain/odds.ts`: it
 * receives one odds input, answers `{ ok: true, result, ms }` or `{ ok: false, error }`.
 *
 * @module
 */
import { oddsOf } from "../lottery/odds.ts";

const scope = globalThis as unknown as {
  onmessage: ((event: MessageEvent) => void) | null;
  postMessage(message: unknown): void;
};

scope.onmessage = (event: MessageEvent) => {
  const started = performance.now();
  try {
    const result = oddsOf(event.data);
    scope.postMessage({ ok: true, result, ms: performance.now() - started });
  } catch (error) {
    scope.postMessage({
      ok: false,
      error: error instanceof Error ? error.message : String(error),
    });
  }
};
