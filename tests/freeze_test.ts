/**
 * The freeze over HTTP (issue 12, must show 2 and 3): after the freeze every write path that
 * could change an entrant is refused with 409 naming the round, even while the application
 * window is still open by the clock (so the refusal is the freeze's, not the calendar's); a
 * withdrawal is kept for the draw; the frozen list is shown to the round's families and admins
 * only; its download gives the published digest with the lottery CLI run as a subprocess; and
 * a family's error report reaches the admins, rate-limited per account.
 */
import assert from "node:assert/strict";
import { DEMO_ACCOUNTS } from "@/domain/demo.ts";
import {
  createEmployee,
  employeeById,
  updateEmployee,
} from "@/domain/employees.ts";
import { freezeRound } from "@/domain/freeze.ts";
import {
  recruitmentSetup,
  updateRecruitment,
} from "@/domain/recruitment_setup.ts";
import { RoundFrozenError } from "@/utils/errors.ts";
import { PDF, postMultipart } from "./apply_helpers.ts";
import { fileApplication, freezableAt } from "./freeze_helpers.ts";
import { Client } from "./harness.ts";
import { startMailApp } from "./mailbox.ts";
import { upload as uploadRoster } from "./roster_fixture.ts";

const [ADMIN, KIM, LEE] = DEMO_ACCOUNTS;
const FROZEN_KO = /추첨 명단이 확정\(동결\)되어 이 변경을 할 수 없습니다/;

Deno.test({
  name:
    "after the freeze: every write path refused, withdrawal kept, list, download, report",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const app = await startMailApp();
    try {
      const { services } = app.app;
      const db = services.db;
      const [r] = await db.sql<{ id: number }>`select id from rounds`;
      const roundId = Number(r.id);
      const kimApp = await fileApplication(db, {
        roundId,
        login: KIM.login,
        children: ["김서윤"],
        accepted: true,
      });
      await fileApplication(db, {
        roundId,
        login: LEE.login,
        children: ["이도윤", "이하윤"],
        unit: true,
        accepted: true,
      });
      const [admin] = await db.sql<{ id: number }>`
        select id from accounts where login = 'admin'`;
      const out = await freezeRound(services, {
        roundId,
        actorId: Number(admin.id),
        now: await freezableAt(db, roundId),
      });
      assert.ok(out.ok);

      const kim = new Client(app);
      await kim.signIn(KIM.login, KIM.password);
      const [child] = await db.sql<{ id: number; name: string }>`
        select id, name from children where name = '김서윤'`;
      const refused = async (res: Response, what: string) => {
        assert.equal(res.status, 409, what);
        assert.match(await res.text(), FROZEN_KO, what);
      };

      // Applications: saving, submitting and withdrawing through the form.
      for (const intent of ["draft", "submit", "withdraw"]) {
        const { csrf } = await kim.page(`/rounds/${roundId}/apply`);
        await refused(
          await kim.post(`/rounds/${roundId}/apply`, {
            _csrf: csrf,
            intent,
            version: "1",
            childrenCount: "1",
            [`choice-${child.id}-1`]: "1",
          }),
          `apply ${intent}`,
        );
      }
      // Documents: a new or replacing upload.
      const docs = `/rounds/${roundId}/documents`;
      await refused(
        await postMultipart(kim, {
          path: docs,
          fields: [["_csrf", (await kim.page(docs)).csrf], [
            "kind",
            "resident_register",
          ]],
          file: { field: "document", name: "r.pdf", bytes: PDF },
        }),
        "document upload",
      );
      // Children: edit and remove.
      const childPage = `/children/${child.id}`;
      await refused(
        await kim.post(childPage, {
          _csrf: (await kim.page(childPage)).csrf,
          name: "김서윤2",
          birthDate: "2020-01-01",
        }),
        "child edit",
      );
      await refused(
        await kim.post(childPage, {
          _csrf: (await kim.page(childPage)).csrf,
          intent: "remove",
        }),
        "child remove",
      );
      // Recruitments: seats and settings (refused by the freeze in the use case itself).
      const [rec] = await db.sql<{ id: number }>`
        select recruitment_id as id from draw_recruitments limit 1`;
      const setup = await recruitmentSetup(db, {
        roundId,
        id: Number(rec.id),
      });
      await assert.rejects(
        updateRecruitment(db, {
          actorId: Number(admin.id),
          roundId,
          id: Number(rec.id),
          input: { seats: setup!.seats + 1, settings: setup!.settings },
          now: new Date(0),
        }),
        RoundFrozenError,
      );
      // HR data: the join date through the use case, the spouse link through the roster.
      const [kimAccount] = await db.sql<{ id: number }>`
        select id from accounts where login = ${KIM.login}`;
      const kimHr = (await employeeById(db, Number(kimAccount.id)))!;
      const input = {
        ...kimHr,
        spouseEmployeeNo: kimHr.spouseEmployeeNo ?? "",
      };
      await assert.rejects(
        updateEmployee(db, {
          actorId: Number(admin.id),
          id: kimHr.id,
          input: { ...input, joinDate: "2010-01-04" },
          now: new Date(),
        }),
        (e) => e instanceof RoundFrozenError && e.round.id === roundId,
      );
      // A new employee linked as kim's spouse would make kim's family a couple.
      await assert.rejects(
        createEmployee(db, {
          actorId: Number(admin.id),
          input: {
            login: "new.spouse",
            email: "new.spouse@kic.example",
            nameKo: "새배우자",
            employeeNo: "E9001",
            department: "인사팀",
            joinDate: "2020-01-02",
            spouseEmployeeNo: kimHr.employeeNo,
          },
          now: new Date(),
          origin: "http://kic.test",
        }),
        RoundFrozenError,
      );
      // Not a weighing fact: the department may still change.
      const edited = await updateEmployee(db, {
        actorId: Number(admin.id),
        id: kimHr.id,
        input: { ...input, department: "새 부서" },
        now: new Date(),
      });
      assert.deepEqual(edited, { ok: true, id: kimHr.id });
      const adminClient = new Client(app);
      await adminClient.signIn(ADMIN.login, ADMIN.password);
      const csv =
        "\ufeffaccount_id,name_ko,employee_no,department,join_date,spouse_employee_no\n" +
        `lee.minho,이민호,E1002,인사팀,2014-03-02,\n`;
      const preview = await uploadRoster(
        adminClient,
        new TextEncoder().encode(csv),
        "re.csv",
      );
      const previewId = preview.html.match(/name="preview" value="([^"]+)"/)!;
      await refused(
        await adminClient.post("/admin/roster/apply", {
          _csrf: preview.html.match(/name="_csrf" value="([^"]+)"/)![1],
          preview: previewId[1],
        }),
        "roster import",
      );
      const [lee] = await db.sql<{ spouse: string | null }>`
        select spouse_employee_no as spouse from accounts where login = 'lee.minho'`;
      assert.equal(lee.spouse, "E1003", "the spouse link is unchanged");

      // A withdrawal is kept for the draw, one row per entrant; the frozen list is unchanged.
      const entrantsBefore = await db
        .sql`select * from draw_entrants order by pseudonym`;
      const roundPage = `/rounds/${roundId}`;
      const { html: before, csrf } = await kim.page(roundPage);
      assert.match(before, /신청 취소하기/);
      const kept = await kim.post(roundPage, {
        _csrf: csrf,
        intent: "withdraw",
      });
      assert.equal(kept.status, 303);
      assert.match(kept.headers.get("location")!, /done=kept/);
      const rows = await db.sql<{ pseudonym: string }>`
        select k.pseudonym from kept_withdrawals k
        join draw_entrants e using (round_id, pseudonym)
        where e.application_id = ${kimApp}`;
      assert.equal(rows.length, 1);
      assert.deepEqual(
        await db.sql`select * from draw_entrants order by pseudonym`,
        entrantsBefore,
      );
      const { html: after } = await kim.page(`${roundPage}?done=kept`);
      assert.match(after, /취소 보관됨 — 추첨 때 적용/);
      assert.match(after, /취소를 보관했습니다/);
      assert.doesNotMatch(after, /신청 취소하기/);

      // The frozen list: families and admins of the round; others 404.
      const list = `/rounds/${roundId}/frozen`;
      const own = await kim.page(list);
      assert.equal(own.res.status, 200);
      assert.match(own.html, new RegExp(out.digest));
      assert.match(
        own.html,
        /<tr\s+class="mine"><td><code class="hash">[0-9a-f]{32}<\/code><span class="badge">우리 가족/,
      );
      assert.doesNotMatch(own.html, /김서윤|이도윤/, "no names");
      assert.match(own.html, /가중치 \d+\.\d{2}/);
      assert.equal((await adminClient.fetch(list)).status, 200);
      const outsider = new Client(app);
      await db.sql`update accounts set spouse_employee_no = null
        where login in ('lee.minho', 'park.sora')`;
      await outsider.signIn(DEMO_ACCOUNTS[3].login, DEMO_ACCOUNTS[3].password);
      assert.equal((await outsider.fetch(list)).status, 404);
      assert.equal((await outsider.fetch(`${list}.json`)).status, 404);
      await db
        .sql`update accounts set spouse_employee_no = 'E1003' where login = 'lee.minho'`;
      await db
        .sql`update accounts set spouse_employee_no = 'E1002' where login = 'park.sora'`;

      // (b) The download gives the published digest with the lottery CLI.
      const download = await kim.fetch(`${list}.json`);
      assert.equal(download.status, 200);
      const file = await Deno.makeTempFile({ suffix: ".json" });
      try {
        await Deno.writeTextFile(file, await download.text());
        const cli = await new Deno.Command(Deno.execPath(), {
          args: ["task", "-q", "lottery", "digest", file],
          cwd: new URL("..", import.meta.url).pathname,
          stdout: "piped",
          stderr: "piped",
        }).output();
        const stderr = new TextDecoder().decode(cli.stderr);
        assert.equal(cli.code, 0, stderr);
        assert.equal(new TextDecoder().decode(cli.stdout).trim(), out.digest);
      } finally {
        await Deno.remove(file);
      }

      // A report of an error: validated, stored, audited, shown to admins, rate-limited.
      const empty = await kim.post(list, { _csrf: own.csrf, body: "  " });
      assert.equal(empty.status, 400);
      const sent = await kim.post(list, {
        _csrf: own.csrf,
        body: "둘째 아이의 지망 순서가 바뀌었습니다",
      });
      assert.equal(sent.status, 303);
      const [report] = await db.sql<{ n: number }>`
        select count(*)::int as n from freeze_reports where round_id = ${roundId}`;
      assert.equal(report.n, 1);
      const [audit] = await db.sql<{ n: number }>`
        select count(*)::int as n from audit_log where action = 'freeze.report'`;
      assert.equal(audit.n, 1);
      const adminPage = await adminClient.page(
        `/admin/rounds/${roundId}/freeze`,
      );
      assert.match(adminPage.html, /둘째 아이의 지망 순서가 바뀌었습니다/);
      assert.match(adminPage.html, new RegExp(out.commitment));
      let last = 0;
      for (let i = 0; i < 5; i++) {
        last = (await kim.post(list, { _csrf: own.csrf, body: `신고 ${i}` }))
          .status;
      }
      assert.equal(last, 429);
    } finally {
      await app.close();
    }
  },
});
