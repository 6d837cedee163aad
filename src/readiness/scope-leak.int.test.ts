/**
 * Issue 8 "404 vs 403 tells whether a unit exists": a caller bound to one organisation gets the
 * same answer for a record of another organisation as for a record that does not exist — same
 * status, same problem (only the id differs). One case per scoped route of the registry; the test
 * fails when a route with an id is added to the readiness API without a case here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../platform/db/testing.ts';
import { routeRegistry } from '../platform/http/route.ts';
import { createTestApp, type TestApp } from '../platform/testing/app.ts';
import { readinessModule } from './module.ts';
import { api, buildCourse, buildPerson, buildUnit, complete, type Api } from './testing/factories.ts';

const R = '/api/v1/readiness';
const MISSING_UUID = '00000000-0000-4000-8000-00000000dead';

interface LeakCase {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT';
  /** The registered route (its url) this case covers. */
  route: string;
  /** The request for a record with this id (or reference). */
  request(id: string): { url: string; body?: unknown; contentType?: string };
  /** The id of a record in the other organisation, and of one that does not exist. */
  hidden: () => string;
  missing: string;
}

/** Readiness routes whose `:id` names a record that is not scoped to an organisation. */
const NATIONAL = new Set([`${R}/training/courses/:id/versions`]);

describe.each(dbKinds())('scoped records do not leak their existence, on %s (issue 8)', (kind) => {
  let t: TestApp;
  let a: Api;
  let token: string;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await createTestApp({ kind, modules: [readinessModule] });
    a = api(t);
    const mine = await buildUnit(a);
    const other = await buildUnit(a, { parentId: 'kommune-0301', municipalities: ['0301'] });
    ids.mine = mine.id;
    ids.unit = other.id;
    ids.myPerson = (await buildPerson(a, mine.id)).id;
    ids.person = (await buildPerson(a, other.id)).id;
    const eq = await a.post(`${R}/organisations/${other.id}/equipment`, {
      kind: 'operator-position',
      label: 'Plass 1',
    });
    ids.equipment = eq.body.id;
    const ag = await a.post(`${R}/onboarding/units/${other.id}/agreements`, { type: 'service-level' });
    ids.agreement = ag.body.id;
    const course = await buildCourse(a);
    ids.course = course.id;
    ids.completion = (
      await complete(a, { personId: ids.person, courseId: course.id, completedAt: '2025-01-10' })
    ).id;
    // A stored roster of the other organisation (its content does not matter here).
    ids.roster = '00000000-0000-4000-8000-00000000beef';
    await t.db.query(
      `INSERT INTO readiness_rosters (id, unit_id, week_start, source) VALUES ($1, $2, '2025-03-03', 'api')`,
      [ids.roster, other.id],
    );
    for (const [k, v] of Object.entries(ids)) if (!v) throw new Error(`fixture ${k} was not created`);
    // A local project leader: may read and write, but only within their own LV-sentral.
    token = await t.tokenFor('readiness-admin', mine.id);
  });
  afterAll(async () => t?.close());

  const unitCase = (method: LeakCase['method'], route: string, body?: unknown): LeakCase => ({
    method,
    route,
    request: (id) => ({ url: route.replace(':id', id), body }),
    hidden: () => ids.unit!,
    missing: 'lv-does-not-exist',
  });
  const cases: LeakCase[] = [
    unitCase('GET', `${R}/organisations/:id`),
    unitCase('PATCH', `${R}/organisations/:id`, { notes: 'x' }),
    unitCase('GET', `${R}/organisations/:id/leaders`),
    unitCase('POST', `${R}/organisations/:id/leaders`, { role: 'local-project-leader', name: 'Leder' }),
    unitCase('GET', `${R}/organisations/:id/equipment`),
    unitCase('POST', `${R}/organisations/:id/equipment`, { kind: 'operator-position', label: 'Plass 2' }),
    unitCase('POST', `${R}/organisations/:id/equipment/import`, {
      csv: 'kind,label\noperator-position,P3\n',
    }),
    unitCase('GET', `${R}/onboarding/units/:id`),
    unitCase('PUT', `${R}/onboarding/units/:id/milestones`, { plannedGoLive: '2026-01-01' }),
    unitCase('GET', `${R}/onboarding/units/:id/agreements`),
    unitCase('POST', `${R}/onboarding/units/:id/agreements`, { type: 'service-level' }),
    {
      method: 'PATCH',
      route: `${R}/equipment/:id`,
      request: (id) => ({ url: `${R}/equipment/${id}`, body: { label: 'x' } }),
      hidden: () => ids.equipment!,
      missing: MISSING_UUID,
    },
    {
      method: 'PATCH',
      route: `${R}/onboarding/agreements/:id`,
      request: (id) => ({ url: `${R}/onboarding/agreements/${id}`, body: { notes: 'x' } }),
      hidden: () => ids.agreement!,
      missing: MISSING_UUID,
    },
    ...(['', '/status', '/assignments'] as const).map((suffix): LeakCase => ({
      method: 'GET',
      route: `${R}/training/people/:id${suffix}`,
      request: (id) => ({ url: `${R}/training/people/${id}${suffix}` }),
      hidden: () => ids.person!,
      missing: MISSING_UUID,
    })),
    {
      method: 'PATCH',
      route: `${R}/training/people/:id`,
      request: (id) => ({ url: `${R}/training/people/${id}`, body: { email: 'x@example.org' } }),
      hidden: () => ids.person!,
      missing: MISSING_UUID,
    },
    {
      method: 'POST',
      route: `${R}/training/people/:id/assignments`,
      request: (id) => ({
        url: `${R}/training/people/${id}/assignments`,
        body: { kind: 'terminal-type', terminalType: 'SC20', fromDate: '2025-03-03' },
      }),
      hidden: () => ids.person!,
      missing: MISSING_UUID,
    },
    {
      method: 'GET',
      route: `${R}/training/completions/:id/certificate.pdf`,
      request: (id) => ({ url: `${R}/training/completions/${id}/certificate.pdf` }),
      hidden: () => ids.completion!,
      missing: MISSING_UUID,
    },
    {
      method: 'GET',
      route: `${R}/roster/rosters/:id`,
      request: (id) => ({ url: `${R}/roster/rosters/${id}` }),
      hidden: () => ids.roster!,
      missing: MISSING_UUID,
    },
  ];
  // References in a body or query: a unit, person or equipment of another organisation.
  const referenceCases: LeakCase[] = [
    {
      method: 'POST',
      route: `${R}/training/people`,
      request: (id) => ({ url: `${R}/training/people`, body: { name: 'Ny Person', employerUnitId: id } }),
      hidden: () => ids.unit!,
      missing: 'lv-does-not-exist',
    },
    {
      method: 'POST',
      route: `${R}/organisations`,
      request: (id) => ({
        url: `${R}/organisations`,
        body: { kind: 'legevakt', name: 'Ny legevakt', parentId: id },
      }),
      hidden: () => 'kommune-0301',
      missing: 'kommune-9999',
    },
    {
      method: 'POST',
      route: `${R}/training/completions`,
      request: (id) => ({
        url: `${R}/training/completions`,
        body: { personId: id, courseId: ids.course, completedAt: '2025-01-11' },
      }),
      hidden: () => ids.person!,
      missing: MISSING_UUID,
    },
    {
      method: 'POST',
      route: `${R}/training/instructors`,
      request: (id) => ({
        url: `${R}/training/instructors`,
        body: { personId: id, level: 'local', scope: 'control-room', fromDate: '2025-01-01' },
      }),
      hidden: () => ids.person!,
      missing: MISSING_UUID,
    },
    {
      method: 'POST',
      route: `${R}/training/people/:id/assignments`,
      request: (id) => ({
        url: `${R}/training/people/${ids.myPerson}/assignments`,
        body: { kind: 'operator-position', equipmentId: id, fromDate: '2025-03-03' },
      }),
      hidden: () => ids.equipment!,
      missing: MISSING_UUID,
    },
    {
      method: 'POST',
      route: `${R}/roster/rosters/import`,
      request: (id) => ({
        url: `${R}/roster/rosters/import?unitId=${id}&weekStart=2025-03-03`,
        body: 'unit_id,unit_kind,start,end,person_id,role\nx,lv-sentral,2025-03-03T08:00+01:00,2025-03-03T16:00+01:00,p,operator\n',
        contentType: 'text/csv',
      }),
      hidden: () => ids.unit!,
      missing: 'lv-does-not-exist',
    },
    {
      method: 'GET',
      route: `${R}/reports/documentation`,
      request: (k) => ({ url: `${R}/reports/documentation?kommunenummer=${k}` }),
      hidden: () => '0301',
      missing: '9999',
    },
  ];

  it('covers every readiness route with a record id', () => {
    const withId = routeRegistry
      .filter((r) => r.url.startsWith(R) && r.url.includes(':id') && !NATIONAL.has(r.url))
      .map((r) => `${r.method} ${r.url}`)
      .sort();
    const covered = [...new Set(cases.map((c) => `${c.method} ${c.route}`))].sort();
    expect(covered).toEqual(withId);
  });

  it.each([...cases, ...referenceCases].map((c) => [`${c.method} ${c.route} (${c.missing})`, c] as const))(
    '%s: the same answer for another organisation’s record as for a missing one',
    async (_name, c) => {
      const send = async (id: string) => {
        const req = c.request(id);
        const json = req.body !== undefined && typeof req.body !== 'string';
        const contentType = req.contentType ?? (json ? 'application/json' : undefined);
        const r = await t.app.inject({
          method: c.method,
          url: req.url,
          headers: {
            authorization: `Bearer ${token}`,
            ...(contentType ? { 'content-type': contentType } : {}),
          },
          ...(req.body !== undefined
            ? { payload: json ? JSON.stringify(req.body) : (req.body as string) }
            : {}),
        });
        return { status: r.statusCode, text: r.body.split(id).join('<id>') };
      };
      const hidden = await send(c.hidden());
      const missing = await send(c.missing);
      // A "not found" (404, or 422 for a reference in a body), not a 403 and not a bad request.
      expect([404, 422], hidden.text).toContain(hidden.status);
      expect(hidden).toEqual(missing);
    },
  );
});
