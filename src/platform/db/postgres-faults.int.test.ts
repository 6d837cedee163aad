/**
 * Issue 8: the PostgreSQL adapter under the faults PostgreSQL and networks have — the server
 * killing connections (57P01, as on a shutdown), a clean stop (reset, refused), a partition
 * (silence), a slow statement. The process must not crash, nothing may wait without a limit, the
 * errors must be `DatabaseUnavailableError` (503 over HTTP), and the pool must recover by itself.
 * Needs PostgreSQL (test-postgres.ts finds or starts one; skipped, saying why, only without).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import pino from 'pino';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { startFaultProxy, type FaultProxy } from './fault-proxy.ts';
import { openPostgres, type PostgresOptions } from './postgres.ts';
import { createDatabaseProbe } from './probe.ts';
import { postgresForTests, type TestPostgres } from './test-postgres.ts';
import type { Db } from './types.ts';
import { DatabaseUnavailableError } from './unavailable.ts';

const server: TestPostgres = await postgresForTests();
if (server.url === null) console.warn(`[postgres-faults] SKIPPED: ${server.why}`);

/** Rejects if `p` has not settled after `ms`: the old code hung here for minutes. */
function settlesWithin<T>(p: Promise<T>, ms = 20_000): Promise<T> {
  return Promise.race([
    p,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms),
    ),
  ]);
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return settlesWithin(p).then(
    () => {
      throw new Error('expected a rejection');
    },
    (err: unknown) => err,
  );
}

const WAIT = { timeout: 20_000, interval: 50 };

describe.skipIf(server.url === null)('PostgreSQL adapter under faults (issue 8)', () => {
  const url = server.url!;
  const open: Db[] = [];
  const proxies: FaultProxy[] = [];
  const logs: { level: number; msg: string }[] = [];
  const logger = pino({ level: 'info' }, { write: (s: string) => void logs.push(JSON.parse(s)) });

  afterEach(async () => {
    for (const db of open.splice(0)) await settlesWithin(db.close()).catch(() => undefined);
    for (const p of proxies.splice(0)) await p.close();
    logs.length = 0;
  });
  afterAll(async () => {
    if (server.url !== null) await server.stop();
  });

  const appName = () => `nodmeld-faults-${randomBytes(4).toString('hex')}`;
  const withAppName = (u: string, name: string) => {
    const x = new URL(u);
    x.searchParams.set('application_name', name);
    return x.toString();
  };
  const connect = async (u: string, opts: PostgresOptions = {}) => {
    const db = await openPostgres(u, { logger, ...opts });
    open.push(db);
    return db;
  };
  const proxy = async () => {
    const t = new URL(url);
    const p = await startFaultProxy({ host: t.hostname, port: Number(t.port || 5432) });
    proxies.push(p);
    return p;
  };
  /** Terminates every server session with this application_name (what a shutdown does to each). */
  const terminate = async (name: string) => {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const r = await admin.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
      [name],
    );
    await admin.end();
    return r.rowCount;
  };

  it('survives the server killing idle pooled connections (57P01): no crash, logged, the pool reconnects', async () => {
    const name = appName();
    const db = await connect(withAppName(url, name), { max: 3 });
    await Promise.all([1, 2, 3].map(() => db.query('SELECT pg_sleep(0.05)')));
    expect(await terminate(name)).toBeGreaterThan(0);
    // Each idle client gets the FATAL message and an 'error' event; unhandled, it would kill the process.
    await vi.waitFor(() => expect(logs.some((l) => /database unavailable/.test(l.msg))).toBe(true), WAIT);
    const r = await settlesWithin(db.query<{ one: number }>('SELECT 1 AS one'));
    expect(r.rows[0]!.one).toBe(1);
  });

  it('statements sent right after the server ended every idle pooled session succeed (each dead client is dropped, then a fresh one)', async () => {
    for (let round = 0; round < 5; round++) {
      const name = appName();
      const db = await connect(withAppName(url, name), { max: 3 });
      await Promise.all([1, 2, 3].map(() => db.query('SELECT pg_sleep(0.05)')));
      expect(await terminate(name)).toBe(3);
      // No wait for the FATAL notices: under load they arrive late, and one statement may be
      // handed every dead client in turn (the flake this fixed: it gave up after the second).
      const one = await settlesWithin(db.query<{ n: number }>('SELECT 1 AS n'));
      expect(one.rows[0]!.n).toBe(1);
      const rs = await settlesWithin(
        Promise.all([2, 3, 4].map((n) => db.query<{ n: number }>('SELECT $1::int AS n', [n]))),
      );
      expect(rs.map((r) => r.rows[0]!.n)).toEqual([2, 3, 4]);
    }
  });

  it('a connection killed inside a transaction between statements: 503 error, no crash, the pool recovers', async () => {
    const name = appName();
    const db = await connect(withAppName(url, name), { max: 2 });
    const err = await rejection(
      db.transaction(async (tx) => {
        await tx.query('SELECT 1');
        await terminate(name);
        // The checked-out client's connection dies now, while no statement runs.
        await new Promise((r) => setTimeout(r, 300));
        await tx.query('SELECT 2');
      }),
    );
    expect(err).toBeInstanceOf(DatabaseUnavailableError);
    expect((await settlesWithin(db.query<{ n: number }>('SELECT 3 AS n'))).rows[0]!.n).toBe(3);
    expect(
      await settlesWithin(
        db.transaction(async (tx) => (await tx.query<{ n: number }>('SELECT 4 AS n')).rows[0]!.n),
      ),
    ).toBe(4);
  });

  it('clean stop: refused at once as database-unreachable, and working again after the restart without reopening', async () => {
    const p = await proxy();
    const db = await connect(p.urlFor(url), { max: 3, connectTimeoutMs: 500, queryTimeoutMs: 500 });
    await db.query('SELECT 1');
    await p.stop();
    const err = await rejection(db.query('SELECT 1'));
    expect(err).toBeInstanceOf(DatabaseUnavailableError);
    expect((err as DatabaseUnavailableError).reason).toBe('database-unreachable');
    await p.heal();
    await vi.waitFor(async () => expect((await db.query('SELECT 1')).rows).toHaveLength(1), WAIT);
  });

  it('partition: queries and connects give up after their timeouts (database-timeout), and the pool recovers when it heals', async () => {
    const p = await proxy();
    const db = await connect(p.urlFor(url), { max: 3, connectTimeoutMs: 500, queryTimeoutMs: 500 });
    await Promise.all([1, 2, 3].map(() => db.query('SELECT pg_sleep(0.05)')));
    p.partition();
    // More requests than pooled connections: some wait on black-holed connections (query timeout),
    // the rest for a connection (connect timeout). None may hang.
    const errs = await Promise.all(Array.from({ length: 6 }, () => rejection(db.query('SELECT 1'))));
    for (const e of errs) {
      expect(e).toBeInstanceOf(DatabaseUnavailableError);
      expect((e as DatabaseUnavailableError).reason).toBe('database-timeout');
    }
    const txErr = await rejection(db.transaction(async (tx) => tx.query('SELECT 1')));
    expect(txErr).toBeInstanceOf(DatabaseUnavailableError);
    await p.heal();
    // The black-holed connections stay dead; the pool must have dropped them and open new ones.
    await vi.waitFor(async () => expect((await db.query('SELECT 1')).rows).toHaveLength(1), WAIT);
    expect(
      await db.transaction(async (tx) => (await tx.query<{ n: number }>('SELECT 5 AS n')).rows[0]!.n),
    ).toBe(5);
  });

  it('a statement longer than the query timeout is cancelled by the server (database-timeout); the connection stays usable', async () => {
    const db = await connect(url, { max: 1, queryTimeoutMs: 300 });
    const err = await rejection(db.query('SELECT pg_sleep(5)'));
    expect(err).toBeInstanceOf(DatabaseUnavailableError);
    expect((err as DatabaseUnavailableError).reason).toBe('database-timeout');
    expect((await db.query<{ n: number }>('SELECT 6 AS n')).rows[0]!.n).toBe(6);
  });

  it('the readiness probe answers within its own deadline during a partition, with a stable reason only', async () => {
    const p = await proxy();
    const db = await connect(p.urlFor(url), { max: 2, connectTimeoutMs: 2_000, queryTimeoutMs: 2_000 });
    const probe = createDatabaseProbe(db, 200);
    expect(await probe()).toMatchObject({ kind: 'postgres', status: 'up' });
    p.partition();
    const results = await settlesWithin(Promise.all(Array.from({ length: 5 }, () => probe())), 5_000);
    for (const r of results) {
      expect(r).toEqual({
        kind: 'postgres',
        status: 'down',
        reason: 'database-timeout',
        latencyMs: expect.any(Number),
      });
    }
    await p.heal();
    await vi.waitFor(async () => expect((await probe()).status).toBe('up'), WAIT);
  });
});
