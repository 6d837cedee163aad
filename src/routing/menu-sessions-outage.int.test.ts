/**
 * Issue 8 / RT-5: the fallback menu keeps working when the database does not. The database here is
 * a real PGlite behind a switch that makes every query fail as an unreachable database would, or
 * hang as a partitioned one does; sessions started then are kept in memory and driven to a
 * decision, also after the database returns.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '../platform/db/testing.ts';
import type { Db, Queryable } from '../platform/db/types.ts';
import { DatabaseUnavailableError } from '../platform/db/unavailable.ts';
import { createTestApp, type TestApp } from '../platform/testing/app.ts';
import { buildDataSet } from './domain/testing.ts';
import { createRoutingModule, type RoutingApi } from './module.ts';
import type { MenuSessionView } from './menu-sessions.ts';

type Mode = 'up' | 'down' | 'hang';

/** A real database behind a switch: 'down' refuses every query, 'hang' never answers. */
function switchable(real: Db): Db & { mode: Mode } {
  const gate = <T>(run: () => Promise<T>): Promise<T> => {
    if (wrapper.mode === 'down') return Promise.reject(new DatabaseUnavailableError('database-unreachable'));
    if (wrapper.mode === 'hang') return new Promise<T>(() => undefined);
    return run();
  };
  const wrapper = {
    mode: 'up' as Mode,
    kind: real.kind,
    query: ((text: string, params?: unknown[]) => gate(() => real.query(text, params))) as Queryable['query'],
    exec: (sql: string) => gate(() => real.exec(sql)),
    transaction: <T>(fn: (tx: Queryable) => Promise<T>) => gate(() => real.transaction(fn)),
    close: () => real.close(),
  };
  return wrapper;
}

describe('fallback-menu sessions through a database outage (RT-5, issue 8)', () => {
  let t: TestApp;
  let db: Db & { mode: Mode };
  let routing: RoutingApi;
  beforeAll(async () => {
    db = switchable(await createTestDb('pglite'));
    const routingModule = createRoutingModule({ seed: async () => buildDataSet() });
    t = await createTestApp({ modules: [routingModule], db });
    routing = t.use(routingModule);
  });
  afterAll(async () => {
    db.mode = 'up';
    await t.close();
  });

  async function drive(id: string): Promise<MenuSessionView> {
    const postcode = routing.runtime.current().data.postcodes.find((p) => p.municipality === '5001')!.code;
    await routing.menus.input(id, '1');
    return routing.menus.input(id, postcode);
  }

  it.each(['down', 'hang'] as const)(
    'database %s: a session starts and reaches a decision from memory',
    async (mode) => {
      db.mode = mode;
      const s = await routing.menus.create({ entry: 'fallback', language: 'nb', callingNumber: '91234567' });
      expect(s.prompt.language).toBe('nb');
      expect(routing.menus.inMemory()).toBeGreaterThan(0);
      const end = await drive(s.id);
      expect(end.ended).toBe(true);
      expect(end.decision).toMatchObject({ outcome: 'connect', centreId: 'lv-trondheim' });
      await expect(routing.menus.input(s.id, '1')).rejects.toMatchObject({ code: 'conflict' });
      db.mode = 'up';
    },
  );

  it('a session started in the outage finishes after the database is back; new ones are stored again', async () => {
    db.mode = 'down';
    const during = await routing.menus.create({ entry: 'fallback', callingNumber: '91234567' });
    db.mode = 'up';
    expect((await drive(during.id)).decision).toMatchObject({ centreId: 'lv-trondheim' });
    const after = await routing.menus.create({ entry: 'fallback', callingNumber: '91234567' });
    const row = await t.db.query('SELECT id FROM menu_sessions WHERE id = $1', [after.id]);
    expect(row.rows).toHaveLength(1);
    expect((await drive(after.id)).decision).toMatchObject({ centreId: 'lv-trondheim' });
  });

  it('an unknown session during the outage is a 503, not a wrong answer', async () => {
    db.mode = 'down';
    await expect(routing.menus.input('00000000-0000-4000-8000-000000000000', '1')).rejects.toBeInstanceOf(
      DatabaseUnavailableError,
    );
    db.mode = 'up';
  });
});
