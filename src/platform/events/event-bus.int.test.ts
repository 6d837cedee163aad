/**
 * Contract of the outbox and the event bus (issue 9, events), on PGlite and — when
 * TEST_DATABASE_URL is set — PostgreSQL: committed changes reach every subscriber in position
 * order, rolled-back ones never; a position that commits late is not stepped over; a subscriber
 * resumes from the outbox without loss or duplicates; a slow or failing subscriber holds up no one.
 */
import { until } from '../testing/until.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SYSTEM_ACTOR } from '../auth/actor.ts';
import { createTestDb, dbKinds } from '../db/testing.ts';
import type { Db } from '../db/types.ts';
import { createLogger } from '../logger.ts';
import { defineEvent, type StoredEvent } from './define-event.ts';
import { EventBus } from './event-bus.ts';
import { recordChange } from './record-change.ts';
import { openPostgres } from '../db/postgres.ts';

const thingHappened = defineEvent({
  type: 'test.thing.happened',
  scope: (p: { n: number; centreId: string }) => ({ kind: 'centre', id: p.centreId }),
  payload: z.object({ n: z.number().int(), centreId: z.string() }),
});
const otherThing = defineEvent({
  type: 'test.other.happened',
  scope: () => ({ kind: 'national', id: null }),
  payload: z.object({ n: z.number().int() }),
});

const audit = { action: 'thing.happen', entityType: 'thing', entityId: 'x' };

async function write(db: Db, n: number, centreId = 'lv-a'): Promise<number> {
  return db.transaction((tx) =>
    recordChange(tx, SYSTEM_ACTOR, { audit, event: thingHappened.of({ n, centreId }) }),
  );
}

describe.each(dbKinds())('event bus and outbox on %s (issue 9)', (kind) => {
  let db: Db;
  let bus: EventBus;
  const logger = createLogger('silent');

  beforeAll(async () => {
    db = await createTestDb(kind);
    bus = new EventBus({ db, logger, gapGraceMs: 50, safetyPollMs: 200 });
    await bus.start();
  });
  afterAll(async () => {
    await bus.stop();
    await db.close();
  });

  it('writes the audit row and the event in the change’s transaction; a rollback writes neither', async () => {
    const before = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_events')).rows[0]!.n;
    await expect(
      db.transaction(async (tx) => {
        await recordChange(tx, SYSTEM_ACTOR, { audit, event: thingHappened.of({ n: -1, centreId: 'lv-a' }) });
        throw new Error('change fails after recording');
      }),
    ).rejects.toThrow('change fails');
    const position = await write(db, 0);
    const audits = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_events')).rows[0]!.n;
    expect(audits).toBe(before + 1);
    const rows = await db.query<{ type: string; scope_kind: string; scope_id: string; payload: unknown }>(
      'SELECT type, scope_kind, scope_id, payload FROM events WHERE position = $1',
      [position],
    );
    expect(rows.rows).toEqual([
      {
        type: 'test.thing.happened',
        scope_kind: 'centre',
        scope_id: 'lv-a',
        payload: { n: 0, centreId: 'lv-a' },
      },
    ]);
    expect((await db.query("SELECT 1 FROM events WHERE payload->>'n' = '-1'")).rows).toHaveLength(0);
    // The bus passes the rolled-back position once it is proved permanent (the next tests start clean).
    await until(() => bus.position >= position, 'the bus to pass the gap');
  });

  it('refuses an event whose payload does not match its schema (before anything is written)', () => {
    expect(() => thingHappened.of({ n: 1.5, centreId: 'lv-a' })).toThrow();
  });

  it('delivers committed events to every subscriber in position order, filtered by type', async () => {
    const a: StoredEvent[] = [];
    const b: StoredEvent[] = [];
    const sa = bus.subscribe({ handler: (e) => void a.push(e) });
    const sb = bus.subscribe({ types: [otherThing.type], handler: (e) => void b.push(e) });
    const positions: number[] = [];
    for (let n = 1; n <= 20; n++) positions.push(await write(db, n));
    await db.transaction((tx) => recordChange(tx, SYSTEM_ACTOR, { audit, event: otherThing.of({ n: 99 }) }));
    await until(() => a.length === 21 && b.length === 1, 'all events');
    expect(a.slice(0, 20).map((e) => e.position)).toEqual(positions);
    expect(a.map((e) => e.position)).toEqual([...a.map((e) => e.position)].sort((x, y) => x - y));
    expect(b[0]).toMatchObject({
      type: 'test.other.happened',
      scope: { kind: 'national', id: null },
      payload: { n: 99 },
    });
    expect(a[0]).toMatchObject({
      actor: { type: 'system', name: 'system' },
      scope: { kind: 'centre', id: 'lv-a' },
    });
    sa.close();
    sb.close();
  });

  it('steps over the position of a rolled-back change once it is proved permanent', async () => {
    const got: number[] = [];
    const sub = bus.subscribe({ handler: (e) => void got.push((e.payload as { n: number }).n) });
    await expect(
      db.transaction(async (tx) => {
        await recordChange(tx, SYSTEM_ACTOR, {
          audit,
          event: thingHappened.of({ n: 1000, centreId: 'lv-a' }),
        });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow();
    await write(db, 1001);
    await until(() => got.includes(1001), 'the event after the gap');
    expect(got).toEqual([1001]);
    sub.close();
  });

  it('resumes a subscriber from a position: the outbox first, then live, each event once (issue 9)', async () => {
    const start = bus.position;
    for (let n = 0; n < 5; n++) await write(db, 2000 + n);
    await bus.readNow();
    const got: number[] = [];
    const sub = bus.subscribe({
      after: start,
      handler: (e) => void got.push((e.payload as { n: number }).n),
    });
    for (let n = 5; n < 10; n++) await write(db, 2000 + n);
    await until(() => got.length >= 10, 'ten events');
    await bus.readNow();
    expect(got).toEqual([2000, 2001, 2002, 2003, 2004, 2005, 2006, 2007, 2008, 2009]);
    sub.close();
  });

  it('a slow subscriber delays only itself; one that overflows catches up from the outbox in order', async () => {
    const fast: number[] = [];
    const slow: number[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const s1 = bus.subscribe({ handler: (e) => void fast.push(e.position) });
    const s2 = bus.subscribe({
      maxQueue: 3,
      async handler(e) {
        await gate;
        slow.push(e.position);
      },
    });
    const failing = bus.subscribe({
      handler: () => {
        throw new Error('subscriber bug');
      },
    });
    const written: number[] = [];
    for (let n = 0; n < 12; n++) written.push(await write(db, 3000 + n));
    await until(() => fast.length === 12, 'the fast subscriber');
    expect(slow).toEqual([]);
    release();
    await until(() => slow.length === 12, 'the slow subscriber to catch up');
    expect(fast).toEqual(written);
    expect(slow).toEqual(written);
    s1.close();
    s2.close();
    failing.close();
  });

  it('a subscriber that must not fall behind is closed when it overflows', async () => {
    let closedWith: string | null = null;
    const sub = bus.subscribe({
      maxQueue: 2,
      onOverflow: 'close',
      handler: () => new Promise<void>(() => undefined),
      onClose: (r) => (closedWith = r),
    });
    for (let n = 0; n < 6; n++) await write(db, 4000 + n);
    await until(() => closedWith !== null, 'the overflow');
    expect(closedWith).toBe('overflow');
    sub.close();
  });

  if (kind === 'postgres') {
    it('does not step over a position that commits after a later one (out-of-order commit)', async () => {
      const url = process.env.TEST_DATABASE_URL!;
      const schema = (await db.query<{ s: string }>('SELECT current_schema() AS s')).rows[0]!.s;
      const u = new URL(url);
      u.searchParams.set('options', `-c search_path=${schema}`);
      const other = await openPostgres(u.toString(), { max: 2 });
      let commitFirst!: () => void;
      const held = new Promise<void>((r) => (commitFirst = r));
      try {
        const got: number[] = [];
        const sub = bus.subscribe({ handler: (e) => void got.push((e.payload as { n: number }).n) });
        let firstWritten!: () => void;
        const written = new Promise<void>((r) => (firstWritten = r));
        // Transaction 1 takes the lower position and waits; transaction 2 takes the next and commits.
        const slowTx = other.transaction(async (tx) => {
          await recordChange(tx, SYSTEM_ACTOR, {
            audit,
            event: thingHappened.of({ n: 5001, centreId: 'lv-a' }),
          });
          firstWritten();
          await held;
        });
        await written;
        await write(db, 5002);
        // Long past the grace: the gap is still held because its transaction is still running.
        await new Promise((r) => setTimeout(r, 500));
        await bus.readNow();
        expect(got).toEqual([]);
        commitFirst();
        await slowTx;
        await until(() => got.length === 2, 'both events');
        expect(got).toEqual([5001, 5002]);
        sub.close();
      } finally {
        commitFirst(); // a failed expectation must not leave the transaction (and the pool) open
        await other.close();
      }
    });

    it('readNow returns after one full read even while a held gap keeps the reader busy (slow reads)', async () => {
      // Each read is slower than the gap's re-check interval, so a re-check always fires during a
      // read. readNow once waited for the reader to be idle, which a held gap then never allowed
      // (CI: the out-of-order test above hung for 60 s on a loaded PostgreSQL).
      const slow = <T>(call: () => Promise<T>) => new Promise<void>((r) => setTimeout(r, 60)).then(call);
      const slowDb: Db = {
        kind: db.kind,
        query: (sql, params) => slow(() => db.query(sql, params)),
        exec: (sql) => db.exec(sql),
        transaction: (fn) => db.transaction(fn),
        close: async () => undefined,
        listen: async (channel, handlers) => {
          const l = await db.listen!(channel, handlers);
          return { query: (sql, params) => slow(() => l.query(sql, params)), close: () => l.close() };
        },
      };
      const busy = new EventBus({ db: slowDb, logger, gapGraceMs: 20, safetyPollMs: 30 });
      await busy.start();
      const schema = (await db.query<{ s: string }>('SELECT current_schema() AS s')).rows[0]!.s;
      const u = new URL(process.env.TEST_DATABASE_URL!);
      u.searchParams.set('options', `-c search_path=${schema}`);
      const other = await openPostgres(u.toString(), { max: 2 });
      let commitFirst!: () => void;
      const held = new Promise<void>((r) => (commitFirst = r));
      try {
        let firstWritten!: () => void;
        const written = new Promise<void>((r) => (firstWritten = r));
        const slowTx = other.transaction(async (tx) => {
          await recordChange(tx, SYSTEM_ACTOR, {
            audit,
            event: thingHappened.of({ n: 6001, centreId: 'lv-a' }),
          });
          firstWritten();
          await held;
        });
        await written;
        const before = busy.position;
        await write(db, 6002);
        await new Promise((r) => setTimeout(r, 200));
        const returned = await Promise.race([
          busy.readNow().then(() => true),
          new Promise<boolean>((r) => setTimeout(() => r(false), 5_000)),
        ]);
        expect(returned).toBe(true);
        expect(busy.position).toBe(before);
        commitFirst();
        await slowTx;
        await busy.readNow();
        await until(() => busy.position === before + 2, 'both positions');
      } finally {
        commitFirst(); // a failed expectation must not leave the transaction (and the pool) open
        await busy.stop();
        await other.close();
      }
    });
  }
});
