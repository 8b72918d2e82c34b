/**
 * Demo data for a newcomer: two kindergartens with classes, an open round, an admin and a few
 * employees. The passwords are documented in README.md and only ever used on the embedded
 * defaults (`deno task seed` refuses to run in production).
 *
 * @module
 */
import { DEFAULT_SETTINGS } from "@/lottery/weights_and_tiers.ts";
import type { Db } from "@/services/db.ts";
import { randomHex } from "@/services/encoding.ts";
import { hashPassword } from "@/services/password.ts";

/** The demo sign-ins, as documented in README.md. */
export const DEMO_ACCOUNTS = [
  {
    login: "admin",
    password: "kic-admin-demo",
    name: "관리자",
    employeeNo: "A0001",
    role: "admin",
  },
  {
    login: "kim.hana",
    password: "kic-demo-1234",
    name: "김하나",
    employeeNo: "E1001",
    role: "employee",
  },
  {
    login: "lee.minho",
    password: "kic-demo-1234",
    name: "이민호",
    employeeNo: "E1002",
    role: "employee",
  },
  {
    login: "park.sora",
    password: "kic-demo-1234",
    name: "박소라",
    employeeNo: "E1003",
    role: "employee",
  },
] as const;

const DAY = 24 * 60 * 60 * 1000;

/**
 * Inserts the demo data when the database has no account yet. Returns true when it seeded.
 * Runs in one transaction, so two processes cannot both seed.
 */
export async function seedDemo(
  db: Db,
  now = new Date(),
  iterations?: number,
): Promise<boolean> {
  const hashes = await Promise.all(
    DEMO_ACCOUNTS.map((a) => hashPassword(a.password, iterations)),
  );
  return await db.transaction(async (tx) => {
    await tx.sql`lock table accounts in exclusive mode`;
    const [{ n }] = await tx.sql<
      { n: number }
    >`select count(*)::int as n from accounts`;
    if (Number(n) > 0) return false;
    const ids: number[] = [];
    for (const [i, a] of DEMO_ACCOUNTS.entries()) {
      const [row] = await tx.sql<{ id: number }>`
        insert into accounts (login, email, name_ko, employee_no, department, join_date, role, password_hash,
          spouse_employee_no)
        values (${a.login}, ${
        a.login + "@kic.example"
      }, ${a.name}, ${a.employeeNo}, ${"인사팀"},
          ${`201${i + 2}-03-02`}, ${a.role}, ${hashes[i]}, ${
        a.login === "lee.minho" ? "E1003" : null
      })
        returning id`;
      ids.push(Number(row.id));
    }
    await tx
      .sql`update accounts set spouse_employee_no = 'E1002' where login = 'park.sora'`;
    const year = now.getUTCFullYear();
    const children = [
      { owner: ids[1], name: "김서윤", birth: `${year - 1}-05-14` },
      { owner: ids[2], name: "이도윤", birth: `${year - 2}-09-01` },
      { owner: ids[2], name: "이하윤", birth: `${year - 2}-09-01` },
    ];
    for (const c of children) {
      await tx.sql`insert into children (account_id, name, birth_date, token)
        values (${c.owner}, ${c.name}, ${c.birth}, ${randomHex(16)})`;
    }
    const kgs: number[] = [];
    for (
      const [name, address] of [["햇살 어린이집", "본사 2층"], [
        "별빛 어린이집",
        "연구동 1층",
      ]]
    ) {
      const [row] = await tx.sql<{ id: number }>`
        insert into kindergartens (name, address) values (${name}, ${address}) returning id`;
      kgs.push(Number(row.id));
    }
    const classAges: [number, number][] = [[0, 0], [0, 1], [0, 2], [1, 1], [
      1,
      2,
    ], [1, 3]];
    for (const [k, age] of classAges) {
      await tx.sql`insert into kindergarten_classes (kindergarten_id, class_age)
        values (${kgs[k]}, ${age})`;
    }
    const at = (days: number) => new Date(now.getTime() + days * DAY);
    const [round] = await tx.sql<{ id: number }>`
      insert into rounds (name, status, applications_open_at, applications_close_at, review_until, draw_at,
        first_window_start, first_window_end, second_window_start, second_window_end,
        beacon_kind, beacon_name, fallback_kind, fallback_name)
      values (${`${year + 1}학년도 정기 모집`}, 'open', ${at(-7)}, ${at(14)}, ${
      at(21)
    }, ${at(22)},
        ${at(23)}, ${at(30)}, ${at(31)}, ${at(38)},
        'lotto645', ${"동행복권 로또 6/45 추첨 (추첨일 직후 회차)"}, 'drand', ${"drand quicknet (추첨 시각 이후 첫 라운드)"})
      returning id`;
    const settings = JSON.stringify(DEFAULT_SETTINGS);
    const classes: [number, number, number][] = [
      [0, 0, 3],
      [0, 1, 5],
      [0, 2, 6],
      [1, 1, 4],
      [1, 2, 5],
      [1, 3, 8],
    ];
    for (const [k, age, seats] of classes) {
      await tx
        .sql`insert into recruitments (round_id, kindergarten_id, class_age, code, seats, settings)
        values (${round.id}, ${kgs[k]}, ${age}, ${`k${
        k + 1
      }-age${age}`}, ${seats}, ${settings}::jsonb)`;
    }
    await tx.sql`insert into notices (title, body, pinned, author_id)
      values (${"모집 안내"}, ${"신청 기간 안에 가족당 한 번 신청하세요. 주민등록등본은 필수입니다."}, true, ${
      ids[0]
    })`;
    return true;
  });
}
