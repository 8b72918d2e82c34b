/**
 * A lock file that gives one process exclusive use of a folder (PGlite has no lock of its own).
 *
 * The file is written whole before it appears (a temp file hard-linked to the lock path, which
 * fails when the lock exists), so another opener never reads a half-written lock. A lock is
 * stale, and taken over, only when it names this host and a process that no longer runs; a
 * lock naming our own pid counts as ours only if this process took it (containers restart as
 * pid 1, so an old lock of a previous run often carries our pid). A lock from another host
 * is never taken over: this host cannot tell whether that process still runs.
 *
 * @module
 */
import process from "node:process";

const LOCK_NAME = ".kic.lock";

/** Content of the lock file. */
interface LockInfo {
  pid: number;
  hostname: string;
  createdAt: string;
}

/** Folders (real paths) this process holds the lock of. */
const held = new Set<string>();

/**
 * Takes `${dir}/.kic.lock` (creating `dir` if needed). A lock left by a process that no longer
 * runs on this host is taken over.
 *
 * @returns a function that removes the lock
 * @throws Error saying which process holds the folder
 */
export async function lockFolder(dir: string): Promise<() => Promise<void>> {
  await Deno.mkdir(dir, { recursive: true });
  const real = await Deno.realPath(dir);
  const path = `${dir}/${LOCK_NAME}`;
  if (held.has(real)) {
    throw inUse(dir, path, "this same process", Deno.hostname());
  }
  const mine: LockInfo = {
    pid: Deno.pid,
    hostname: Deno.hostname(),
    createdAt: new Date().toISOString(),
  };
  // Reserve the folder before the first await that could interleave with another opener.
  held.add(real);
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      if (await createLock(path, mine)) {
        return async () => {
          try {
            const current = await readLock(path);
            if (current && sameLock(current, mine)) await Deno.remove(path);
          } catch (error) {
            if (!(error instanceof Deno.errors.NotFound)) throw error;
          } finally {
            held.delete(real);
          }
        };
      }
      const holder = await readLock(path);
      if (holder && holder.hostname !== mine.hostname) {
        throw new Error(
          `The data folder ${dir} is locked by process ${holder.pid} on another host, ` +
            `${holder.hostname} (lock file ${path}, taken ${holder.createdAt}). ` +
            "PGlite allows one process per folder and this host cannot tell whether that " +
            "process still runs. If that host or container is gone, delete the lock file " +
            `${path} and start again; otherwise give this process its own KIC_DATA_DIR or set ` +
            "DATABASE_URL.",
        );
      }
      // Our own pid but not taken by this process: left by an earlier run (a restarted
      // container), so stale.
      if (holder && holder.pid !== Deno.pid && isAlive(holder.pid)) {
        throw inUse(dir, path, `process ${holder.pid}`, holder.hostname);
      }
      // Stale (the holder is gone) or unreadable: remove it and try again.
      await removeStale(path, holder);
    }
  } catch (error) {
    held.delete(real);
    throw error;
  }
  held.delete(real);
  throw new Error(
    `Could not take the lock file ${path}; delete it if no process uses ${dir}.`,
  );
}

function inUse(dir: string, path: string, who: string, host: string): Error {
  return new Error(
    `The data folder ${dir} is in use by ${who} on ${host} (lock file ${path}). ` +
      "PGlite allows one process per folder: stop the other process, give this one its own " +
      "KIC_DATA_DIR, or set DATABASE_URL to share a PostgreSQL server. If no such process " +
      "runs, delete the lock file.",
  );
}

/** Writes the lock atomically; false when a lock file exists already. */
async function createLock(path: string, info: LockInfo): Promise<boolean> {
  const tmp = `${path}.${crypto.randomUUID()}.tmp`;
  try {
    await Deno.writeTextFile(tmp, JSON.stringify(info), { createNew: true });
    await Deno.link(tmp, path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.AlreadyExists) return false;
    throw error;
  } finally {
    await Deno.remove(tmp).catch(() => {});
  }
}

/**
 * Removes the stale lock `seen` — but not a live one another opener wrote in its place since
 * we read it: the file is moved aside first (atomic), and put back if it is not the one seen.
 */
async function removeStale(path: string, seen: LockInfo | null): Promise<void> {
  const aside = `${path}.${crypto.randomUUID()}.stale`;
  try {
    await Deno.rename(path, aside);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return;
    throw error;
  }
  try {
    const moved = await readLock(aside);
    if (moved && !(seen && sameLock(moved, seen))) {
      await Deno.link(aside, path).catch(() => {});
    }
  } finally {
    await Deno.remove(aside).catch(() => {});
  }
}

function sameLock(a: LockInfo, b: LockInfo): boolean {
  return a.pid === b.pid && a.hostname === b.hostname &&
    a.createdAt === b.createdAt;
}

async function readLock(path: string): Promise<LockInfo | null> {
  try {
    const info = JSON.parse(await Deno.readTextFile(path));
    return typeof info?.pid === "number" ? info as LockInfo : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as { code?: string }).code === "EPERM";
  }
}
