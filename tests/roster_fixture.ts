/**
 * The roster of the must-show tests (200 rows, 3 of them bad) and an upload like a browser's.
 *
 * @module
 */
import { type Client, ORIGIN } from "./harness.ts";

const FAMILY = ["김", "이", "박", "최", "정", "강", "조", "윤", "장", "임"];
const GIVEN = ["서연", "민준", "지우", "도윤", "하은", "시우", "수아", "예준"];

/** 200 data rows (spreadsheet rows 2..201); rows 50, 120 and 180 are bad. */
export function roster200(): string {
  const lines = [
    "account_id,name_ko,employee_no,department,join_date,spouse_employee_no",
  ];
  for (let i = 1; i <= 200; i++) {
    const no = `R${String(i).padStart(4, "0")}`;
    // Rows 2k-1 and 2k are spouses (1↔2, 3↔4, …) every tenth pair.
    const pair = i % 20 === 1 ? i + 1 : i % 20 === 2 ? i - 1 : 0;
    let spouse = pair ? `R${String(pair).padStart(4, "0")}` : "";
    let login = `emp${i}`;
    let date = `20${String(10 + (i % 14)).padStart(2, "0")}-0${1 + (i % 9)}-1${
      i % 10
    }`;
    const row = i + 1;
    if (row === 50) date = "2021-02-30";
    if (row === 120) spouse = "R9999";
    if (row === 180) login = "kim.hana";
    const name = FAMILY[i % FAMILY.length] + GIVEN[i % GIVEN.length];
    lines.push(
      [login, name, no, i % 2 ? "연구소" : "경영지원팀", date, spouse].join(
        ",",
      ),
    );
  }
  return lines.join("\r\n") + "\r\n";
}

/** Uploads a file to an import page (the roster's by default); returns the preview page. */
export async function upload(
  c: Client,
  bytes: Uint8Array,
  filename = "인사명단.csv",
  path = "/admin/roster",
): Promise<{ status: number; html: string }> {
  const { csrf } = await c.page(path);
  const form = new FormData();
  form.append("_csrf", csrf);
  form.append(
    "file",
    new File([bytes as BlobPart], filename, { type: "text/csv" }),
  );
  // As a browser sends it: a multipart body with its Content-Length.
  const encoded = new Request(ORIGIN, { method: "POST", body: form });
  const body = new Uint8Array(await encoded.arrayBuffer());
  const res = await c.fetch(path, {
    method: "POST",
    body,
    headers: {
      origin: ORIGIN,
      "content-type": encoded.headers.get("content-type")!,
      "content-length": String(body.length),
    },
  });
  return { status: res.status, html: await res.text() };
}
