/**
 * SQL migrations: numbered files `NNNN_name.sql` in `services/migrations/`, applied in order,
 * each exactly once, recorded with a checksum in `schema_migrations`.
 *
 * Everything happens in one transaction that first takes `pg_advisory_xact_lock`, so several
 * processes starting at once apply each file exactly once (the others wait, then find nothing
 * left to do). A failing file rolls back the whole run. Statements that cannot run inside a
 * transaction (`CREATE INDEX CONCURRENTLY`, `VACUUM`) are therefore not supported.
 *
 * @module
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import type { Db } from "./db.ts";

/** Advisory lock key held while migrating (an arbitrary constant: "KIC" + 1). */
export const MIGRATION_LOCK_KEY = 4_935_107_001;

/** One migration file read from disk. */
export interface MigrationFile {
  /** The four-digit number, e.g. `"0001"`. */
  version: string;
  /** The file name, e.g. `"0001_infra.sql"`. */
  name: string;
  /** SHA-256 of the file's bytes, hex. */
  checksum: string;
  /** The file's SQL text. */
  sql: string;
}

const FILE_PATTERN = /^(\d{4})_[a-z0-9_]+\.sql$/;

/** The default migrations folder (`services/migrations/`). */
export const MIGRATIONS_DIR: URL = new URL("./migrations/", import.meta.url);

/**
 * Reads the migration files of a folder in order.
 *
 * @throws Error when two files share a number or a `.sql` file is misnamed
 */
export async function readMigrations(
  dir: URL = MIGRATIONS_DIR,
): Promise<MigrationFile[]> {
  const files: MigrationFile[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (!entry.isFile || !entry.name.endsWith(".sql")) continue;
    const match = FILE_PATTERN.exec(entry.name);
    if (!match) {
      throw new Error(
        `Migration file ${entry.name} is misnamed: use NNNN_lower_case_name.sql, e.g. 0002_accounts.sql.`,
      );
    }
    const bytes = await Deno.readFile(new URL(entry.name, dir));
    files.push({
      version: match[1],
      name: entry.name,
      checksum: bytesToHex(sha256(bytes)),
      sql: new TextDecoder().decode(bytes),
    });
  }
  files.sort((a, b) => a.name.localeCompare(b.name));
  for (let i = 1; i < files.length; i++) {
    if (files[i].version === files[i - 1].version) {
      throw new Error(
        `Migrations ${files[i - 1].name} and ${
          files[i].name
        } share the number ${files[i].version}; renumber one.`,
      );
    }
  }
  return files;
}

/** A hash over every migration's name and checksum (keys the test template database). */
export async function migrationsHash(
  dir: URL = MIGRATIONS_DIR,
): Promise<string> {
  const files = await readMigrations(dir);
  const text = files.map((f) => `${f.name} ${f.checksum}`).join("\n");
  return bytesToHex(sha256(new TextEncoder().encode(text)));
}

/**
 * Applies the pending migrations of `dir` to `db`.
 *
 * Applied versions that have no file here (a newer release ran them) are ignored, so an older
 * pod keeps starting during a rolling update.
 *
 * @returns the names of the files applied by this call (empty when up to date)
 * @throws Error when an applied file was edited afterwards, or a migration fails
 */
export async function migrate(
  db: Db,
  dir: URL = MIGRATIONS_DIR,
): Promise<string[]> {
  const files = await readMigrations(dir);
  return await db.transaction(async (tx) => {
    // Migrations (and the wait for another pod's) may take longer than the statement timeout,
    // and exec() has no client-side deadline.
    await tx.exec("set local statement_timeout = 0");
    await tx.exec(`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`);
    await tx.exec(`
      create table if not exists schema_migrations (
        version text primary key,
        name text not null,
        checksum text not null,
        applied_at timestamptz not null default now()
      )`);
    const rows = await tx.sql<
      { version: string; name: string; checksum: string }
    >`
      select version, name, checksum from schema_migrations order by version`;
    const applied = new Map(rows.map((r) => [r.version, r]));
    const done: string[] = [];
    for (const file of files) {
      const previous = applied.get(file.version);
      if (previous) {
        if (
          previous.checksum !== file.checksum || previous.name !== file.name
        ) {
          throw new Error(
            `Migration ${file.name} was changed after it was applied (as ${previous.name}, ` +
              `checksum ${previous.checksum.slice(0, 12)}…, now ${
                file.checksum.slice(0, 12)
              }…). ` +
              "Never edit an applied migration: restore the file and add a new numbered one.",
          );
        }
        continue;
      }
      try {
        await tx.exec(file.sql);
      } catch (error) {
        throw new Error(
          `Migration ${file.name} failed: ${(error as Error).message}`,
          {
            cause: error,
          },
        );
      }
      await tx.sql`insert into schema_migrations (version, name, checksum)
        values (${file.version}, ${file.name}, ${file.checksum})`;
      done.push(file.name);
    }
    return done;
  });
}
