/**
 * The process lifecycle, handed to requests through `ctx.state`: readiness fails while the
 * process drains, and long-lived responses (event streams) end when it starts.
 *
 * @module
 */

/**
 * Whether the process is draining for shutdown, with a signal that fires when it starts.
 *
 * @example
 * ```ts
 * const lifecycle = new Lifecycle();
 * lifecycle.signal.addEventListener("abort", () => console.log("closing streams"));
 * lifecycle.drain();
 * lifecycle.draining; // true
 * ```
 */
export class Lifecycle {
  #controller = new AbortController();

  /** True once {@link drain} was called. */
  get draining(): boolean {
    return this.#controller.signal.aborted;
  }

  /** Aborted when the process starts draining. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Starts draining: readiness answers 503 and open streams end. */
  drain(): void {
    this.#controller.abort();
  }
}
