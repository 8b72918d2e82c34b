/**
 * Server-side rendering of a page: `_app` wraps the layouts which wrap the
 * page; async components are awaited first; `<Head>` contents move into
 * `<head>`; pages that rendered islands get their props block and ONE
 * inline module script, other pages get no script at all.
 * @module
 */

import {
  type ComponentChildren,
  type ComponentType,
  Fragment,
  h,
  toChildArray,
  type VNode,
} from "preact";
import { renderToString } from "preact-render-to-string";
import { type IslandRecorder, withIslandRecorder } from "./islands.ts";
import type { Page } from "./router.ts";
import { hooks } from "./shared.ts";
import type { FreshContext, PageProps } from "./types.ts";

/** Where the client code of a build lives. */
export interface ClientAssets {
  /** The build id (part of every bundle URL). */
  buildId: string;
  /** File name of the boot module. */
  boot: string;
  /** Island manifest key → entry file name. */
  islands: Record<string, string>;
  /** File name → the chunks it imports statically. */
  chunks?: Record<string, string[]>;
}

/** URL prefix of the island bundles. */
export const JS_PREFIX = "/_frsh/js/";

/** Options of {@linkcode Renderer.render}. */
export interface RenderRequest {
  /** HTTP status (default 200). */
  status?: number;
  /** Extra response headers. */
  headers?: HeadersInit;
  /** Component used when the page module has no default export. */
  fallback?: ComponentType<PageProps>;
}

// deno-lint-ignore no-explicit-any
type AnyFn = (...args: any[]) => any;
type Stage = ComponentType<Record<never, never>>;

const DEFAULT_HEAD =
  '<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">';

function isAsync(fn: unknown): fn is AnyFn {
  return typeof fn === "function" && fn.constructor.name === "AsyncFunction";
}

/** Keeps the last `<title>`, and the last of equal keys / meta names. */
function dedupeHead(items: ComponentChildren[]): ComponentChildren[] {
  const seen = new Set<string>();
  const out: ComponentChildren[] = [];
  const flat = toChildArray(items);
  for (let i = flat.length - 1; i >= 0; i--) {
    const item = flat[i];
    if (typeof item === "object") {
      const vnode = item as VNode<Record<string, unknown>>;
      const p = vnode.props ?? {};
      const id = vnode.type === "title"
        ? "title"
        : vnode.key != null
        ? `key:${vnode.key}`
        : vnode.type === "meta" && (p.name || p.property)
        ? `meta:${p.name ?? p.property}`
        : null;
      if (id && seen.has(id)) continue;
      if (id) seen.add(id);
    }
    out.unshift(item);
  }
  return out;
}

function insertBefore(html: string, marker: RegExp, text: string): string {
  const matches = [...html.matchAll(marker)];
  const last = matches[matches.length - 1];
  return last
    ? html.slice(0, last.index) + text + html.slice(last.index)
    : html + text;
}

/** Renders pages of one build. */
export class Renderer {
  #assets: ClientAssets;

  /** @param assets the client build whose scripts pages reference */
  constructor(assets: ClientAssets) {
    this.#assets = assets;
  }

  /** Renders `page` (with its app and layouts) into an HTML response. */
  async render(
    page: Page,
    req: Request,
    ctx: FreshContext,
    init: RenderRequest = {},
  ): Promise<Response> {
    const props: PageProps = {
      url: ctx.url,
      params: ctx.params,
      data: ctx.data,
      state: ctx.state,
      route: ctx.route,
      error: ctx.error,
    };
    const stage = async (
      component: unknown,
      inner?: Stage,
    ): Promise<Stage | Response> => {
      if (typeof component !== "function") {
        throw new TypeError(
          `${page.file}: the default export is not a component`,
        );
      }
      if (isAsync(component)) {
        // Each stage gets its own context, so an outer stage cannot change
        // the Component an inner one renders.
        const own = { ...ctx, Component: inner ?? (() => null) };
        const result = await component(req, own);
        if (result instanceof Response) return result;
        return () => result;
      }
      const type = component as ComponentType<PageProps>;
      return () =>
        h(type, inner ? { ...props, Component: inner } as PageProps : props);
    };
    const pageComponent = page.module.default ?? init.fallback;
    if (!pageComponent) {
      throw new Error(`${page.file} has no page component to render`);
    }
    let current = await stage(pageComponent);
    for (const layout of [...page.layouts].reverse()) {
      if (current instanceof Response) return current;
      current = await stage(layout.default, current);
    }
    if (current instanceof Response) return current;
    if (page.app) current = await stage(page.app.default, current);
    if (current instanceof Response) return current;

    const head: ComponentChildren[] = [];
    const recorder: IslandRecorder = { props: [], used: new Set() };
    const previousHead = hooks.head;
    hooks.head = (children) => void head.push(children);
    hooks.buildId = this.#assets.buildId;
    let html: string;
    try {
      const Root = current;
      html = withIslandRecorder(recorder, () => renderToString(h(Root, {})));
    } finally {
      hooks.head = previousHead;
    }
    if (!/^\s*<html[\s>]/i.test(html)) {
      html = `<html><head>${DEFAULT_HEAD}</head><body>${html}</body></html>`;
    }
    if (head.length) {
      const headHtml = renderToString(h(Fragment, null, dedupeHead(head)));
      if (headHtml.includes("<title")) {
        // A page title from <Head> replaces the one written by `_app`.
        const end = html.search(/<\/head>/i);
        if (end > 0) {
          html =
            html.slice(0, end).replace(/<title[\s>][\s\S]*?<\/title>/i, "") +
            html.slice(end);
        }
      }
      html = /<\/head>/i.test(html)
        ? html.replace(/<\/head>/i, () => `${headHtml}</head>`)
        : html.replace(
          /^(\s*<html[^>]*>)?/i,
          (open = "") => `${open}<head>${headHtml}</head>`,
        );
    }
    if (recorder.props.length) {
      html = insertBefore(
        html,
        /<\/body>/gi,
        this.#scripts(recorder, ctx.nonce),
      );
    }
    const headers = new Headers(init.headers);
    if (!headers.has("content-type")) {
      headers.set("content-type", "text/html; charset=utf-8");
    }
    return new Response("<!DOCTYPE html>" + html, {
      status: init.status ?? 200,
      headers,
    });
  }

  #scripts(recorder: IslandRecorder, nonce: string): string {
    const { buildId, boot, islands } = this.#assets;
    const base = `${JS_PREFIX}${buildId}/`;
    const state = JSON.stringify({ buildId, props: recorder.props })
      .replace(/</g, "\\u003c");
    const files = [...new Set([...recorder.used].map((i) => i.file))].sort();
    let code = `import{boot}from${JSON.stringify(base + boot)};`;
    files.forEach((file, i) => {
      const entry = islands[file];
      if (!entry) throw new Error(`No bundle for ${file}; rebuild the islands`);
      code += `import*as $${i} from${JSON.stringify(base + entry)};`;
    });
    const map = [...recorder.used]
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .map((i) =>
        `${JSON.stringify(i.name)}:$${files.indexOf(i.file)}[${
          JSON.stringify(i.exportName)
        }]`
      );
    code += `boot({${map.join(",")}});`;
    // Preload every module the boot script will import, so the browser fetches
    // them in parallel instead of discovering one chunk after another.
    const preload = new Set<string>();
    const visit = (file: string) => {
      if (preload.has(file)) return;
      preload.add(file);
      for (const dep of this.#assets.chunks?.[file] ?? []) visit(dep);
    };
    visit(boot);
    for (const file of files) visit(islands[file]);
    const links = [...preload].sort()
      .map((f) => `<link rel="modulepreload" href="${base}${f}">`).join("");
    return links +
      `<script type="application/json" id="__FRSH_STATE">${state}</script>` +
      `<script type="module" nonce="${nonce}">${
        code.replace(/</g, "\\u003c")
      }</script>`;
  }
}
