import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import iconv from "iconv-lite";
import { openTestDb } from "@/services/testing/mod.ts";
import { seedDemo } from "./demo.ts";
import { decodeRoster, planRoster, readRoster, rosterDate } from "./roster.ts";

const HEADER =
  "account_id,name_ko,employee_no,department,join_date,spouse_employee_no";

Deno.test("roster files: UTF-8 with and without BOM, CP949, Korean headers", () => {
  const csv = `${HEADER}\r\nkim.x,김엑스,X1,인사팀,2020-03-02,\r\n`;
  const utf8 = new TextEncoder().encode(csv);
  const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]);
  const cp949 = new Uint8Array(iconv.encode(csv, "cp949"));
  assert.notDeepEqual([...cp949], [...utf8], "CP949 bytes differ from UTF-8");
  for (const bytes of [utf8, bom, cp949]) {
    const read = readRoster(bytes);
    assert.ok(read.ok);
    assert.deepEqual(read.rows[0], {
      row: 2,
      values: {
        login: "kim.x",
        name: "김엑스",
        employeeNo: "X1",
        department: "인사팀",
        joinDate: "2020-03-02",
        spouse: "",
        email: "",
      },
    });
  }
  const korean = readRoster(
    Buffer.from(
      iconv.encode(
        "사번,이름,계정,입사일\nX2,박와이,park.y,2021.3.2\n",
        "euc-kr",
      ),
    ),
  );
  assert.ok(korean.ok);
  assert.equal(korean.rows[0].values.name, "박와이");
  assert.equal(decodeRoster(new Uint8Array()), "");
  const gaps = readRoster(
    new TextEncoder().encode(
      `${HEADER}\n\nkim.x,김엑스,X1,,2020-03-02,\n,,,,,\nlee.y,이와이,Y1,,2020-03-02,\n\n`,
    ),
  );
  assert.ok(gaps.ok);
  assert.deepEqual(
    gaps.rows.map((r) => r.row),
    [3, 5],
    "blank rows still count",
  );
  const noHeader = readRoster(new TextEncoder().encode("a,b\n1,2\n"));
  assert.ok(!noHeader.ok);
  assert.equal(noHeader.problem.key, "roster.error.header");
});

Deno.test("roster dates: real calendar dates only", () => {
  assert.equal(rosterDate("2021. 3. 2."), "2021-03-02");
  assert.equal(rosterDate("2021/12/31"), "2021-12-31");
  assert.equal(rosterDate("2021-02-30"), null);
  assert.equal(rosterDate("2021-13-01"), null);
  assert.equal(rosterDate("03/02/2021"), null);
});

Deno.test("roster plan: every bad row with every reason; links both ways", async () => {
  const db = await openTestDb();
  try {
    await seedDemo(db, new Date(), 1000);
    const [lee] = await db.sql<
      { employee_no: string; spouse_employee_no: string }
    >`
      select employee_no, spouse_employee_no from accounts where login = 'lee.minho'`;
    assert.ok(lee.spouse_employee_no, "the demo links lee.minho");
    const csv = [
      HEADER,
      "new.one,새직원,N1,개발팀,2022-01-03,N2", // 2: new, linked to N2
      "new.two,새직원둘,N2,개발팀,2022-01-03,N1", // 3: new
      "dup.a,중복가,D1,,2022-01-03,", // 4: duplicate employee number
      "dup.b,중복나,D1,,2022-01-03,", // 5: duplicate employee number
      ",이름만,M1,,2022-01-03,", // 6: missing account id
      "bad.date,날짜,B1,,2022-02-30,", // 7: bad date
      "lonely,혼자,L1,,2022-01-03,NOPE", // 8: unknown spouse
      "kim.hana,가로채기,T1,,2022-01-03,", // 9: account id of another employee
      `lee.minho,이민호,${lee.employee_no},개발팀,2018-01-02,`, // 10: ends lee's link
    ].join("\n");
    const read = readRoster(new TextEncoder().encode(csv));
    assert.ok(read.ok);
    const plan = await planRoster(db, read.rows, {
      emailDomain: "kic.example",
    });
    assert.deepEqual(
      plan.bad.map((b) => [b.row, b.reasons.map((r) => r.key)]),
      [
        [4, ["roster.reason.dupEmployeeNo"]],
        [5, ["roster.reason.dupEmployeeNo"]],
        [6, ["roster.reason.missing"]],
        [7, ["roster.reason.badDate"]],
        [8, ["roster.reason.unknownSpouse"]],
        [9, ["roster.reason.loginTaken"]],
      ],
    );
    assert.deepEqual(
      plan.created.map((
        c,
      ) => [c.after.employeeNo, c.after.spouse, c.after.email]),
      [["N1", "N2", "new.one@kic.example"], [
        "N2",
        "N1",
        "new.two@kic.example",
      ]],
    );
    const leeRow = plan.updated.find((u) => u.row === 10)!;
    assert.equal(leeRow.after.spouse, null);
    assert.ok(leeRow.fields.includes("spouse"));
    assert.deepEqual(
      plan.linked.map((
        l,
      ) => [l.before.employeeNo, l.before.spouse, l.after.spouse]),
      [[lee.spouse_employee_no, lee.employee_no, null]],
      "the former spouse's link ends too",
    );
  } finally {
    await db.close();
  }
});
