/**
 * The embedded database belongs to one process. PGlite has no server in front of its folder: two
 * processes writing the same folder destroy it (seen: `nodmeld route --source db` beside a running
 * server, then `Aborted()` on the next start, and only deleting the folder — users, re-routes,
 * registers, audit trail — recovered). So opening the folder takes a lock file beside it
 * (`<folder>.lock`, created with O_EXCL), holding the owner's pid, the pid's start time, host and
 * command; every other opener is refused with a message that names the owner.
 *
 * A lock left by a process that died (crash, kill -9) is stale: its pid no longer runs, or runs a
 * different program (the kernel's start time of that pid differs). A stale lock is taken over.
 */
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface LockOwner {
  pid: number;
  /** Start time of the pid in clock ticks since boot (Linux), to tell a reused pid apart. */
  procStart: string | null;
  host: string;
  command: string;
  since: string;
}

/** The embedded database folder is locked by another live process. */
export class DatabaseInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly owner: LockOwner,
    readonly lockFile: string,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by another nodmeld process ` +
        `(pid ${owner.pid} on ${owner.host}, "nodmeld ${owner.command}", since ${owner.since}). ` +
        'It belongs to one process at a time: commands that read the live system ask the running server over ' +
        'HTTP; to import data or run maintenance, stop that process first, or use PostgreSQL (DATABASE_URL) for ' +
        `several processes. If no such process runs, delete ${lockFile}.`,
    );
    this.name = 'DatabaseInUseError';
  }
}

/** Field 22 of /proc/<pid>/stat: the process's start time (null where /proc is absent). */
function procStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may contain spaces: split after it.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return rest[19] ?? null;
  } catch {
    return null;
  }
}

function isAlive(owner: LockOwner): boolean {
  if (owner.host !== os.hostname()) return true; // cannot tell: assume it runs
  try {
    process.kill(owner.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const start = procStart(owner.pid);
  return owner.procStart === null || start === null || start === owner.procStart;
}

async function readOwner(lockFile: string): Promise<LockOwner | null> {
  try {
    const o = JSON.parse(await readFile(lockFile, 'utf8')) as LockOwner;
    return typeof o.pid === 'number' ? o : null;
  } catch {
    return null;
  }
}

export interface DataDirLock {
  readonly lockFile: string;
  release(): Promise<void>;
}

/**
 * Takes the lock of an embedded database folder, or throws DatabaseInUseError naming its owner.
 * `command` describes this process for the message another process will see.
 */
export async function lockDataDir(
  dataDir: string,
  command = process.argv.slice(2).join(' '),
): Promise<DataDirLock> {
  const lockFile = `${dataDir.replace(/\/+$/, '')}.lock`;
  const me: LockOwner = {
    pid: process.pid,
    procStart: procStart(process.pid),
    host: os.hostname(),
    command: command || 'node',
    since: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fh = await open(lockFile, 'wx', 0o600);
      try {
        await fh.writeFile(JSON.stringify(me));
      } finally {
        await fh.close();
      }
      let released = false;
      return {
        lockFile,
        async release() {
          if (released) return;
          released = true;
          const owner = await readOwner(lockFile);
          if (owner?.pid === me.pid && owner.since === me.since)
            await unlink(lockFile).catch(() => undefined);
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const owner = await readOwner(lockFile);
    if (owner && isAlive(owner)) throw new DatabaseInUseError(dataDir, owner, lockFile);
    if (!owner) {
      // Unreadable: a process may be between creating and writing it. Give it a moment.
      await new Promise((r) => setTimeout(r, 200));
      const again = await readOwner(lockFile);
      if (again && isAlive(again)) throw new DatabaseInUseError(dataDir, again, lockFile);
    }
    // Stale: move it aside (rename is atomic; a racing opener then finds no file and retries).
    await rename(lockFile, `${lockFile}.stale-${process.pid}`).then(
      () => unlink(`${lockFile}.stale-${process.pid}`),
      () => undefined,
    );
  }
  const owner = await readOwner(lockFile);
  throw new DatabaseInUseError(dataDir, owner ?? { ...me, pid: -1, command: 'unknown' }, lockFile);
}
