/**
 * Issue 8: two requests creating the same record at once. Both pass the store's "is it taken?"
 * check; the database's unique constraint decides, and the loser gets a 409 problem — never a
 * 500 — and exactly one record exists. On PGlite the requests are serialised (the store's check
 * answers); on PostgreSQL they really race (the constraint answers, mapped in database-errors.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../platform/db/testing.ts';
import { createTestApp, type TestApp } from '../platform/testing/app.ts';
import { readinessModule } from './module.ts';
import { api, buildUnit, uniq, type Api } from './testing/factories.ts';

const R = '/api/v1/readiness';
const AT_ONCE = 6;

describe.each(dbKinds())('concurrent duplicate creates on %s (issue 8)', (kind) => {
  let t: TestApp;
  let a: Api;
  beforeAll(async () => {
    t = await createTestApp({ kind, modules: [readinessModule] });
    a = api(t);
  });
  afterAll(async () => t?.close());

  /** Sends the same create `AT_ONCE` times at once; one 201, the rest 409 problems. */
  const race = async (send: () => Promise<{ status: number; body: { code?: string } }>) => {
    const results = await Promise.all(Array.from({ length: AT_ONCE }, send));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, ...Array<number>(AT_ONCE - 1).fill(409)]);
    for (const r of results.filter((x) => x.status === 409))
      expect(['conflict', 'unique-violation']).toContain(r.body.code);
  };

  it('people with the same HPR number', async () => {
    const unit = await buildUnit(a);
    const hpr = String(1_000_000 + Math.floor(Math.random() * 8_999_999));
    await race(() =>
      a.post(`${R}/training/people`, { name: uniq('Kari'), hprNumber: hpr, employerUnitId: unit.id }),
    );
    const n = await t.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM readiness_people WHERE hpr_number = $1',
      [hpr],
    );
    expect(n.rows[0]!.n).toBe(1);
  });

  it('units with the same id', async () => {
    const id = uniq('lv-race');
    await race(() =>
      a.post(`${R}/organisations`, { id, kind: 'lv-sentral', name: uniq('LV'), parentId: 'kommune-4601' }),
    );
    const n = await t.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM readiness_units WHERE id = $1',
      [id],
    );
    expect(n.rows[0]!.n).toBe(1);
  });

  it('courses with the same code', async () => {
    const code = uniq('EL');
    await race(() => a.post(`${R}/training/courses`, { code, name: 'E-læring', kind: 'e-learning' }));
    const n = await t.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM readiness_courses WHERE code = $1',
      [code],
    );
    expect(n.rows[0]!.n).toBe(1);
  });

  it('terminals with the same ISSI', async () => {
    const unit = await buildUnit(a);
    const issi = String(5_000_000 + Math.floor(Math.random() * 999_999));
    await race(() =>
      a.post(`${R}/organisations/${unit.id}/equipment`, {
        kind: 'radio-terminal',
        form: 'handheld',
        label: uniq('H'),
        model: 'Sepura',
        issi,
      }),
    );
  });

  it('users with the same username', async () => {
    const username = uniq('bruker').toLowerCase();
    await race(async () => {
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: { authorization: `Bearer ${t.adminToken}` },
        payload: { username, displayName: 'Bruker', password: 'a-long-enough-password', role: 'auditor' },
      });
      return { status: r.statusCode, body: r.json<{ code?: string }>() };
    });
  });
});
