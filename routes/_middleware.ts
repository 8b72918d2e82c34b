/**
 * The root middlewares, outermost first: security headers, observe (request id, metrics,
 * access log; unknown methods answered 501 here), language, errors (typed errors and the 500 page), session, then CSRF with the body
 * limits, then idempotency (a keyed form runs once). Group middlewares add the sign-in and role guards.
 *
 * @module
 */
import { csrf } from "@/middlewares/csrf.ts";
import { errors } from "@/middlewares/errors.ts";
import { idempotency } from "@/middlewares/idempotency.ts";
import { locale } from "@/middlewares/locale.ts";
import { observe } from "@/middlewares/observe.ts";
import { securityHeaders } from "@/middlewares/security_headers.ts";
import { session } from "@/middlewares/session.ts";

/** Every request passes these in order. */
export const handler = [
  securityHeaders,
  observe,
  locale,
  errors,
  session,
  csrf,
  idempotency,
];
