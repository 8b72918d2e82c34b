import assert from "node:assert/strict";
import { seedDemo } from "@/domain/demo.ts";
import {
  commitmentOf,
  entryDigest,
  pseudonymOf,
  type RoundRecord,
} from "@/lottery/mod.ts";
import { SealError } from "@/services/secret_box.ts";
import { openTestServices } from "@/services/testing/mod.ts";
import {
  addEmployee,
  fileApplication,
  freezableAt,
  rejectRegister,
} from "@/tests/freeze_helpers.ts";
import { unsealDrawSecret } from "./draw_secret.ts";
import {
  excludeApplication,
  freezeBlockers,
  freezeRound,
  ownEntrants,
} from "./freeze.ts";

const WRONG_KEY = "ab".repeat(32);

Deno.test("freeze: refused while blocked, then one transaction writes the contract", async () => {
  const services = await openTestServices();
  try {
    const { db } = services;
    const seededAt = new Date();
    await seedDemo(db, seededAt, 1000);
    const [r] = await db.sql<{ id: number }>`select id from rounds`;
    const roundId = Number(r.id);
    const [kimChild] = await db.sql<{ birth_date: string }>`
      select birth_date::text from children where name = '김서윤'`;
    // kim: in the pool; lee + park: a unit, pending; choi: the same child as kim's, pending;
    // jung: outside the pool (its copy rejected).
    const kim = await fileApplication(db, {
      roundId,
      login: "kim.hana",
      children: ["김서윤"],
      accepted: true,
    });
    const lee = await fileApplication(db, {
      roundId,
      login: "lee.minho",
      children: ["이도윤", "이하윤"],
      unit: true,
      accepted: true,
    });
    await addEmployee(db, {
      login: "choi.dup",
      name: "최중복",
      child: "김 서윤",
      birthDate: kimChild.birth_date,
    });
    const choi = await fileApplication(db, {
      roundId,
      login: "choi.dup",
      children: ["김 서윤"],
    });
    await addEmployee(db, {
      login: "jung.out",
      name: "정바깥",
      child: "정바깥아이",
      birthDate: kimChild.birth_date,
    });
    const jung = await fileApplication(db, {
      roundId,
      login: "jung.out",
      children: ["정바깥아이"],
    });
    await rejectRegister(db, { id: jung, reason: "주소가 보이지 않음" });
    const [admin] = await db.sql<{ id: number }>`
      select id from accounts where login = 'admin'`;
    const actorId = Number(admin.id);

    // Before the window closes: every blocker at once.
    const early = await freezeBlockers(db, { roundId, now: seededAt });
    assert.deepEqual(early.map((b) => b.kind), [
      "windowOpen",
      "pending",
      "duplicates",
    ]);
    const pending = early.find((b) => b.kind === "pending");
    assert.ok(pending?.kind === "pending");
    assert.deepEqual(pending.applications.map((a) => a.id), [choi]);
    const now = await freezableAt(db, roundId);
    const refused = await freezeRound(services, { roundId, actorId, now });
    assert.equal(refused.ok, false);
    assert.ok(!refused.ok && refused.reason === "blocked");
    const [none] = await db.sql<{ n: number }>`
      select count(*)::int as n from draws`;
    assert.equal(none.n, 0);
    // The beacon less than an hour away refuses it too.
    const [beacon] = await db.sql<{ at: Date }>`
      select beacon_scheduled_at as at from rounds where id = ${roundId}`;
    const late = await freezeBlockers(db, {
      roundId,
      now: new Date(beacon.at.getTime() - 30 * 60 * 1000),
    });
    assert.ok(late.some((b) => b.kind === "beaconSoon"));

    // Excluding the pending duplicate resolves both blockers; the parents get the reason.
    const kept = await excludeApplication(db, {
      roundId,
      applicationId: kim,
      actorId,
      reason: "x",
      now,
      origin: "http://kic.test",
    });
    assert.deepEqual(kept, { ok: false, reason: "notPending" });
    assert.deepEqual(
      await excludeApplication(db, {
        roundId,
        applicationId: choi,
        actorId,
        reason: "서류 미제출",
        now,
        origin: "http://kic.test",
      }),
      { ok: true },
    );
    assert.deepEqual(await freezeBlockers(db, { roundId, now }), []);

    // Two admins at once: one freeze.
    const outs = await Promise.all([
      freezeRound(services, { roundId, actorId, now }),
      freezeRound(services, { roundId, actorId, now }),
    ]);
    const ok = outs.filter((o) => o.ok);
    assert.equal(ok.length, 1);
    assert.deepEqual(outs.find((o) => !o.ok), {
      ok: false,
      reason: "frozen",
    });
    const done = ok[0];
    assert.ok(done.ok);
    assert.equal(done.entrants, 2);

    const [draw] = await db.sql<{
      secret: string | null;
      secret_sealed: string;
      commitment: string;
      digest: string;
      record: RoundRecord;
    }>`select secret, secret_sealed, commitment, digest, record from draws`;
    assert.equal(draw.secret, null);
    // (d) the sealed value is not the secret, does not open with a wrong key, opens with the
    // environment's key to the committed secret.
    const key = services.config.drawSecretKey;
    await assert.rejects(
      unsealDrawSecret(WRONG_KEY, { roundId, sealed: draw.secret_sealed }),
      SealError,
    );
    const secret = await unsealDrawSecret(key, {
      roundId,
      sealed: draw.secret_sealed,
    });
    assert.ok(!draw.secret_sealed.includes(secret));
    assert.equal(commitmentOf(secret), draw.commitment);
    assert.equal(draw.digest, done.digest);
    const record = draw.record;
    assert.equal(record.digest, draw.digest);
    assert.equal(
      entryDigest(record.recruitments, record.entrants, record),
      draw.digest,
    );
    assert.equal(record.round.id, String(roundId));
    assert.equal("secret" in record, false);

    // The entrants: kim's child and lee's unit, pseudonyms = HMAC(secret, token).
    const [kimToken] = await db.sql<{ token: string }>`
      select token from children where name = '김서윤'`;
    const [unit] = await db.sql<{ token: string }>`
      select token from sibling_units where application_id = ${lee}`;
    const kids = await db.sql<{ token: string }>`
      select token from children where name in ('이도윤', '이하윤') order by token`;
    const entrants = await db.sql<
      {
        pseudonym: string;
        members: string[];
        application_id: number;
        child_id: number | null;
        unit_id: number | null;
      }
    >`select pseudonym, members, application_id, child_id, unit_id from draw_entrants
      order by application_id`;
    assert.equal(entrants.length, 2);
    assert.equal(entrants[0].pseudonym, pseudonymOf(secret, kimToken.token));
    assert.deepEqual(entrants[0].members, [entrants[0].pseudonym]);
    assert.equal(entrants[1].pseudonym, pseudonymOf(secret, unit.token));
    assert.deepEqual(
      [...entrants[1].members].sort(),
      kids.map((k) => pseudonymOf(secret, k.token)).sort(),
    );
    assert.equal(entrants[1].child_id, null);
    const choices = await db.sql<{ n: number; w: number }>`
      select count(*)::int as n, min(weight)::int as w from draw_choices`;
    assert.ok(choices[0].n >= 2 && choices[0].w >= 100);
    const [addends] = await db.sql<{ addends: unknown[]; position: number }>`
      select addends, position from draw_choices order by pseudonym, position limit 1`;
    assert.ok(Array.isArray(addends.addends) && addends.addends.length > 0);
    assert.equal(addends.position, 0);
    const [recs] = await db.sql<{ n: number }>`
      select count(*)::int as n from draw_recruitments`;
    assert.equal(recs.n, record.recruitments.length);
    const [round] = await db.sql<{ status: string }>`
      select status from rounds where id = ${roundId}`;
    assert.equal(round.status, "frozen");
    const audits = await db.sql<
      { after: { digest: string; entrants: number } }
    >`
      select after from audit_log where action = 'round.freeze'`;
    assert.equal(audits.length, 1);
    assert.equal(audits[0].after.digest, draw.digest);
    const events = await db.sql<{ payload: Record<string, string> }>`
      select payload from round_events where kind = 'frozen'`;
    assert.deepEqual(events.map((e) => e.payload), [{
      digest: draw.digest,
      commitment: draw.commitment,
    }]);

    // The mails: each family its own pseudonyms; outside and excluded families told why.
    const mails = await db.sql<{ to_address: string; body_text: string }>`
      select to_address, body_text from outbox order by id`;
    const to = (login: string) =>
      mails.filter((m) => m.to_address === `${login}@kic.example`).at(-1)
        ?.body_text ?? "";
    for (const login of ["kim.hana", "lee.minho", "park.sora", "jung.out"]) {
      assert.match(to(login), new RegExp(draw.digest), login);
      assert.match(to(login), new RegExp(draw.commitment), login);
    }
    assert.match(to("kim.hana"), new RegExp(entrants[0].pseudonym));
    assert.doesNotMatch(to("kim.hana"), new RegExp(entrants[1].pseudonym));
    assert.match(to("park.sora"), new RegExp(entrants[1].pseudonym));
    assert.match(to("jung.out"), /주소가 보이지 않음/);
    assert.match(to("choi.dup"), /서류 미제출/);
    assert.doesNotMatch(to("choi.dup"), new RegExp(entrants[0].pseudonym));

    // The family's own entrants, never another family's.
    const [kimId] = await db.sql<{ id: number }>`
      select id from accounts where login = 'kim.hana'`;
    const mine = await ownEntrants(db, {
      roundId,
      familyIds: [Number(kimId.id)],
    });
    assert.deepEqual(mine.map((e) => [e.pseudonym, e.names]), [[
      entrants[0].pseudonym,
      ["김서윤"],
    ]]);

    // There is no re-freeze.
    const again = await freezeRound(services, { roundId, actorId, now });
    assert.deepEqual(again, { ok: false, reason: "frozen" });
  } finally {
    await services.close();
  }
});
