/**
 * Browser-safe part of the runtime (`$fresh/runtime.ts`): usable from
 * islands, components and routes alike.
 * @module
 */

/**
 * Preact's own types: referenced, not re-exported (re-exporting them from `node_modules` would
 * make `deno doc --lint` lint Preact's undocumented declarations).
 * @ignore
 */
import type { ComponentChildren } from "preact";
import { ASSET_CACHE_PARAM, hooks } from "./src/shared.ts";

/** `true` when running in a browser, `false` on the server. */
export const IS_BROWSER: boolean = typeof document !== "undefined";

/** Props of {@linkcode Head}. */
export interface HeadProps {
  /** Elements to place in the document `<head>` (title, meta, link…). */
  children?: ComponentChildren;
}

/**
 * Moves its children into the page's `<head>` during server rendering.
 * Renders nothing in place (and nothing at all in the browser).
 */
export function Head(props: HeadProps): null {
  hooks.head?.(props.children);
  return null;
}

/**
 * Adds the build id to a root-relative static file path, so the file can be
 * cached as immutable: `asset("/styles.css")` →
 * `/styles.css?__frsh_c=<buildId>`. Other URLs are returned unchanged.
 */
export function asset(path: string): string {
  if (!path.startsWith("/") || path.startsWith("//") || !hooks.buildId) {
    return path;
  }
  try {
    const url = new URL(path, "http://localhost");
    if (url.searchParams.has(ASSET_CACHE_PARAM)) return path;
    url.searchParams.set(ASSET_CACHE_PARAM, hooks.buildId);
    return url.pathname + url.search + url.hash;
  } catch {
    return path;
  }
}
