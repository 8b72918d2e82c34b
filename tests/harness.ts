/**
 * Test harness: the whole app in-process, on a fresh database (a PGlite template copy, or a new
 * database on the real server when DATABASE_URL is set), with the demo data, and a tiny
 * cookie-keeping client.
 *
 * @module
 */
import { DEMO_ACCOUNTS, seedDemo } from "@/domain/demo.ts";
import {
  openTestDb,
  testConfig,
  testRealServices,
} from "@/services/testing/mod.ts";
import { type OpenApp, openApp } from "@/app/mod.ts";

export { DEMO_ACCOUNTS };

/** A running in-process app. */
export interface TestApp {
  app: OpenApp;
  /** Sends a request to the handler (path relative to http://kic.test) from `remote`. */
  fetch(path: string, init?: RequestInit, remote?: string): Promise<Response>;
  close(): Promise<void>;
}

/** The origin requests are made against. */
export const ORIGIN = "http://kic.test";

/** Env passed through to the app when the run uses the real services. */
function realEnv(): Record<string, string | undefined> {
  if (!testRealServices()) return {};
  const keys = [
    "REDIS_URL",
    "S3_ENDPOINT",
    "S3_BUCKET",
    "S3_ACCESS_KEY_ID",
    "S3_SECRET_ACCESS_KEY",
    "SMTP_URL",
  ];
  return Object.fromEntries(keys.map((k) => [k, Deno.env.get(k)]));
}

/** Starts the app with demo data; `env` overrides the configuration (e.g. a dead REDIS_URL). */
export async function startTestApp(
  env: Record<string, string | undefined> = {},
): Promise<TestApp> {
  const db = await openTestDb();
  await seedDemo(db, new Date(), 1000);
  const config = testConfig({ ...realEnv(), ...env });
  const app = await openApp(config, { jobs: false, db });
  const info = (hostname: string) =>
    ({
      remoteAddr: { transport: "tcp", hostname, port: 40000 },
    }) as Deno.ServeHandlerInfo;
  return {
    app,
    fetch: (path, init, remote = "127.0.0.1") =>
      app.handler(new Request(new URL(path, ORIGIN), init), info(remote)),
    close: () => app.close(),
  };
}

/** A browser-like client that keeps cookies and reads CSRF tokens from forms. */
export class Client {
  #cookies = new Map<string, string>();
  #app: TestApp;
  #remote: string;

  /** A client of `app` whose requests come from `remote` (default 127.0.0.1). */
  constructor(app: TestApp, remote = "127.0.0.1") {
    this.#app = app;
    this.#remote = remote;
  }

  /** Sends a request with the stored cookies; stores the cookies it sets. */
  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.#cookies.size) {
      headers.set(
        "cookie",
        [...this.#cookies].map(([k, v]) => `${k}=${v}`).join("; "),
      );
    }
    const res = await this.#app.fetch(path, {
      ...init,
      headers,
      redirect: "manual",
    }, this.#remote);
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (attrs.some((a) => /max-age=0/i.test(a.trim())) || value === "") {
        this.#cookies.delete(name);
      } else this.#cookies.set(name, value);
    }
    return res;
  }

  /** GETs a page and returns its HTML and the CSRF token of its first form. */
  async page(
    path: string,
  ): Promise<{ res: Response; html: string; csrf: string }> {
    const res = await this.fetch(path);
    const html = await res.text();
    const csrf = html.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? "";
    return { res, html, csrf };
  }

  /** POSTs a urlencoded form from our own origin, with a Content-Length as browsers send. */
  post(
    path: string,
    form: Record<string, string>,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    const body = new TextEncoder().encode(new URLSearchParams(form).toString());
    return this.fetch(path, {
      method: "POST",
      body,
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "content-length": String(body.length),
        origin: ORIGIN,
        ...headers,
      },
    });
  }

  /** Signs in through the form; returns the response of the POST. */
  async signIn(login: string, password: string): Promise<Response> {
    const { csrf } = await this.page("/login");
    return await this.post("/login", { _csrf: csrf, login, password });
  }
}
