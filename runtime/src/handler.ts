/**
 * The request handler: static files, island bundles and routes, each behind
 * the middlewares of its folder; `_404`, `_500`, 405 and HEAD handling.
 * @module
 */

import { buildIslands, loadBuild, type LoadedBuild, rootOf } from "./build.ts";
import { registerIslands } from "./islands.ts";
import { JS_PREFIX, Renderer } from "./render.ts";
import { type Page, type Route, Router } from "./router.ts";
import { hooks } from "./shared.ts";
import { StaticFiles } from "./static.ts";
import type {
  Destination,
  FreshConfig,
  FreshContext,
  Handler,
  Handlers,
  Manifest,
  MiddlewareHandler,
  PageProps,
} from "./types.ts";
import { h } from "preact";
import { resolve } from "node:path";

/** The function returned by {@linkcode createHandler}. */
export type RequestHandler = (
  req: Request,
  info?: Deno.ServeHandlerInfo,
) => Promise<Response>;

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/** `FRESH_DEV=1` (set by `deno task dev`) turns dev mode on by default. */
function devFromEnv(): boolean {
  try {
    return Deno.env.get("FRESH_DEV") === "1";
  } catch {
    return false;
  }
}

function randomNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

function NotFound(): ReturnType<typeof h> {
  return h("h1", null, "404 Not Found");
}

function ServerError(): ReturnType<typeof h> {
  return h("h1", null, "500 Internal Server Error");
}

async function prepareBuild(
  manifest: Manifest,
  config: FreshConfig,
): Promise<LoadedBuild> {
  const buildDir = config.buildDir ?? "_dist";
  const options = { staticDir: config.staticDir };
  const loaded = await loadBuild(manifest, buildDir, options);
  if (typeof loaded !== "string") return loaded;
  if (!config.dev) {
    throw new Error(
      `Cannot serve islands: ${loaded}. Run \`deno task build\` before ` +
        "starting the server (or start it in dev mode).",
    );
  }
  await buildIslands(manifest, buildDir, options);
  const rebuilt = await loadBuild(manifest, buildDir, {
    ...options,
    checkFresh: false,
  });
  if (typeof rebuilt === "string") throw new Error(rebuilt);
  return rebuilt;
}

/**
 * Creates the app's request handler from the generated manifest. In dev mode
 * a missing or stale island build is rebuilt in-process; otherwise it is an
 * error that tells the operator to run `deno task build`.
 */
export async function createHandler(
  manifest: Manifest,
  config: FreshConfig = {},
): Promise<RequestHandler> {
  const root = rootOf(manifest);
  config = { ...config, dev: config.dev ?? devFromEnv() };
  const router = new Router(manifest);
  registerIslands(manifest);
  const build = await prepareBuild(manifest, config);
  const { buildId } = build.manifest;
  hooks.buildId = buildId;
  const renderer = new Renderer({
    buildId,
    boot: build.manifest.boot,
    islands: build.manifest.islands,
    chunks: build.manifest.chunks,
  });
  const statics = new StaticFiles(
    resolve(root, config.staticDir ?? "static"),
    buildId,
    !!config.dev,
  );
  await statics.init();
  const jsBase = `${JS_PREFIX}${buildId}/`;

  const serveBundle = (url: URL): Response => {
    const name = url.pathname.slice(jsBase.length);
    const body = url.pathname.startsWith(jsBase)
      ? build.files.get(name)
      : undefined;
    if (!body) return new Response("Not Found", { status: 404 });
    return new Response(body as BodyInit, {
      headers: {
        "content-type": "text/javascript; charset=utf-8",
        "cache-control": "public, max-age=31536000, immutable",
      },
    });
  };

  const renderPage = (
    page: Page,
    req: Request,
    ctx: FreshContext,
    status: number,
    headers?: HeadersInit,
  ) => {
    const fallback = page === router.error
      ? ServerError
      : page === router.notFound
      ? NotFound
      : undefined;
    return renderer.render(page, req, ctx, {
      status,
      headers,
      fallback: fallback as (props: PageProps) => ReturnType<typeof h>,
    });
  };

  const runRoute = (route: Route, req: Request, ctx: FreshContext) => {
    const handler = route.module.handler;
    if (typeof handler === "function") return handler(req, ctx);
    const handlers: Handlers = handler ?? {};
    const hasPage = typeof route.module.default === "function";
    const renderDefault: Handler = (_req, c) => c.render();
    const lookup = (method: string) =>
      handlers[method as keyof Handlers] ??
        (method === "GET" && hasPage ? renderDefault : undefined);
    const fn = lookup(req.method) ??
      (req.method === "HEAD" ? lookup("GET") : undefined);
    if (fn) return fn(req, ctx);
    const allowed = METHODS.filter((m) => lookup(m));
    if (allowed.includes("GET") && !allowed.includes("HEAD")) {
      allowed.splice(1, 0, "HEAD");
    }
    return new Response("Method Not Allowed", {
      status: 405,
      headers: { allow: allowed.join(", ") },
    });
  };

  const dispatch = async (
    req: Request,
    info: Deno.ServeHandlerInfo | undefined,
  ): Promise<Response> => {
    const url = new URL(req.url);
    const isRead = req.method === "GET" || req.method === "HEAD";
    let destination: Destination = "notFound";
    let page: Page = router.notFound;
    let params: Record<string, string> = {};
    let middlewares: MiddlewareHandler[];
    let final: () => Promise<Response> | Response;
    const staticFile = isRead && !url.pathname.startsWith(JS_PREFIX)
      ? await statics.lookup(url.pathname)
      : null;
    const ctx: FreshContext = {
      req,
      url,
      params,
      state: config.state?.() ?? {},
      data: undefined,
      route: "",
      destination,
      nonce: randomNonce(),
      remoteAddr: info?.remoteAddr,
      Component: () => null,
      render: (data, init) => {
        ctx.data = data;
        return renderPage(page, req, ctx, init?.status ?? 200, init?.headers);
      },
      renderNotFound: (data) => {
        ctx.data = data;
        return renderPage(router.notFound, req, ctx, 404);
      },
      next: () => Promise.resolve(ctx.renderNotFound()),
    };
    if (url.pathname.length > 1 && url.pathname.endsWith("/")) {
      // As Fresh 1.x: one canonical URL per page, without the trailing slash.
      // Leading slashes collapse too: "//host/" must never become "//host".
      // The folder middlewares still run (security headers, logging).
      const location = "/" + url.pathname.replace(/^\/+|\/+$/g, "");
      destination = "internal";
      middlewares = router.middlewaresFor(location);
      final = () =>
        new Response(null, {
          status: 307,
          headers: { location: location + url.search },
        });
    } else if (url.pathname.startsWith(JS_PREFIX)) {
      destination = "internal";
      middlewares = router.middlewaresFor(url.pathname);
      final = () => serveBundle(url);
    } else if (staticFile) {
      destination = "static";
      middlewares = router.middlewaresFor(url.pathname);
      final = () => statics.serve(req, url, staticFile);
    } else {
      const match = router.match(url.pathname);
      if (match) {
        destination = "route";
        page = match.route;
        params = match.params;
        middlewares = match.route.middlewares;
        final = () => runRoute(match.route, req, ctx);
        ctx.route = match.route.pattern;
      } else {
        middlewares = router.middlewaresFor(url.pathname);
        final = () => ctx.renderNotFound();
      }
    }
    ctx.destination = destination;
    ctx.params = params;

    const run = async (i: number): Promise<Response> => {
      const step = i < middlewares.length ? middlewares[i] : null;
      ctx.next = step
        ? () => run(i + 1)
        : () => Promise.resolve(ctx.renderNotFound());
      const response = await (step ? step(req, ctx) : final());
      if (!(response instanceof Response)) {
        const what = step ? `middleware #${i}` : `the ${destination} handler`;
        throw new TypeError(
          `${what} for ${url.pathname} did not return a Response`,
        );
      }
      return response;
    };
    try {
      return await run(0);
    } catch (error) {
      console.error(
        `Error while handling ${req.method} ${
          ctx.route || "(unmatched route)"
        }:`,
        error,
      );
      ctx.error = error;
      ctx.data = undefined;
      try {
        return await renderPage(router.error, req, ctx, 500);
      } catch (renderError) {
        console.error("The _500 page failed to render:", renderError);
        return new Response("Internal Server Error", { status: 500 });
      }
    }
  };

  return async (req, info) => {
    const response = await dispatch(req, info);
    if (req.method !== "HEAD" || response.body === null) return response;
    await response.body.cancel();
    return new Response(null, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}

/**
 * Creates the handler and serves it with `Deno.serve` (port 8000 unless
 * `config.port`); resolves when the server has shut down.
 */
export async function start(
  manifest: Manifest,
  config: FreshConfig = {},
): Promise<void> {
  const handler = await createHandler(manifest, config);
  const server = Deno.serve({
    port: config.port ?? 8000,
    hostname: config.hostname,
    signal: config.signal,
    onListen: config.onListen,
  }, handler);
  await server.finished;
}
