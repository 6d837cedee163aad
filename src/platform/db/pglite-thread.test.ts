/**
 * The embedded database on its own thread (pglite-thread.ts; issue 8: RT-1 routing is answered
 * whatever the database does): the same answers, errors, transactions and notifications as PGlite
 * on the main thread, while the main thread's event loop goes on during a long statement; a
 * thread that dies fails every call at once, never a hang.
 */
import type { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromDatabaseError } from './database-errors.ts';
import { openPgliteThread } from './pglite-thread.ts';
import type { Db } from './types.ts';
import { DatabaseUnavailableError } from './unavailable.ts';

describe('embedded database on its own thread', { timeout: 120_000 }, () => {
  let db: Db;
  beforeAll(async () => {
    db = await openPgliteThread();
    await db.exec(`CREATE TABLE things (id int PRIMARY KEY, name text NOT NULL, at timestamptz,
                     doc jsonb, data bytea, CONSTRAINT things_name_key UNIQUE (name))`);
  });
  afterAll(async () => {
    await db.close();
  });

  it('answers with the values PGlite gives on the main thread (dates, JSON, bytes, numbers)', async () => {
    const at = new Date('2026-12-07T09:15:00.000Z');
    await db.query('INSERT INTO things VALUES ($1, $2, $3, $4, $5)', [
      1,
      'first',
      at,
      JSON.stringify({ a: [1, 'x'] }),
      new Uint8Array([1, 2, 255]),
    ]);
    const r = await db.query<{
      id: number;
      name: string;
      at: Date;
      doc: unknown;
      data: Uint8Array;
      n: string;
    }>('SELECT id, name, at, doc, data, (2^40)::bigint::text AS n FROM things WHERE id = $1', [1]);
    expect(r.rows).toEqual([
      {
        id: 1,
        name: 'first',
        at,
        doc: { a: [1, 'x'] },
        data: new Uint8Array([1, 2, 255]),
        n: '1099511627776',
      },
    ]);
  });

  it('a failed statement keeps its PostgreSQL code and fields, so it maps to the same problem', async () => {
    const err = await db.query("INSERT INTO things (id, name) VALUES (2, 'first')").then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: '23505', constraint: 'things_name_key' });
    expect(fromDatabaseError(err)).toMatchObject({
      code: 'unique-violation',
      extra: { columns: ['name'] },
    });
    await expect(db.query('SELECT nope FROM things')).rejects.toMatchObject({ code: '42703' });
  });

  it('commits a transaction, and rolls it back when the function throws or a statement fails', async () => {
    await db.transaction(async (tx) => {
      await tx.query("INSERT INTO things (id, name) VALUES (10, 'ten')");
      await tx.exec("INSERT INTO things (id, name) VALUES (11, 'eleven')");
    });
    await expect(
      db.transaction(async (tx) => {
        await tx.query("INSERT INTO things (id, name) VALUES (12, 'twelve')");
        throw new Error('the change fails');
      }),
    ).rejects.toThrow('the change fails');
    await expect(
      db.transaction(async (tx) => {
        await tx.query("INSERT INTO things (id, name) VALUES (13, 'thirteen')");
        await tx.query("INSERT INTO things (id, name) VALUES (14, 'ten')");
      }),
    ).rejects.toMatchObject({ code: '23505' });
    const ids = await db.query<{ id: number }>('SELECT id FROM things WHERE id >= 10 ORDER BY id');
    expect(ids.rows.map((r) => r.id)).toEqual([10, 11]);
  });

  it('a statement outside a transaction waits for it to end, as on one connection', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const tx = db.transaction(async (t) => {
      await t.query("INSERT INTO things (id, name) VALUES (20, 'twenty')");
      await held;
    });
    await new Promise((r) => setTimeout(r, 50));
    let seen: number | null = null;
    const outside = db
      .query<{ n: number }>('SELECT count(*)::int AS n FROM things WHERE id = 20')
      .then((r) => (seen = r.rows[0]!.n));
    await new Promise((r) => setTimeout(r, 100));
    expect(seen).toBeNull();
    release();
    await tx;
    await outside;
    expect(seen).toBe(1);
  });

  it('delivers a NOTIFY after its transaction commits, never one rolled back; closed listening stops', async () => {
    const got: string[] = [];
    let connected = 0;
    const l = await db.listen!('thread_test', { notify: (p) => got.push(p), connected: () => connected++ });
    expect(connected).toBe(1);
    await expect(
      db.transaction(async (tx) => {
        await tx.query("SELECT pg_notify('thread_test', 'lost')");
        throw new Error('rolled back');
      }),
    ).rejects.toThrow();
    await db.transaction(async (tx) => {
      await tx.query("SELECT pg_notify('thread_test', 'kept')");
    });
    await l.query('SELECT 1');
    await new Promise((r) => setTimeout(r, 50));
    expect(got).toEqual(['kept']);
    await l.close();
    await db.query("SELECT pg_notify('thread_test', 'after close')");
    await new Promise((r) => setTimeout(r, 50));
    expect(got).toEqual(['kept']);
  });

  it('the main thread’s timers keep firing while a long statement runs on the database thread', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    try {
      // Some hundreds of milliseconds of WebAssembly in one statement.
      const r = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM generate_series(1, 3000000) g WHERE g % 7 = 0',
      );
      expect(r.rows[0]!.n).toBe(428571);
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThanOrEqual(3);
  });

  it('takes a backup as a gzipped archive of the folder', async () => {
    const bytes = await db.backup!();
    expect([...bytes.slice(0, 2)]).toEqual([0x1f, 0x8b]);
  });
});

describe('embedded database thread that dies', { timeout: 120_000 }, () => {
  it('fails the call under way and every later one at once with database-unreachable', async () => {
    let thread!: Worker;
    const db = await openPgliteThread(undefined, { onThread: (t) => (thread = t) });
    const disconnected: unknown[] = [];
    await db.listen!('dying', { notify: () => undefined, disconnected: (e) => disconnected.push(e) });
    const underWay = db.query('SELECT count(*) FROM generate_series(1, 20000000)');
    await new Promise((r) => setTimeout(r, 20));
    await thread.terminate();
    await expect(underWay).rejects.toBeInstanceOf(DatabaseUnavailableError);
    await expect(db.query('SELECT 1')).rejects.toMatchObject({ reason: 'database-unreachable' });
    await expect(db.transaction(async () => undefined)).rejects.toBeInstanceOf(DatabaseUnavailableError);
    expect(disconnected).toHaveLength(1);
    await db.close();
  });
});
