/**
 * The admin routes of the route manifest (`fresh.gen.ts`) and a real URL for each, shared by
 * the authorisation and accessibility tests. A route with a `[param]` that `PARAM_IDS` does not
 * know makes them fail, so a new admin route is never silently left out.
 *
 * @module
 */
import manifest from "@/fresh.gen.ts";
import type { Db } from "@/services/db.ts";
import type { Storage } from "@/services/storage.ts";

type Lookup = (db: Db, storage?: Storage) => Promise<{ id: number }[]>;

const accounts: Lookup = (db) => db.sql`select id from accounts order by id`;
const rounds: Lookup = (db) => db.sql`select id from rounds order by id`;
const kindergartens: Lookup = (db) =>
  db.sql`select id from kindergartens order by id`;
const recruitments: Lookup = (db) =>
  db.sql`select id from recruitments order by id`;

/**
 * A photo of the first kindergarten (the demo data has none, so one row is added; the object
 * itself is not needed to check who may reach the routes).
 */
const photos: Lookup = async (db) => {
  const found = await db.sql<{ id: number }>`
    select p.id from kindergarten_photos p
    where p.kindergarten_id = (select min(id) from kindergartens) order by p.id`;
  if (found.length) return found;
  return await db.sql<{ id: number }>`
    insert into kindergarten_photos (kindergarten_id, storage_key, content_type, size_bytes, sha256)
    select min(id), 'kindergartens/authz-test.png', 'image/png', 1, 'authz-test'
    from kindergartens
    returning id`;
};

/** A small, complete PDF (the review fixture's document). */
const FIXTURE_PDF = new TextEncoder().encode(
  "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n",
);

/**
 * A submitted application with a child, a choice and a stored PDF (the demo data has none), for
 * the review pages and the document route. Made once; later calls find it.
 */
async function reviewFixture(
  db: Db,
  storage?: Storage,
): Promise<{ applicationId: number; documentId: number }> {
  const key = "documents/authz-test/resident-register";
  const found = await db.sql<{ id: number; application_id: number }>`
    select id, application_id from documents where storage_key = ${key}`;
  if (found.length) {
    return {
      applicationId: Number(found[0].application_id),
      documentId: Number(found[0].id),
    };
  }
  if (!storage) throw new Error("the review fixture needs the storage");
  await storage.put(key, FIXTURE_PDF, "application/pdf");
  return await db.transaction(async (tx) => {
    const [who] = await tx.sql<{ id: number }>`
      select id from accounts where login = 'kim.hana'`;
    const [round] = await tx.sql<{ id: number }>`
      select id from rounds where status = 'open' order by id limit 1`;
    const [child] = await tx.sql<{ id: number }>`
      insert into children (account_id, name, birth_date, token)
      values (${who.id}, '검토용', (extract(year from now())::int - 1 || '-05-14')::date,
        ${crypto.randomUUID().replaceAll("-", "")})
      returning id`;
    const [app] = await tx.sql<{ id: number }>`
      insert into applications (round_id, family_key, filed_by, status, facts)
      values (${round.id}, ${who.id}, ${who.id}, 'submitted', '{"singleParent": true}')
      on conflict (round_id, family_key) where status <> 'withdrawn' do update
        set status = 'submitted'
      returning id`;
    await tx.sql`
      insert into application_children (application_id, child_id)
      values (${app.id}, ${child.id})`;
    await tx.sql`
      insert into application_choices (application_id, child_id, rank, recruitment_id)
      select ${app.id}, ${child.id}, 1, min(id) from recruitments where round_id = ${round.id}`;
    const [doc] = await tx.sql<{ id: number }>`
      insert into documents (application_id, round_id, family_key, uploaded_by, kind,
        storage_key, content_type, size_bytes, sha256, filename)
      values (${app.id}, ${round.id}, ${who.id}, ${who.id}, 'resident_register', ${key},
        'application/pdf', ${FIXTURE_PDF.length}, 'authz-test', 'resident-register.pdf')
      returning id`;
    return { applicationId: Number(app.id), documentId: Number(doc.id) };
  });
}

/** A real id per `[param]`, by the section it is under (`employees/id`) or by its own name. */
const PARAM_IDS: Record<string, Lookup> = {
  "photos/pid": photos,
  "recruitments/rid": (db) =>
    db.sql`select id from recruitments
      where round_id = (select min(id) from rounds) order by id`,
  "employees/id": accounts,
  "rounds/id": rounds,
  "kindergartens/id": kindergartens,
  "recruitments/id": recruitments,
  "audit/id": (db) => db.sql`select id from audit_log order by id`,
  "review/id": async (db, storage) => [
    { id: (await reviewFixture(db, storage)).applicationId },
  ],
  "documents/id": async (db, storage) => [
    { id: (await reviewFixture(db, storage)).documentId },
  ],
  roundId: rounds,
  kindergartenId: kindergartens,
  recruitmentId: recruitments,
  accountId: accounts,
};

export interface AdminRoute {
  /** `./routes/admin/employees/[id]/index.tsx` */
  file: string;
  /** `/admin/employees/[id]` */
  pattern: string;
  /** The methods it answers (a function handler answers them all). */
  methods: Set<string>;
}

/** Every admin page and handler of the manifest (not layouts, middlewares or 404 pages). */
export function adminRoutes(): AdminRoute[] {
  const out: AdminRoute[] = [];
  for (const [file, mod] of Object.entries(manifest.routes)) {
    if (!file.startsWith("./routes/admin/")) continue;
    const name = file.split("/").at(-1)!;
    if (name.startsWith("_")) continue;
    const pattern = file
      .replace(/^\.\/routes/, "")
      .replace(/\.(tsx?|jsx?)$/, "")
      .replace(/\/index$/, "")
      .replace(/\/\([^)]*\)/g, "");
    const m = mod as { handler?: unknown; default?: unknown };
    const methods = new Set<string>();
    if (typeof m.handler === "function") {
      for (const method of ["GET", "POST"]) methods.add(method);
    } else if (m.handler && typeof m.handler === "object") {
      for (const method of Object.keys(m.handler)) methods.add(method);
    }
    if (m.default) methods.add("GET");
    out.push({ file, pattern, methods });
  }
  return out;
}

/** The route's URL with each `[param]` filled from the demo data, or an error to fix. */
export async function resolveAdminUrl(
  db: Db,
  route: AdminRoute,
  storage?: Storage,
): Promise<string> {
  const parts = route.pattern.split("/");
  const filled: string[] = [];
  for (const [i, part] of parts.entries()) {
    const param = /^\[(\.\.\.)?(\w+)\]$/.exec(part);
    if (!param) {
      filled.push(part);
      continue;
    }
    const section = parts[i - 1];
    const lookup = PARAM_IDS[`${section}/${param[2]}`] ?? PARAM_IDS[param[2]];
    if (!lookup) {
      throw new Error(
        `${route.file}: no real id for [${
          param[2]
        }] — add a look-up to PARAM_IDS in tests/admin_routes.ts`,
      );
    }
    const [row] = await lookup(db, storage);
    if (!row) {
      throw new Error(
        `${route.file}: the demo data has no row for [${
          param[2]
        }]; seed one or change the look-up`,
      );
    }
    filled.push(String(row.id));
  }
  return filled.join("/");
}
