/**
 * Typed errors that routes and guards throw and the error middleware turns into responses
 * (`middlewares/errors.ts`), so no route builds a sign-in redirect or a 403 page itself.
 *
 * @module
 */

/** An error that maps to an HTTP answer. */
export class HttpError extends Error {
  /** The HTTP status it maps to. */
  readonly status: number;

  /** Creates an error answered with `status`. */
  constructor(status: number, message: string) {
    super(message);
    this.name = new.target.name;
    this.status = status;
  }
}

/** Not signed in: the visitor is sent to sign-in, and back here afterwards. */
export class UnauthorizedError extends HttpError {
  /** Creates the error (the message is for logs only). */
  constructor(message = "Sign in to see this page.") {
    super(401, message);
  }
}

/** Signed in but not allowed: answered 403. */
export class ForbiddenError extends HttpError {
  /** Creates the error (the message is for logs only). */
  constructor(message = "This page is for admins only.") {
    super(403, message);
  }
}

/** A body over the size cap, on a route that takes no upload: answered 413. */
export class PayloadTooLargeError extends HttpError {
  /** Creates the error (the message is for logs only). */
  constructor(message = "The request body is too large.") {
    super(413, message);
  }
}

/** Nothing the visitor may see here: answered 404 (also for another family's objects). */
export class NotFoundError extends HttpError {
  /** Creates the error (the message is for logs only). */
  constructor(message = "Not found.") {
    super(404, message);
  }
}

/**
 * A change refused because it would alter the frozen entry list of a round (answered 409 with
 * a message naming the round, in the user's language, by the error middleware).
 */
export class RoundFrozenError extends HttpError {
  /** The frozen round. */
  readonly round: { id: number; name: string };

  /** Creates the error for `round` (the message is for logs only). */
  constructor(round: { id: number; name: string }) {
    super(409, `Round ${round.id} is frozen: its entry list cannot change.`);
    this.round = round;
  }
}
