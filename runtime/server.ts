/**
 * Server API of the runtime (`$fresh/server.ts`), shaped like Fresh 1.7.
 * @module
 */

/**
 * Preact's own types: referenced, not re-exported (re-exporting them from `node_modules` would
 * make `deno doc --lint` lint Preact's undocumented declarations).
 * @ignore
 */
import type { ComponentChildren } from "preact";
import type { FreshContext } from "./src/types.ts";

export type {
  AppProps,
  AsyncComponent,
  Destination,
  FreshConfig,
  FreshContext,
  Handler,
  Handlers,
  KnownMethod,
  LayoutProps,
  Manifest,
  MiddlewareHandler,
  PageProps,
  RenderInit,
  RouteConfig,
} from "./src/types.ts";
export { createHandler, type RequestHandler, start } from "./src/handler.ts";

/** Alias of {@linkcode FreshContext} (Fresh 1.x name). */
export type RouteContext<Data = unknown, State = Record<string, unknown>> =
  FreshContext<State, Data>;

/** What a route, layout or app function may return. */
export type RouteResult = ComponentChildren | Response;

/** An async-capable route/layout/app function. */
export type RouteFunction<State> = (
  req: Request,
  ctx: FreshContext<State>,
) => RouteResult | Promise<RouteResult>;

function asAsync<State>(fn: RouteFunction<State>) {
  return async (req: Request, ctx: FreshContext<State>): Promise<RouteResult> =>
    await fn(req, ctx);
}

/**
 * Defines a route component that receives `(req, ctx)` and may be async;
 * it may also return a `Response`.
 */
export function defineRoute<State = Record<string, unknown>>(
  fn: RouteFunction<State>,
): (req: Request, ctx: FreshContext<State>) => Promise<RouteResult> {
  return asAsync(fn);
}

/** Defines a `_layout` component; `ctx.Component` is the wrapped content. */
export function defineLayout<State = Record<string, unknown>>(
  fn: RouteFunction<State>,
): (req: Request, ctx: FreshContext<State>) => Promise<RouteResult> {
  return asAsync(fn);
}

/** Defines the `_app` component; `ctx.Component` is the wrapped content. */
export function defineApp<State = Record<string, unknown>>(
  fn: RouteFunction<State>,
): (req: Request, ctx: FreshContext<State>) => Promise<RouteResult> {
  return asAsync(fn);
}
