import assert from "node:assert/strict";
import type { FreshContext } from "$fresh/server.ts";
import { translator } from "@/i18n/mod.ts";
import type { Db } from "@/services/db.ts";
import { openTestDb } from "@/services/testing/mod.ts";
import { readFormBody } from "@/utils/multipart.ts";
import type { AppState } from "@/utils/state.ts";
import { idempotency } from "./idempotency.ts";

/** A POST of a keyed form through the middleware to a handler that counts its runs. */
async function submit(
  db: Db,
  opts: { idem: string; csrf?: string; handler: () => Promise<Response> },
): Promise<Response> {
  const req = new Request("http://kic.test/apply", {
    method: "POST",
    body: new URLSearchParams({ _csrf: "x", _idem: opts.idem, name: "하나" }),
  });
  const ctx = {
    url: new URL(req.url),
    state: {
      services: { db },
      csrfToken: opts.csrf ?? "token-a",
      form: await readFormBody(req),
      t: translator("ko"),
      locale: "ko",
    },
    next: opts.handler,
  } as unknown as FreshContext<AppState>;
  return await idempotency(req, ctx);
}

Deno.test("a keyed form runs once; repeats, even concurrent ones, get the first answer", async () => {
  const db = await openTestDb();
  try {
    let runs = 0;
    const handler = async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 150));
      return new Response(null, {
        status: 303,
        headers: { location: `/done/${runs}` },
      });
    };
    const idem = crypto.randomUUID();
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => submit(db, { idem, handler })),
    );
    assert.equal(runs, 1);
    for (const res of answers) {
      assert.equal(res.status, 303);
      assert.equal(res.headers.get("location"), "/done/1");
    }
    const later = await submit(db, { idem, handler });
    assert.equal(later.headers.get("location"), "/done/1");
    assert.equal(later.headers.get("idempotent-replayed"), "true");
    assert.equal(runs, 1);

    const other = await submit(db, { idem, csrf: "token-b", handler });
    assert.equal(
      other.headers.get("location"),
      "/done/2",
      "another browser's key is its own",
    );
  } finally {
    await db.close();
  }
});

Deno.test("a failed run releases its key; an answer that sets a cookie is not stored", async () => {
  const db = await openTestDb();
  try {
    const idem = crypto.randomUUID();
    await assert.rejects(
      submit(db, {
        idem,
        handler: () => Promise.reject(new TypeError("boom")),
      }),
      TypeError,
    );
    let runs = 0;
    const ok = () => {
      runs++;
      return Promise.resolve(
        new Response("<p>form again</p>", {
          status: 400,
          headers: { "content-type": "text/html; charset=utf-8" },
        }),
      );
    };
    assert.equal((await submit(db, { idem, handler: ok })).status, 400);
    const again = await submit(db, { idem, handler: ok });
    assert.equal(await again.text(), "<p>form again</p>");
    assert.equal(runs, 1, "the form that came back is replayed too");

    const cookie = crypto.randomUUID();
    let cookieRuns = 0;
    const setsCookie = () => {
      cookieRuns++;
      return Promise.resolve(
        new Response(null, {
          status: 303,
          headers: { location: "/", "set-cookie": "a=b" },
        }),
      );
    };
    await submit(db, { idem: cookie, handler: setsCookie });
    await submit(db, { idem: cookie, handler: setsCookie });
    assert.equal(cookieRuns, 2);
  } finally {
    await db.close();
  }
});
