import assert from "node:assert/strict";
import { seedDemo } from "@/domain/demo.ts";
import { openTestServices } from "@/services/testing/mod.ts";
import {
  type ApplicationInput,
  applyRound,
  duplicateChildren,
  familyApplication,
  requiredDocuments,
  saveApplication,
  serviceYears,
  withdrawApplication,
} from "./applications.ts";
import {
  ageClass,
  enrolmentYear,
  familyChildren,
  updateChild,
} from "./children.ts";
import {
  familyDocuments,
  purgeUnattachedDocuments,
  uploadDocument,
} from "./documents.ts";
import { familyOf } from "./family.ts";

const PDF = new TextEncoder().encode(
  "%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n",
);
const HOUR = 3600_000;

Deno.test("age classes follow the birth year and the round's year", () => {
  const round = { applicationsOpenAt: new Date("2026-10-31T16:00:00Z") }; // 1 Nov in Seoul
  assert.equal(enrolmentYear(round), 2026);
  assert.equal(enrolmentYear({ ...round, enrolmentYear: 2027 }), 2027);
  assert.equal(ageClass("2025-12-31", round), 0);
  assert.equal(ageClass("2024-01-01", round), 1);
  assert.equal(ageClass("2026-01-02", round), null);
});

Deno.test("documents needed: the register always, one per factor, none for a couple's income", () => {
  const none = {
    singleParent: false,
    disability: false,
    dualIncome: true,
    siblingEnrolled: false,
    childrenCount: 2,
  };
  assert.deepEqual(requiredDocuments(none, { couple: true }), [
    "resident_register",
    "family_register",
  ]);
  assert.deepEqual(requiredDocuments(none, { couple: false }), [
    "resident_register",
    "family_register",
    "employment",
  ]);
});

Deno.test("lifecycle: draft, submit, accepted edit back to review, withdraw, purge", async () => {
  const services = await openTestServices();
  try {
    const { db } = services;
    const now = new Date();
    await seedDemo(db, now, 1000);
    const [r] = await db.sql<{ id: number }>`select id from rounds`;
    const round = await applyRound(db, Number(r.id));
    const [kim] = await db.sql<{ id: number }>`
      select id from accounts where login = 'kim.hana'`;
    const accountId = Number(kim.id);
    const family = await familyOf(db, accountId);
    assert.equal(family.couple, false);
    assert.equal(serviceYears(family, round).length, 1);
    const [child] = await familyChildren(db, family);
    const age = ageClass(child.birthDate, round);
    const rec = round.recruitments.find((x) => x.classAge === age)!;
    const input: ApplicationInput = {
      children: [{ childId: child.id, choices: [rec.id] }],
      linked: [],
      facts: {
        singleParent: false,
        disability: false,
        dualIncome: false,
        siblingEnrolled: false,
        childrenCount: 1,
      },
    };
    // An upload before any application is kept for 24 hours, then purged with its object.
    const early = await uploadDocument(services, {
      round,
      family,
      accountId,
      kind: "sibling",
      file: { filename: "s.pdf", bytes: PDF },
      now,
    });
    assert.ok(early.ok);
    const [{ storage_key: earlyKey }] = await db.sql<{ storage_key: string }>`
      select storage_key from documents`;
    assert.equal(
      await purgeUnattachedDocuments(
        services,
        new Date(now.getTime() + 23 * HOUR),
      ),
      0,
    );
    assert.equal(
      await purgeUnattachedDocuments(
        services,
        new Date(now.getTime() + 25 * HOUR),
      ),
      1,
    );
    assert.equal(await services.storage.get(earlyKey), null);
    // Submitting without the register is refused; a draft is fine and attaches uploads.
    const refused = await saveApplication(db, {
      round,
      family,
      accountId,
      input,
      version: 0,
      action: "submit",
      now,
    });
    assert.equal(refused.ok, false);
    const up = await uploadDocument(services, {
      round,
      family,
      accountId,
      kind: "resident_register",
      file: { filename: "r.pdf", bytes: PDF },
      now,
    });
    assert.ok(up.ok);
    const draft = await saveApplication(db, {
      round,
      family,
      accountId,
      input,
      version: 0,
      action: "draft",
      now,
    });
    assert.deepEqual(draft.ok && draft.status, "draft");
    assert.equal(
      await purgeUnattachedDocuments(
        services,
        new Date(now.getTime() + 48 * HOUR),
      ),
      0,
    );
    let app = (await familyApplication(db, { roundId: round.id, family }))!;
    const sent = await saveApplication(db, {
      round,
      family,
      accountId,
      input,
      version: app.version,
      action: "submit",
      now,
    });
    assert.deepEqual(sent.ok && sent.status, "submitted");
    // Once submitted, the child's birth date stays as filed; the name may change.
    const renamed = await updateChild(db, {
      family,
      id: child.id,
      child: { name: "김서윤", birthDate: "2024-01-01" },
      now,
    });
    assert.equal(renamed, "birthDateLocked");
    assert.equal(
      await updateChild(db, {
        family,
        id: child.id,
        child: { name: "김 서윤", birthDate: child.birthDate },
        now,
      }),
      "updated",
    );
    // An admin accepts it; an edit sends it back to review.
    await db
      .sql`update applications set status = 'accepted' where id = ${app.id}`;
    app = (await familyApplication(db, { roundId: round.id, family }))!;
    const edited = await saveApplication(db, {
      round,
      family,
      accountId,
      input: { ...input, facts: { ...input.facts, childrenCount: 1 } },
      version: app.version,
      action: "submit",
      now,
    });
    assert.deepEqual(edited.ok && edited.status, "needs_review");
    // A stale version is a conflict with the current application.
    const stale = await saveApplication(db, {
      round,
      family,
      accountId,
      input,
      version: app.version,
      action: "submit",
      now,
    });
    assert.ok(!stale.ok && stale.reason === "conflict" && stale.current);
    // After the deadline: no edit, and only a rejected document may be replaced.
    const late = new Date(round.applicationsCloseAt.getTime() + HOUR);
    app = (await familyApplication(db, { roundId: round.id, family }))!;
    const closed = await saveApplication(db, {
      round,
      family,
      accountId,
      input,
      version: app.version,
      action: "submit",
      now: late,
    });
    assert.ok(!closed.ok && closed.reason === "closed");
    const file = { filename: "r2.pdf", bytes: PDF };
    const notYet = await uploadDocument(services, {
      round,
      family,
      accountId,
      kind: "resident_register",
      file,
      now: late,
    });
    assert.ok(!notYet.ok && notYet.reason === "closed");
    await db
      .sql`update documents set status = 'rejected' where kind = 'resident_register'`;
    const replaced = await uploadDocument(services, {
      round,
      family,
      accountId,
      kind: "resident_register",
      file,
      now: late,
    });
    assert.ok(replaced.ok);
    const docs = await familyDocuments(db, { roundId: round.id, family });
    assert.deepEqual(docs.map((d) => [d.kind, d.status]), [[
      "resident_register",
      "pending",
    ]]);
    // Withdraw in the window, then apply again.
    app = (await familyApplication(db, { roundId: round.id, family }))!;
    assert.ok(
      (await withdrawApplication(db, {
        round,
        family,
        version: app.version,
        now,
      })).ok,
    );
    assert.equal(
      await familyApplication(db, { roundId: round.id, family }),
      null,
    );
    const again = await saveApplication(db, {
      round,
      family,
      accountId,
      input,
      version: 0,
      action: "draft",
      now,
    });
    assert.ok(again.ok);
    const attached = await db.sql<{ application_id: number }>`
      select application_id from documents where deleted_at is null`;
    assert.deepEqual(attached.map((d) => Number(d.application_id)), [
      again.ok ? again.id : 0,
    ]);
  } finally {
    await services.close();
  }
});

Deno.test("the same child in two families' applications is found", async () => {
  const services = await openTestServices();
  try {
    const { db } = services;
    const now = new Date();
    await seedDemo(db, now, 1000);
    const [r] = await db.sql<{ id: number }>`select id from rounds`;
    const round = await applyRound(db, Number(r.id));
    const ids = await db.sql<{ id: number; login: string }>`
      select id, login from accounts where login in ('kim.hana', 'park.sora') order by login`;
    for (const { id, login } of ids) {
      const accountId = Number(id);
      await db.sql`
        insert into children (account_id, name, birth_date, token)
        values (${accountId}, ${
        login === "kim.hana" ? "한 별" : "한별"
      }, '2024-02-02',
          ${crypto.randomUUID().replaceAll("-", "")})`;
      const family = await familyOf(db, accountId);
      const kids = await familyChildren(db, family);
      const kid = kids.find((k) => k.name.replace(" ", "") === "한별")!;
      const rec = round.recruitments.find((x) =>
        x.classAge === ageClass(kid.birthDate, round)
      )!;
      await db.sql`
        insert into applications (round_id, family_key, filed_by, status)
        values (${round.id}, ${family.key}, ${accountId}, 'submitted')`;
      const app = (await familyApplication(db, { roundId: round.id, family }))!;
      await db.sql`insert into application_children (application_id, child_id)
        values (${app.id}, ${kid.id})`;
      await db
        .sql`insert into application_choices (application_id, child_id, rank, recruitment_id)
        values (${app.id}, ${kid.id}, 1, ${rec.id})`;
    }
    const dups = await duplicateChildren(db, round.id);
    assert.equal(dups.length, 1);
    assert.equal(dups[0].birthDate, "2024-02-02");
    assert.equal(dups[0].applicationIds.length, 2);
  } finally {
    await services.close();
  }
});
