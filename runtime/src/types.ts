/**
 * Preact's own types: referenced, not re-exported (re-exporting them from `node_modules` would
 * make `deno doc --lint` lint Preact's undocumented declarations).
 * @ignore
 */
import type { ComponentChildren, ComponentType, VNode } from "preact";

/** Where a request is headed once routing has decided. */
export type Destination = "route" | "static" | "internal" | "notFound";

/** Options for {@linkcode FreshContext.render}. */
export interface RenderInit {
  /** HTTP status of the rendered page (default 200). */
  status?: number;
  /** Extra response headers. */
  headers?: HeadersInit;
}

/**
 * The per-request context handed to middlewares, handlers and async route
 * components (Fresh 1.7 shape).
 */
export interface FreshContext<
  State = Record<string, unknown>,
  Data = unknown,
> {
  /** The incoming request. */
  req: Request;
  /** The parsed request URL. */
  url: URL;
  /** Decoded route parameters (`[id]`, `[...rest]`). */
  params: Record<string, string>;
  /** Mutable object shared by every middleware and the handler. */
  state: State;
  /** Data passed to `ctx.render(data)`; only set while rendering. */
  data: Data;
  /** The matched route pattern, e.g. `/rounds/[id]`; `""` when none. */
  route: string;
  /** What the request resolved to. */
  destination: Destination;
  /** Error caught by the runtime; set while rendering `_500`. */
  error?: unknown;
  /** Per-request random base64 nonce used on the inline boot script. */
  nonce: string;
  /** Address of the client, when the server passed one. */
  remoteAddr?: Deno.Addr;
  /** Render the route's page component with `data`. */
  render(data?: Data, init?: RenderInit): Promise<Response>;
  /** Render the `_404` page with status 404. */
  renderNotFound(data?: unknown): Promise<Response>;
  /** Run the next middleware or, at the end, the route itself. */
  next(): Promise<Response>;
  /** Inner component, set for async `_app` and `_layout` components. */
  Component: ComponentType<Record<never, never>>;
}

/** A request handler for one route (one method or all of them). */
export type Handler<Data = unknown, State = Record<string, unknown>> = (
  req: Request,
  ctx: FreshContext<State, Data>,
) => Response | Promise<Response>;

/** HTTP methods that a per-method {@linkcode Handlers} object may name. */
export type KnownMethod =
  | "GET"
  | "HEAD"
  | "POST"
  | "PUT"
  | "PATCH"
  | "DELETE"
  | "OPTIONS";

/** Per-method handlers of a route module. */
export type Handlers<Data = unknown, State = Record<string, unknown>> = {
  [M in KnownMethod]?: Handler<Data, State>;
};

/** A middleware exported from `_middleware.ts` (alone or in an array). */
export type MiddlewareHandler<State = Record<string, unknown>> = (
  req: Request,
  ctx: FreshContext<State>,
) => Response | Promise<Response>;

/** Props of a page component. */
export interface PageProps<Data = unknown, State = Record<string, unknown>> {
  /** The request URL. */
  url: URL;
  /** Decoded route parameters. */
  params: Record<string, string>;
  /** Data given to `ctx.render`. */
  data: Data;
  /** The shared middleware state. */
  state: State;
  /** The matched route pattern. */
  route: string;
  /** The error being shown (only on `_500`). */
  error?: unknown;
}

/** Props of `_app` and `_layout` components. */
export interface LayoutProps<Data = unknown, State = Record<string, unknown>>
  extends PageProps<Data, State> {
  /** The wrapped inner content (layout or page). */
  Component: ComponentType<Record<never, never>>;
}

/** Props of the `_app` component. */
export type AppProps<Data = unknown, State = Record<string, unknown>> =
  LayoutProps<Data, State>;

/** An async route/layout/app component: `(req, ctx) => JSX`. */
export type AsyncComponent<Data = unknown, State = Record<string, unknown>> = (
  req: Request,
  ctx: FreshContext<State, Data>,
) => Promise<ComponentChildren | Response>;

/** Optional `config` export of a route, layout or app module. */
export interface RouteConfig {
  /** A URLPattern pathname that replaces the file-derived one. */
  routeOverride?: string;
  /** Do not wrap this page in `_app`. */
  skipAppWrapper?: boolean;
  /** Ignore the `_layout` files of parent folders. */
  skipInheritedLayouts?: boolean;
}

/**
 * The generated manifest (`fresh.gen.ts`): module namespaces keyed by their
 * path relative to the project root, plus the manifest's own URL.
 */
export interface Manifest {
  /** Every module under `routes/`, keyed like `./routes/index.tsx`. */
  routes: Record<string, object>;
  /** Every module under `islands/`, keyed like `./islands/Counter.tsx`. */
  islands: Record<string, object>;
  /** `import.meta.url` of the manifest file. */
  baseUrl: string;
}

/** Configuration of {@linkcode createHandler} and {@linkcode start}. */
export interface FreshConfig {
  /** Folder of static files, relative to the manifest (default `static`). */
  staticDir?: string;
  /** Folder of built island bundles, relative to the manifest (`_dist`). */
  buildDir?: string;
  /**
   * Dev mode: build islands in-process when the build is missing or stale,
   * and re-check static files on every request. Defaults to `true` when the
   * environment has `FRESH_DEV=1` (set by `deno task dev`).
   */
  dev?: boolean;
  /** Port for {@linkcode start} (default 8000). */
  port?: number;
  /** Hostname for {@linkcode start}. */
  hostname?: string;
  /** Abort signal that shuts down the server started by {@linkcode start}. */
  signal?: AbortSignal;
  /** Called once the server started by {@linkcode start} listens. */
  onListen?: (addr: Deno.NetAddr) => void;
  /**
   * Creates each request's initial `ctx.state` (default: an empty object). This is how an
   * app hands its open services to every middleware and route without a module singleton.
   */
  state?: () => Record<string, unknown>;
}

/** A vnode as produced by JSX; re-exported for convenience. */
export type { VNode };
