/**
 * State shared by the browser-safe API (`runtime.ts`) and the server
 * renderer. Imports nothing, so it is safe to bundle into islands.
 * @module
 */

import type { ComponentChildren } from "preact";

/** Hooks the server renderer installs while it renders one page. */
export interface RuntimeHooks {
  /** Collects the children of a `<Head>` element; unset outside SSR. */
  head?: (children: ComponentChildren) => void;
  /** The current build id used by `asset()`; empty when unknown. */
  buildId: string;
}

/** The single hooks object (one per JavaScript realm). */
export const hooks: RuntimeHooks = { buildId: "" };

/** Query parameter that carries the build id on static asset URLs. */
export const ASSET_CACHE_PARAM = "__frsh_c";
