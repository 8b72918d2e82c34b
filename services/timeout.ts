/**
 * One way to bound how long something may take: {@link withTimeout}.
 *
 * @module
 */

/** The rejection of {@link withTimeout} when the promise did not settle in time. */
export class TimeoutError extends Error {
  /** How long was waited, in ms. */
  readonly ms: number;

  /** An error that says what timed out after how long. */
  constructor(ms: number, what = "operation") {
    super(`${what} timed out after ${ms} ms`);
    this.name = "TimeoutError";
    this.ms = ms;
  }
}

/**
 * Settles as `promise` does, or, when it has not settled within `ms`, with what `onTimeout`
 * returns (or throws). Without `onTimeout` it rejects with a {@link TimeoutError}. The timer
 * is cleared either way; `promise` itself keeps running (cancel it yourself if it can be).
 *
 * @example Give up waiting, but go on
 * ```ts
 * const up = await withTimeout(cache.ping(), 2000, () => false);
 * ```
 */
export async function withTimeout<T, U = never>(
  promise: Promise<T>,
  ms: number,
  onTimeout: () => U = () => {
    throw new TimeoutError(ms);
  },
): Promise<T | U> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<U>((resolve, reject) => {
        timer = setTimeout(() => {
          try {
            resolve(onTimeout());
          } catch (error) {
            reject(error);
          }
        }, ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
