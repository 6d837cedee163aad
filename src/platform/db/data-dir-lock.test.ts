/**
 * The embedded database belongs to one process (issue 8): a second opener is refused with a
 * message naming the owner, a lock left by a killed process is taken over, a damaged folder gets a
 * message that says what happened and how to restore, and a backup restores whole.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseInUseError } from './data-dir-lock.ts';
import { DamagedDatabaseError, openPglite, restorePglite } from './pglite.ts';

let base: string;
let dir: string;
beforeEach(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'nodmeld-lock-'));
  dir = path.join(base, 'pglite');
});
afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

/** A child process that opens the folder and holds it until killed; resolves once it holds it. */
function holdInChild(folder: string): Promise<ChildProcess> {
  const script = `
    import { openPglite } from ${JSON.stringify(path.resolve('src/platform/db/pglite.ts'))};
    await openPglite(${JSON.stringify(folder)});
    process.stdout.write('holding\\n');
    setInterval(() => {}, 1000);
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => {
      if (c.toString().includes('holding')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`the holder exited with ${code}`)));
  });
}

// A fresh PGlite folder runs initdb in WebAssembly: seconds alone, much longer on a loaded machine.
describe('embedded database: one process per folder', { timeout: 240_000 }, () => {
  it('a second opener in the same process is refused, naming the owner; after close it opens', async () => {
    const a = await openPglite(dir);
    const err = await openPglite(dir).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DatabaseInUseError);
    expect((err as Error).message).toContain(`pid ${process.pid}`);
    expect((err as Error).message).toContain('ask the running server over HTTP');
    await a.close();
    const b = await openPglite(dir);
    expect((await b.query<{ one: number }>('SELECT 1 AS one')).rows[0]!.one).toBe(1);
    await b.close();
  });

  it('another process holding the folder is refused; once it is killed (-9) its stale lock is taken over and the data is whole', async () => {
    const first = await openPglite(dir);
    await first.exec("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('before')");
    await first.close();
    const child = await holdInChild(dir);
    try {
      const err = await openPglite(dir).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(DatabaseInUseError);
      expect((err as DatabaseInUseError).owner.pid).toBe(child.pid);
    } finally {
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
    }
    const after = await openPglite(dir);
    expect((await after.query<{ v: string }>('SELECT v FROM kept')).rows).toEqual([{ v: 'before' }]);
    await after.close();
    expect(existsSync(`${dir}.lock`)).toBe(false);
  });

  it('a damaged folder gets a message that says what happened and how to restore, and releases the lock', async () => {
    const db = await openPglite(dir);
    await db.close();
    await writeFile(path.join(dir, 'global', 'pg_control'), Buffer.alloc(8192, 0x5a));
    const err = await openPglite(dir).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DamagedDatabaseError);
    expect((err as Error).message).toContain(`The embedded database in ${dir} could not be opened`);
    expect((err as Error).message).toContain('Backup and restore of the embedded database');
    expect(existsSync(`${dir}.lock`)).toBe(false);
  });

  it('a backup restores whole into an empty place, and restore never overwrites a folder', async () => {
    const db = await openPglite(dir);
    await db.exec(
      "CREATE TABLE audit_events (id int); CREATE TABLE notes (v text); INSERT INTO notes VALUES ('kept')",
    );
    const archive = await db.backup!();
    await db.close();
    await expect(restorePglite(dir, archive)).rejects.toThrow(/exists: move it aside first/);
    const target = path.join(base, 'restored');
    await restorePglite(target, archive);
    const restored = await openPglite(target);
    expect((await restored.query<{ v: string }>('SELECT v FROM notes')).rows).toEqual([{ v: 'kept' }]);
    await restored.close();
  });
});
