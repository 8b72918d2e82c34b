/**
 * Helpers for the application tests: multipart posts as a browser sends them, the demo round,
 * the application form's values, and counts of what the database and storage hold.
 *
 * @module
 */
import { type Client, ORIGIN, type TestApp } from "./harness.ts";

/** A small, complete PDF. */
export const PDF = new TextEncoder().encode(
  "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n",
);

/** POSTs a multipart form (fields in order, then an optional file) with a Content-Length. */
export async function postMultipart(
  c: Client,
  options: {
    path: string;
    fields: [string, string][];
    file?: { field: string; name: string; bytes: Uint8Array; type?: string };
  },
): Promise<Response> {
  const form = new FormData();
  for (const [k, v] of options.fields) form.append(k, v);
  if (options.file) {
    form.append(
      options.file.field,
      new File([options.file.bytes as BlobPart], options.file.name, {
        type: options.file.type ?? "application/octet-stream",
      }),
    );
  }
  const req = new Request(`${ORIGIN}/x`, { method: "POST", body: form });
  const body = new Uint8Array(await req.arrayBuffer());
  return await c.fetch(options.path, {
    method: "POST",
    body,
    headers: {
      "content-type": req.headers.get("content-type")!,
      "content-length": String(body.length),
      origin: ORIGIN,
    },
  });
}

/** The demo round's id (the open one). */
export async function demoRound(app: TestApp): Promise<number> {
  const [row] = await app.app.services.db.sql<{ id: number }>`
    select id from rounds where status = 'open' order by id limit 1`;
  return Number(row.id);
}

/** The account id of a demo login. */
export async function accountId(app: TestApp, login: string): Promise<number> {
  const [row] = await app.app.services.db.sql<{ id: number }>`
    select id from accounts where login = ${login}`;
  return Number(row.id);
}

/** Rows in the application tables and documents, and stored objects under `documents/`. */
export async function counts(app: TestApp): Promise<Record<string, number>> {
  const db = app.app.services.db;
  const [row] = await db.sql<Record<string, number>>`
    select (select count(*) from applications)::int as applications,
      (select count(*) from application_children)::int as application_children,
      (select count(*) from application_choices)::int as choices,
      (select count(*) from documents)::int as documents,
      (select count(*) from children)::int as children,
      (select count(*) from sibling_units)::int as units`;
  const keys = await db.sql<
    { storage_key: string }
  >`select storage_key from documents`;
  let stored = 0;
  for (const k of keys) {
    if (await app.app.services.storage.get(k.storage_key)) stored++;
  }
  return { ...row, stored };
}

/** The CSRF token and the version from the application page. */
export async function applyPage(
  c: Client,
  roundId: number,
): Promise<{ html: string; csrf: string; version: string; status: number }> {
  const { res, html, csrf } = await c.page(`/rounds/${roundId}/apply`);
  const version = html.match(/name="version" value="(\d+)"/)?.[1] ?? "0";
  return { html, csrf, version, status: res.status };
}

/** The ids of recruitments of a class age in a round. */
export async function classIds(
  app: TestApp,
  options: { roundId: number; age: number },
): Promise<number[]> {
  const rows = await app.app.services.db.sql<{ id: number }>`
    select id from recruitments where round_id = ${options.roundId}
      and class_age = ${options.age} order by id`;
  return rows.map((r) => Number(r.id));
}

/** POSTs urlencoded params (repeated fields allowed) from our origin. */
export async function postParams(
  c: Client,
  options: { path: string; params: URLSearchParams },
): Promise<Response> {
  const body = new TextEncoder().encode(options.params.toString());
  return await c.fetch(options.path, {
    method: "POST",
    body,
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "content-length": String(body.length),
      origin: ORIGIN,
    },
  });
}

/** Uploads one document through the documents page, as the signed-in parent. */
export async function upload(
  c: Client,
  options: { roundId: number; kind: string; name?: string; bytes?: Uint8Array },
): Promise<Response> {
  const path = `/rounds/${options.roundId}/documents`;
  const { csrf } = await c.page(path);
  return await postMultipart(c, {
    path,
    fields: [["_csrf", csrf], ["kind", options.kind]],
    file: {
      field: "document",
      name: options.name ?? `${options.kind}.pdf`,
      bytes: options.bytes ?? PDF,
    },
  });
}
