/**
 * Shared set-up for the runtime tests: the fixture app's handler, built in
 * dev mode into a private temporary folder on first use (so test files can
 * run in parallel without sharing a `_dist`).
 * @module
 */

import manifest from "./app/fresh.gen.ts";
import {
  createHandler,
  type FreshConfig,
  type RequestHandler,
} from "../server.ts";

/** Absolute path of the fixture app. */
export const FIXTURE_ROOT: string = new URL("./app/", import.meta.url).pathname;

const buildDir = Deno.makeTempDirSync({ prefix: "fresh-fixture-dist-" });
globalThis.addEventListener("unload", () => {
  try {
    Deno.removeSync(buildDir, { recursive: true });
  } catch {
    // already gone
  }
});

let cached: Promise<RequestHandler> | undefined;

/** The fixture app's handler (dev mode, so a stale build is rebuilt). */
export function fixtureHandler(): Promise<RequestHandler> {
  cached ??= createHandler(manifest, { dev: true, buildDir });
  return cached;
}

/**
 * A production-mode handler over the same build (call after
 * {@linkcode fixtureHandler} has built it).
 */
export async function productionHandler(
  config: FreshConfig = {},
): Promise<RequestHandler> {
  await fixtureHandler();
  return createHandler(manifest, { buildDir, ...config });
}

/** Sends a request to the fixture app. */
export async function request(
  path: string,
  init?: RequestInit,
): Promise<Response> {
  const handler = await fixtureHandler();
  return handler(new Request(new URL(path, "http://localhost"), init));
}

/** The fixture manifest. */
export { manifest };
