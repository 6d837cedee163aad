/**
 * Test tool: a PostgreSQL server for the tests that need a real one even when TEST_DATABASE_URL is
 * unset (the database fault tests: a dropped connection, a partition). In order:
 * 1. TEST_DATABASE_URL when set — it must answer, or the test fails (no silent skip);
 * 2. the conventional local server, postgres://postgres@127.0.0.1:5432/postgres, when it answers;
 * 3. a throwaway server of its own: `initdb` + `pg_ctl` from the PostgreSQL 15 binaries in a temp
 *    folder on a random port of 127.0.0.1 (PostgreSQL refuses to run as root: as root it runs as
 *    the `postgres` user through `runuser`, as the Debian package's user exists);
 * 4. none of these: `{ url: null, why }`, so the caller can skip and print why.
 */
import { spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

export const DEFAULT_LOCAL_POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres';
const PG_BIN = '/usr/lib/postgresql/15/bin';

export type TestPostgres =
  { url: string; source: string; stop(): Promise<void> } | { url: null; why: string };

async function answers(url: string): Promise<string | null> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return null;
  } catch (err) {
    return (err as Error).message;
  } finally {
    await c.end().catch(() => undefined);
  }
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', () => resolve()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/** Finds or starts a PostgreSQL server (see the file comment). Call `stop()` when done. */
export async function postgresForTests(opts: { tryShared?: boolean } = {}): Promise<TestPostgres> {
  const given = process.env.TEST_DATABASE_URL;
  if (given) {
    const err = await answers(given);
    if (err) throw new Error(`TEST_DATABASE_URL (${given}) does not answer: ${err}`);
    return { url: given, source: 'TEST_DATABASE_URL', stop: async () => undefined };
  }
  const tried: string[] = [];
  if (opts.tryShared ?? true) {
    const err = await answers(DEFAULT_LOCAL_POSTGRES);
    if (!err) return { url: DEFAULT_LOCAL_POSTGRES, source: 'local server', stop: async () => undefined };
    tried.push(`${DEFAULT_LOCAL_POSTGRES}: ${err}`);
  }
  const own = await startThrowawayServer().catch((err: unknown) => (err as Error).message);
  if (typeof own !== 'string') return own;
  tried.push(`own server (${PG_BIN}): ${own}`);
  return { url: null, why: `no PostgreSQL available. Tried: ${tried.join('; ')}` };
}

async function startThrowawayServer(): Promise<{ url: string; source: string; stop(): Promise<void> }> {
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(path.join(tmpdir(), 'nodmeld-pg-'));
  const run = (cmd: string, args: string[]) => {
    const full = asRoot
      ? (['runuser', ['-u', 'postgres', '--', cmd, ...args]] as const)
      : ([cmd, args] as const);
    const r = spawnSync(full[0], full[1], { encoding: 'utf8' });
    if (r.error || r.status !== 0) {
      throw new Error(`${cmd} failed: ${r.error?.message ?? (r.stderr || r.stdout).trim().slice(-500)}`);
    }
  };
  try {
    if (asRoot) {
      const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
      if (id.status !== 0)
        throw new Error('running as root and there is no postgres user to run the server as');
      chownSync(
        dir,
        Number(id.stdout.trim()),
        Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim()),
      );
    }
    const data = path.join(dir, 'data');
    const port = await freePort();
    run(path.join(PG_BIN, 'initdb'), [
      '-D',
      data,
      '-A',
      'trust',
      '-U',
      'postgres',
      '-E',
      'UTF8',
      '--no-sync',
    ]);
    const pgCtl = path.join(PG_BIN, 'pg_ctl');
    run(pgCtl, [
      '-D',
      data,
      '-l',
      path.join(dir, 'log'),
      '-w',
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      'start',
    ]);
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      source: `own server on port ${port}`,
      async stop() {
        try {
          run(pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop']);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
