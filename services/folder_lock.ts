/**
 * A lock file that gives one process exclusive use of a folder (PGlite has no lock of its own).
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

/**
 * Takes `${dir}/.kic.lock` (creating `dir` if needed). A lock left by a process that no longer
 * runs on this host is taken over.
 *
 * @returns a function that removes the lock
 * @throws Error saying which process holds the folder
 */
export async function lockFolder(dir: string): Promise<() => Promise<void>> {
  await Deno.mkdir(dir, { recursive: true });
  const path = `${dir}/${LOCK_NAME}`;
  const mine: LockInfo = {
    pid: Deno.pid,
    hostname: Deno.hostname(),
    createdAt: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await Deno.writeTextFile(path, JSON.stringify(mine), { createNew: true });
      return async () => {
        try {
          const current = JSON.parse(await Deno.readTextFile(path)) as LockInfo;
          if (
            current.pid === mine.pid && current.createdAt === mine.createdAt
          ) {
            await Deno.remove(path);
          }
        } catch (error) {
          if (!(error instanceof Deno.errors.NotFound)) throw error;
        }
      };
    } catch (error) {
      if (!(error instanceof Deno.errors.AlreadyExists)) throw error;
    }
    const holder = await readLock(path);
    if (holder && (holder.hostname !== mine.hostname || isAlive(holder.pid))) {
      const who = holder.pid === Deno.pid
        ? "this same process"
        : `process ${holder.pid}`;
      throw new Error(
        `The data folder ${dir} is in use by ${who} on ${holder.hostname} (lock file ${path}). ` +
          "PGlite allows one process per folder: stop the other process, give this one its own " +
          "KIC_DATA_DIR, or set DATABASE_URL to share a PostgreSQL server. If no such process " +
          "runs, delete the lock file.",
      );
    }
    // Stale (the holder is gone) or unreadable: remove it and try again.
    await Deno.remove(path).catch(() => {});
  }
  throw new Error(
    `Could not take the lock file ${path}; delete it if no process uses ${dir}.`,
  );
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
  if (pid === Deno.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as { code?: string }).code === "EPERM";
  }
}
