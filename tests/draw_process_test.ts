/**
 * The draw runs exactly once across replicas: 50 simultaneous draw requests split over 3 app
 * processes sharing PostgreSQL and Redis record one draw, every accepted answer carries the same
 * seed and digest, and a request with a different beacon value is refused.
 */
import assert from "node:assert/strict";
import { testRealServices, testRedisUrl } from "@/services/testing/mod.ts";
import { DEMO_ACCOUNTS } from "./harness.ts";
import { csrfOf, signInCookie, startDrawCluster } from "./draw_cluster.ts";

const VALUE = "1203:3,11,19,28,35,44+7";
const admin = DEMO_ACCOUNTS[0];

Deno.test({
  name:
    "50 simultaneous draws over 3 processes: one draw, one seed, others refused",
  ignore: !testRealServices() || !testRedisUrl(),
  fn: async () => {
    const cluster = await startDrawCluster();
    try {
      const { apps, roundId } = cluster;
      const sessions = await Promise.all(apps.map(async (app) => {
        const cookie = await signInCookie(app.url, {
          login: admin.login,
          password: admin.password,
        });
        const path = `${app.url}/admin/rounds/${roundId}/draw`;
        return { app, cookie, csrf: await csrfOf(path, cookie), path };
      }));
      const post = (i: number, value: string) => {
        const s = sessions[i % sessions.length];
        return fetch(s.path, {
          method: "POST",
          body: new URLSearchParams({
            _csrf: s.csrf,
            source: "primary",
            beaconValue: value,
            beaconValueAgain: value,
          }),
          headers: {
            cookie: s.cookie,
            origin: s.app.url,
            accept: "application/json",
          },
        });
      };
      const started = Date.now();
      const answers = await Promise.all(
        Array.from({ length: 50 }, async (_, i) => {
          const res = await post(i, VALUE);
          return { status: res.status, body: await res.json() };
        }),
      );
      console.log(`50 draw requests answered in ${Date.now() - started} ms`);
      for (const a of answers) assert.equal(a.status, 200, JSON.stringify(a));
      const fresh = answers.filter((a) => !a.body.existing);
      assert.equal(fresh.length, 1, "exactly one request drew");
      const seeds = new Set(answers.map((a) => a.body.seed));
      const digests = new Set(answers.map((a) => a.body.digest));
      assert.equal(seeds.size, 1);
      assert.deepEqual([...digests], [cluster.frozen.record.digest]);
      const [row] = await cluster.db.sql<
        { seed: string; drawn: number; events: number; audits: number }
      >`
        select d.seed,
          (select count(*)::int from draws where seed is not null) as drawn,
          (select count(*)::int from round_events
            where round_id = ${roundId} and kind = 'drawn') as events,
          (select count(*)::int from audit_log where action = 'draw.run') as audits
        from draws d where d.round_id = ${roundId}`;
      assert.equal(row.seed, [...seeds][0]);
      assert.deepEqual([row.drawn, row.events, row.audits], [1, 1, 1]);

      const other = await post(2, "1203:3,11,19,28,35,45+7");
      assert.equal(other.status, 409);
      assert.equal((await other.json()).field, "beaconValue");
      // The plain form (no JavaScript): the same value answers with the page that confirms.
      const plain = await fetch(sessions[1].path, {
        method: "POST",
        body: new URLSearchParams({
          _csrf: sessions[1].csrf,
          source: "primary",
          beaconValue: VALUE,
          beaconValueAgain: VALUE,
        }),
        redirect: "manual",
        headers: { cookie: sessions[1].cookie, origin: sessions[1].app.url },
      });
      await plain.body?.cancel();
      assert.equal(plain.status, 303);
      assert.match(plain.headers.get("location") ?? "", /done=drawn/);
    } finally {
      await cluster.close();
    }
  },
});
