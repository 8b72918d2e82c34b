/**
 * File-system routing: turns the manifest's `routes` into a sorted route
 * table (static segments before `[param]` before `[...rest]`) and resolves
 * the special files `_app`, `_layout`, `_middleware`, `_404` and `_500`.
 * @module
 */

import type {
  Handler,
  Handlers,
  Manifest,
  MiddlewareHandler,
  RouteConfig,
} from "./types.ts";

/** A route, layout, app or error-page module as found in the manifest. */
export interface PageModule {
  /** The component (sync or async). */
  default?: unknown;
  /** A handler function or per-method handlers. */
  handler?: Handler | Handlers;
  /** Route options. */
  config?: RouteConfig;
}

/** A renderable page with everything that wraps it. */
export interface Page {
  /** Manifest key of the page module. */
  file: string;
  /** Display pattern, e.g. `/rounds/[id]`. */
  pattern: string;
  /** The page module. */
  module: PageModule;
  /** Layout modules, outermost first, after `skipInheritedLayouts`. */
  layouts: PageModule[];
  /** The `_app` module unless skipped via `skipAppWrapper`. */
  app?: PageModule;
}

/** A routable page with its matcher and middlewares. */
export interface Route extends Page {
  /** Matcher for the request pathname. */
  matcher: URLPattern;
  /** Segment ranks used for sorting (0 static, 1 param, 2 rest). */
  ranks: number[];
  /** Middlewares of the route's folder and its ancestors, outermost first. */
  middlewares: MiddlewareHandler[];
}

/** Middlewares of one folder, for requests that matched no route. */
interface FolderMiddleware {
  matcher: URLPattern;
  handlers: MiddlewareHandler[];
}

/** Result of {@linkcode Router.match}. */
export interface RouteMatch {
  /** The matched route. */
  route: Route;
  /** Decoded parameters. */
  params: Record<string, string>;
}

const MODULE_EXT = /\.(tsx|ts|jsx|js|mjs)$/;
const REST_SEGMENT = /^\[\.\.\.([A-Za-z_$][\w$]*)\]$/;
const PARAM = /\[([A-Za-z_$][\w$]*)\]/g;

/** Routing table built once from a manifest. */
export class Router {
  #routes: Route[] = [];
  #folderMiddlewares: FolderMiddleware[] = [];
  #notFound: Page;
  #error: Page;

  /** Builds the table; throws on malformed route files. */
  constructor(manifest: Manifest) {
    const modules = new Map<string, PageModule>();
    const keys = new Map<string, string>();
    for (const [key, mod] of Object.entries(manifest.routes)) {
      if (!key.startsWith("./routes/") || !MODULE_EXT.test(key)) {
        throw new Error(`Manifest route key "${key}" must be ./routes/…`);
      }
      const path = key.slice("./routes/".length).replace(MODULE_EXT, "");
      modules.set(path, mod);
      keys.set(path, key);
    }
    const special = (dir: string, name: string) =>
      modules.get(dir ? `${dir}/${name}` : name);
    const app = special("", "_app");
    const middlewaresOf = (dir: string) => {
      const handler = (special(dir, "_middleware") as PageModule | undefined)
        ?.handler as unknown;
      if (handler === undefined) return [];
      const list = Array.isArray(handler) ? handler : [handler];
      for (const fn of list) {
        if (typeof fn !== "function") {
          throw new TypeError(`routes/${dir}/_middleware: handler not a fn`);
        }
      }
      return list as MiddlewareHandler[];
    };
    const pageOf = (file: string, dir: string, module: PageModule) => {
      const layouts: PageModule[] = [];
      let skipApp = !!module.config?.skipAppWrapper;
      if (!module.config?.skipInheritedLayouts) {
        for (const d of ancestors(dir)) {
          const layout = special(d, "_layout");
          if (!layout) continue;
          if (layout.config?.skipInheritedLayouts) layouts.length = 0;
          layouts.push(layout);
        }
      }
      for (const layout of layouts) {
        if (layout.config?.skipAppWrapper) skipApp = true;
      }
      return { file, module, layouts, app: skipApp ? undefined : app };
    };

    for (const [path, module] of modules) {
      const parts = path.split("/");
      const name = parts.pop()!;
      const dir = parts.join("/");
      if (name.startsWith("_")) {
        if (name === "_middleware" && !dir.split("/").some(isGroup)) {
          const segments = urlSegments(parts);
          this.#folderMiddlewares.push({
            matcher: new URLPattern({
              // "/:__rest*" would not match "/" itself (the slash belongs to the
              // optional group), so the root folder uses a plain wildcard.
              pathname: segments.length
                ? "/" + segments.join("/") + "/:__rest*"
                : "/*",
            }),
            handlers: middlewaresOf(dir),
          });
        }
        continue;
      }
      const fileSegments = [...parts, name].filter((p) => !isGroup(p));
      if (name === "index") fileSegments.pop();
      const override = module.config?.routeOverride;
      const pattern = override ?? "/" + fileSegments.join("/");
      const pathname = override ?? "/" + urlSegments(fileSegments).join("/");
      const middlewares = ancestors(dir).flatMap(middlewaresOf);
      this.#routes.push({
        ...pageOf(keys.get(path)!, dir, module),
        pattern,
        matcher: new URLPattern({ pathname }),
        ranks: ranksOf(pathname),
        middlewares,
      });
    }
    this.#routes.sort(compareRoutes);
    // Folder middlewares run outermost first.
    this.#folderMiddlewares.sort((a, b) =>
      a.matcher.pathname.length - b.matcher.pathname.length
    );
    const fallback = (name: string): Page => {
      const module = special("", name) ?? {};
      const file = keys.get(name) ?? `./routes/${name}`;
      return { ...pageOf(file, "", module), pattern: "" };
    };
    this.#notFound = fallback("_404");
    this.#error = fallback("_500");
  }

  /** Routes in match order. */
  get routes(): readonly Route[] {
    return this.#routes;
  }

  /** The `_404` page (an empty module when there is none). */
  get notFound(): Page {
    return this.#notFound;
  }

  /** The `_500` page (an empty module when there is none). */
  get error(): Page {
    return this.#error;
  }

  /** First route whose pattern matches `pathname`, with decoded params. */
  match(pathname: string): RouteMatch | null {
    for (const route of this.#routes) {
      const result = route.matcher.exec({ pathname });
      if (!result) continue;
      const params: Record<string, string> = {};
      for (const [key, value] of Object.entries(result.pathname.groups)) {
        if (value === undefined || /^\d+$/.test(key)) continue;
        params[key] = safeDecode(value);
      }
      return { route, params };
    }
    return null;
  }

  /** Middlewares for a request that did not match a route, outermost first. */
  middlewaresFor(pathname: string): MiddlewareHandler[] {
    return this.#folderMiddlewares
      .filter((m) => m.matcher.test({ pathname }))
      .flatMap((m) => m.handlers);
  }
}

function isGroup(part: string): boolean {
  return part.startsWith("(") && part.endsWith(")");
}

/** `a/(g)/b` → `["", "a", "a/(g)", "a/(g)/b"]`. */
function ancestors(dir: string): string[] {
  const out = [""];
  if (!dir) return out;
  const parts = dir.split("/");
  for (let i = 1; i <= parts.length; i++) out.push(parts.slice(0, i).join("/"));
  return out;
}

function escapePattern(text: string): string {
  return text.replace(/[\\:*+?(){}]/g, "\\$&");
}

/** File segments (`[id]`, `[...rest]`) → URLPattern segments. */
function urlSegments(parts: string[]): string[] {
  return parts.filter((p) => !isGroup(p)).map((part) => {
    const rest = REST_SEGMENT.exec(part);
    if (rest) return `:${rest[1]}*`;
    let out = "";
    let last = 0;
    for (const m of part.matchAll(PARAM)) {
      out += escapePattern(part.slice(last, m.index)) + `:${m[1]}`;
      last = m.index + m[0].length;
    }
    return out + escapePattern(part.slice(last));
  });
}

function ranksOf(pathname: string): number[] {
  return pathname.split("/").filter(Boolean).map((seg) => {
    const unescaped = seg.replace(/\\./g, "");
    if (/\*$/.test(unescaped) || /^:\w+[+]$/.test(unescaped)) return 2;
    return unescaped.includes(":") || unescaped.includes("(") ? 1 : 0;
  });
}

function compareRoutes(a: Route, b: Route): number {
  const n = Math.max(a.ranks.length, b.ranks.length);
  for (let i = 0; i < n; i++) {
    const ra = a.ranks[i] ?? -1;
    const rb = b.ranks[i] ?? -1;
    if (ra !== rb) return ra - rb;
  }
  return a.pattern < b.pattern ? -1 : a.pattern > b.pattern ? 1 : 0;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
