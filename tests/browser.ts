/**
 * Launches Debian's Chromium through playwright-core for the browser tests.
 *
 * @module
 */
import { type Browser, chromium } from "playwright-core";

/** Where Debian installs Chromium. */
export const CHROMIUM = "/usr/bin/chromium";

/** True when the browser tests can run (on CI they must: a missing browser fails them). */
export function browserAvailable(): boolean {
  try {
    return Deno.statSync(CHROMIUM).isFile || !!Deno.env.get("CI");
  } catch {
    return !!Deno.env.get("CI");
  }
}

/** Starts headless Chromium with the flags this sandbox needs. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
