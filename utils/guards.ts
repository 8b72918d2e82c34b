/**
 * Guards that group middlewares and routes call. Each throws a typed error
 * (`utils/errors.ts`) that the error middleware answers.
 *
 * @module
 */
import { ForbiddenError, UnauthorizedError } from "./errors.ts";
import type { AppState, SignedInState } from "./state.ts";

/**
 * Narrows the state to a signed-in one, or throws {@link UnauthorizedError}.
 *
 * @example
 * ```ts
 * assertSignedIn(ctx.state);
 * ctx.state.account.id; // an Account, never null
 * ```
 */
export function assertSignedIn(
  state: AppState,
): asserts state is SignedInState {
  if (!state.session || !state.account) throw new UnauthorizedError();
}

/**
 * Requires a signed-in admin: {@link UnauthorizedError} without a session,
 * {@link ForbiddenError} for any other role.
 *
 * @example
 * ```ts
 * assertAdmin(ctx.state);
 * ```
 */
export function assertAdmin(state: AppState): asserts state is SignedInState {
  assertSignedIn(state);
  if (state.account.role !== "admin") throw new ForbiddenError();
}
