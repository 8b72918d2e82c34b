import assert from "node:assert/strict";
import type { FreshContext } from "$fresh/server.ts";
import { translator } from "@/i18n/mod.ts";
import type { AppState } from "@/utils/state.ts";
import { errors } from "./errors.ts";

Deno.test("an unhandled error becomes the 500 page, logged with the route pattern, never the raw path", async () => {
  const req = new Request(
    "http://kic.test/rounds/4242?name=%ED%99%8D%EA%B8%B8%EB%8F%99",
  );
  const t = translator("ko");
  const ctx = {
    url: new URL(req.url),
    route: "/rounds/[id]",
    state: {
      t,
      locale: "ko",
      requestId: "req-1",
      csrfToken: "",
      account: null,
    },
    next: () => Promise.reject(new Error("boom")),
  } as unknown as FreshContext<AppState>;
  const logged: string[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => logged.push(args.join(" "));
  let res: Response;
  try {
    res = await errors(req, ctx);
  } finally {
    console.error = original;
  }
  assert.equal(res.status, 500);
  assert.match(await res.text(), /<nav\b/);
  assert.equal(logged.length, 1);
  const line = JSON.parse(logged[0]);
  assert.equal(line.route, "/rounds/[id]");
  assert.equal(line.id, "req-1");
  assert.doesNotMatch(logged[0], /4242|name=|%ED/);
});
