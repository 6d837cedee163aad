/**
 * Issue 9 part 3, access scoped to where people work: memberships (a role at a scope), one policy
 * per context checked by the router, /auth/me capabilities, and what was found possible before —
 * a readiness administrator of one organisation moving its units under another, tagging a unit
 * with another centre's id, creating or versioning national courses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { dbKinds } from '../platform/db/testing.ts';
import { wrapPglite } from '../platform/db/pglite.ts';
import { migrate, MIGRATIONS_DIR } from '../platform/db/migrate.ts';
import type { Membership } from '../platform/auth/actor.ts';
import { createRoutingTestApp, type RoutingTestApp } from '../routing/testing-app.ts';
import { readinessModule } from '../readiness/module.ts';
import { api, buildCourse, buildUnit, uniq, type Api } from '../readiness/testing/factories.ts';

const R = '/api/v1/readiness';
const newCourse = () => ({
  code: uniq('EL'),
  name: 'Kurs',
  kind: 'e-learning',
  validityMonths: 24,
  initialVersionReleasedAt: '2020-01-01',
});

describe.each(dbKinds())('scoped access with memberships (issue 9) on %s', (kind) => {
  let t: RoutingTestApp;
  let a: Api;
  let unitA: string;
  let childA: string;
  let unitB: string;
  let leaderOfA: string;
  const userWith = (memberships: Membership[]) => t.tokenWith(memberships);
  beforeAll(async () => {
    t = await createRoutingTestApp({ kind, more: [readinessModule] });
    a = api(t);
    unitA = (await buildUnit(a, { centreId: 'lv-bergen' })).id;
    childA = (await buildUnit(a, { kind: 'legevakt', parentId: unitA, municipalities: [] })).id;
    unitB = (await buildUnit(a, { parentId: 'kommune-0301', municipalities: ['0301'], centreId: 'lv-oslo' }))
      .id;
    leaderOfA = await t.tokenFor('readiness-admin', unitA);
  });
  afterAll(async () => t?.close());

  it('a readiness administrator of A cannot move A’s units under B, nor to the top', async () => {
    const under = await a.patch(`${R}/organisations/${childA}`, { parentId: unitB }, leaderOfA);
    expect(under.status).toBe(422);
    const top = await a.patch(`${R}/organisations/${childA}`, { parentId: null }, leaderOfA);
    expect(top.status).toBe(403);
    const create = await a.post(
      `${R}/organisations`,
      { kind: 'legevakt', name: uniq('Legevakt'), parentId: unitB },
      leaderOfA,
    );
    expect(create.status).toBe(422);
    expect((await a.get(`${R}/organisations/${childA}`)).body.parentId).toBe(unitA);
  });

  it('a readiness administrator of A cannot tag a unit with another centre’s id', async () => {
    const tag = await a.patch(`${R}/organisations/${childA}`, { centreId: 'lv-oslo' }, leaderOfA);
    expect(tag.status).toBe(403);
    const create = await a.post(
      `${R}/organisations`,
      { kind: 'legevakt', name: uniq('Legevakt'), parentId: unitA, centreId: 'lv-oslo' },
      leaderOfA,
    );
    expect(create.status).toBe(403);
    expect((await a.get(`${R}/organisations/${childA}`)).body.centreId ?? null).toBeNull();
    // Its own centre is fine.
    expect((await a.patch(`${R}/organisations/${childA}`, { centreId: 'lv-bergen' }, leaderOfA)).status).toBe(
      200,
    );
  });

  it('a readiness administrator of A cannot create or version national courses; a national one can', async () => {
    const course = await buildCourse(a);
    const create = await a.post(`${R}/training/courses`, newCourse(), leaderOfA);
    expect(create.status).toBe(403);
    const version = await a.post(
      `${R}/training/courses/${course.id}/versions`,
      { version: '2.0', releasedAt: '2024-01-01' },
      leaderOfA,
    );
    expect(version.status).toBe(403);
    const national = await t.tokenFor('readiness-admin');
    expect((await a.post(`${R}/training/courses`, newCourse(), national)).status).toBe(201);
  });

  it('a leader at two centres may change both, not a third; an AMK-area membership covers the area’s centres', async () => {
    const two = await userWith([
      { role: 'centre-leader', scope: { level: 'centre', id: 'lv-bergen' } },
      { role: 'centre-leader', scope: { level: 'centre', id: 'lv-oslo' } },
    ]);
    const area = await userWith([{ role: 'centre-leader', scope: { level: 'area', id: 'amk-bergen' } }]);
    const set = (token: string, centre: string) =>
      t.app.inject({
        method: 'PUT',
        url: `/api/v1/routing/centres/${centre}/availability`,
        headers: { authorization: `Bearer ${token}` },
        payload: { unavailable: false, reason: 'Test av tilgang' },
      });
    expect((await set(two, 'lv-bergen')).statusCode).toBe(204);
    expect((await set(two, 'lv-oslo')).statusCode).toBe(204);
    expect((await set(two, 'lv-hamar')).statusCode).toBe(403);
    expect((await set(area, 'lv-kinn')).statusCode).toBe(204);
    expect((await set(area, 'lv-oslo')).statusCode).toBe(403);
  });

  it('a write route sees only the memberships that grant writing: reading B as an operator does not let one write B', async () => {
    const both = await userWith([
      { role: 'readiness-admin', scope: { level: 'unit', id: unitA } },
      { role: 'operator', scope: { level: 'unit', id: unitB } },
    ]);
    expect((await a.get(`${R}/organisations/${unitB}`, both)).status).toBe(200);
    expect((await a.patch(`${R}/organisations/${unitB}`, { notes: 'x' }, both)).status).toBe(404);
    expect((await a.patch(`${R}/organisations/${unitA}`, { notes: 'mine' }, both)).status).toBe(200);
  });

  it('GET /auth/me returns the memberships and the capabilities, with their scopes', async () => {
    const me = await t.app.inject({
      url: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${leaderOfA}` },
    });
    const body = me.json();
    expect(body.memberships).toEqual([
      { role: 'readiness-admin', scope: { level: expect.any(String), id: unitA } },
    ]);
    const actions = body.capabilities.map((c: { action: string }) => c.action);
    expect(actions).toEqual(expect.arrayContaining(['routing.read', 'readiness.read', 'readiness.write']));
    expect(actions).not.toContain('readiness.national');
    expect(actions).not.toContain('routing.change');
    expect(body.capabilities.find((c: { action: string }) => c.action === 'readiness.write').scopes).toEqual([
      { level: expect.any(String), id: unitA },
    ]);
    const admin = (
      await t.app.inject({ url: '/api/v1/auth/me', headers: { authorization: `Bearer ${t.adminToken}` } })
    ).json();
    expect(admin.capabilities.find((c: { action: string }) => c.action === 'readiness.national')).toEqual({
      action: 'readiness.national',
      scopes: [{ level: 'national' }],
    });
  });
});

describe('the memberships migration (issue 9)', () => {
  it('turns every existing user’s role and centre into a membership', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'nodmeld-mig-'));
    const db = wrapPglite(new PGlite());
    try {
      const files = (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d{4}_.+\.sql$/.test(f));
      for (const f of files.filter((f) => f < '0023'))
        await cp(path.join(MIGRATIONS_DIR, f), path.join(dir, f));
      await migrate(db, dir);
      await db.query(
        `INSERT INTO users (id, username, display_name, password_hash, role, centre_id) VALUES
         ('00000000-0000-4000-8000-000000000001', 'ops', 'Ops', 'x', 'operations', NULL),
         ('00000000-0000-4000-8000-000000000002', 'leader', 'Leader', 'x', 'centre-leader', 'lv-bergen'),
         ('00000000-0000-4000-8000-000000000003', 'local', 'Local', 'x', 'readiness-admin', 'kommune-4601')`,
      );
      await migrate(db);
      const r = await db.query<{ username: string; role: string; scope_level: string; scope_id: string }>(
        `SELECT u.username, m.role, m.scope_level, m.scope_id FROM memberships m JOIN users u ON u.id = m.user_id ORDER BY u.username`,
      );
      expect(r.rows).toEqual([
        { username: 'leader', role: 'centre-leader', scope_level: 'centre', scope_id: 'lv-bergen' },
        { username: 'local', role: 'readiness-admin', scope_level: 'unit', scope_id: 'kommune-4601' },
        { username: 'ops', role: 'operations', scope_level: 'national', scope_id: '' },
      ]);
    } finally {
      await db.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
