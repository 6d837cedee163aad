/**
 * Issue 8 "partial updates": a PATCH changes only the field it was sent, and its audit row names
 * only what changed, with the value before and after. One case per field of every PATCH route in
 * the registry; each record starts with non-default values (a signed agreement, retired equipment,
 * an inactive person), which is where the trial lost data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ZodObject } from 'zod';
import { dbKinds } from '../platform/db/testing.ts';
import { routeRegistry } from '../platform/http/route.ts';
import { createTestApp, type TestApp } from '../platform/testing/app.ts';
import { readinessModule } from './module.ts';
import { api, buildPerson, buildUnit, uniq, type Api } from './testing/factories.ts';

const R = '/api/v1/readiness';

/** A PATCH route's test record: how to make one, read it back, and one new value per field. */
interface PatchFixture {
  /** Creates the record with every field set to a non-default value; returns its id. */
  create(): Promise<string>;
  read(id: string): Promise<Record<string, unknown>>;
  url(id: string): string;
  /** Audit entity of the record. */
  entityType: string;
  /** One new, valid value per field of the PATCH body. */
  samples: Record<string, unknown>;
}

describe.each(dbKinds())('PATCH changes only what it was sent, on %s (issue 8)', (kind) => {
  let t: TestApp;
  let a: Api;
  let fixtures: Record<string, PatchFixture>;
  beforeAll(async () => {
    t = await createTestApp({ kind, modules: [readinessModule] });
    a = api(t);
    const otherUnit = await buildUnit(a, { parentId: 'kommune-0301', municipalities: ['0301'] });
    const must = async (p: Promise<{ status: number; body: { id: string } }>, what: string) => {
      const r = await p;
      if (r.status !== 201) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.id;
    };
    fixtures = {
      // Platform: disabling a user (issue 9) is a PATCH too.
      '/api/v1/users/:id': {
        create: async () =>
          must(
            a.post('/api/v1/users', {
              username: uniq('patch').toLowerCase(),
              displayName: 'Patch',
              password: 'a-long-enough-password',
              role: 'auditor',
            }),
            'user',
          ),
        read: async (id) =>
          (await a.get('/api/v1/users?limit=1000')).body.items.find((u: { id: string }) => u.id === id),
        url: (id) => `/api/v1/users/${id}`,
        entityType: 'user',
        samples: { disabled: true },
      },
      [`${R}/organisations/:id`]: {
        create: async () =>
          (
            await buildUnit(a, {
              centreId: 'lv-patch-a',
              orgNumber: '123456789',
              notes: 'Merknad før',
              kommunenummer: null,
            })
          ).id,
        read: async (id) => (await a.get(`${R}/organisations/${id}`)).body,
        url: (id) => `${R}/organisations/${id}`,
        entityType: 'readiness-unit',
        samples: {
          name: 'Nytt navn legevaktsentral',
          parentId: 'kommune-0301',
          kommunenummer: '9901',
          centreId: 'lv-patch-b',
          controlRoomSystem: 'ICCS Annen',
          orgNumber: '987654321',
          municipalities: ['0301'],
          notes: 'Merknad etter',
        },
      },
      [`${R}/equipment/:id`]: {
        create: async () => {
          const unit = await buildUnit(a);
          return must(
            a.post(`${R}/organisations/${unit.id}/equipment`, {
              kind: 'radio-terminal',
              form: 'handheld',
              label: 'Håndterminal 1',
              model: 'Sepura SC20',
              terminalType: 'SC20',
              issi: String(3_000_000 + Math.floor(Math.random() * 999_999)),
              serialNumber: 'SN-1',
              status: 'retired',
            }),
            'equipment',
          );
        },
        read: async (id) => {
          const r = await t.db.query<{ unit_id: string }>(
            'SELECT unit_id FROM readiness_equipment WHERE id = $1',
            [id],
          );
          const list = await a.get(`${R}/organisations/${r.rows[0]!.unit_id}/equipment`);
          return list.body.items.find((e: { id: string }) => e.id === id);
        },
        url: (id) => `${R}/equipment/${id}`,
        entityType: 'readiness-equipment',
        samples: {
          form: 'vehicle',
          label: 'Omdøpt terminal',
          model: 'Sepura SC21',
          terminalType: 'SC21',
          controlRoomSystem: 'ICCS X',
          issi: String(4_000_000 + Math.floor(Math.random() * 999_999)),
          serialNumber: 'SN-2',
          status: 'active',
        },
      },
      [`${R}/onboarding/agreements/:id`]: {
        create: async () => {
          const unit = await buildUnit(a);
          return must(
            a.post(`${R}/onboarding/units/${unit.id}/agreements`, {
              type: 'service-level',
              counterparty: 'Helsetjenestens driftsorganisasjon',
              status: 'signed',
              draftedAt: '2025-01-01',
              sentAt: '2025-01-10',
              signedAt: '2025-02-01',
              reference: 'SLA-1',
              notes: 'Merknad før',
            }),
            'agreement',
          );
        },
        read: async (id) => {
          const r = await t.db.query<{ unit_id: string }>(
            'SELECT unit_id FROM readiness_agreements WHERE id = $1',
            [id],
          );
          const list = await a.get(`${R}/onboarding/units/${r.rows[0]!.unit_id}/agreements`);
          return list.body.items.find((x: { id: string }) => x.id === id);
        },
        url: (id) => `${R}/onboarding/agreements/${id}`,
        entityType: 'readiness-agreement',
        samples: {
          counterparty: 'Annen motpart',
          status: 'sent',
          draftedAt: '2025-01-02',
          sentAt: '2025-01-11',
          signedAt: '2025-02-02',
          terminatedAt: '2025-06-30',
          reference: 'SLA-2',
          notes: 'Merknad etter',
        },
      },
      [`${R}/training/people/:id`]: {
        create: async () => {
          const unit = await buildUnit(a);
          return (
            await buildPerson(a, unit.id, {
              hprNumber: String(1_000_000 + Math.floor(Math.random() * 8_999_999)),
              employeeNumber: uniq('A'),
              email: 'foer@example.org',
              active: false,
              competence: {
                courses: [{ kind: 'acute-medicine', completedAt: '2024-01-10' }],
                drivingLicences: [{ licenceClass: 'B', from: '2010-05-01' }],
              },
            })
          ).id;
        },
        read: async (id) => (await a.get(`${R}/training/people/${id}`)).body,
        url: (id) => `${R}/training/people/${id}`,
        entityType: 'readiness-person',
        samples: {
          name: 'Nytt Navn',
          hprNumber: String(1_000_000 + Math.floor(Math.random() * 8_999_999)),
          employeeNumber: uniq('B'),
          employerUnitId: otherUnit.id,
          email: 'etter@example.org',
          active: true,
          competence: { courses: [{ kind: 'violence-abuse', completedAt: '2024-02-10' }] },
        },
      },
    };
  });
  afterAll(async () => t?.close());

  it('every PATCH route in the registry has a fixture with a sample for each body field', () => {
    const patches = routeRegistry.filter((r) => r.method === 'PATCH');
    expect(patches.map((r) => r.url).sort()).toEqual(Object.keys(fixtures).sort());
    for (const r of patches) {
      const fields = Object.keys((r.body as ZodObject).shape).sort();
      expect(Object.keys(fixtures[r.url]!.samples).sort(), r.url).toEqual(fields);
    }
  });

  it('one field at a time: only that field changes, and the audit row has just it, before and after', async () => {
    const problems: string[] = [];
    for (const [route, f] of Object.entries(fixtures)) {
      for (const [field, value] of Object.entries(f.samples)) {
        const id = await f.create();
        const before = await f.read(id);
        const r = await a.patch(f.url(id), { [field]: value });
        if (r.status !== 200) {
          problems.push(`${route} ${field}: ${r.status} ${JSON.stringify(r.body)}`);
          continue;
        }
        const after = await f.read(id);
        for (const key of Object.keys(before)) {
          if (key === field) continue;
          if (JSON.stringify(after[key]) !== JSON.stringify(before[key]))
            problems.push(
              `${route} PATCH ${field} changed ${key}: ${JSON.stringify(before[key])} → ${JSON.stringify(after[key])}`,
            );
        }
        if (JSON.stringify(after[field]) === JSON.stringify(before[field]))
          problems.push(`${route} PATCH ${field} did not change it`);
        expect(r.body).toEqual(after);
        const audit = await t.db.query<{ action: string; actor_name: string; details: unknown }>(
          `SELECT action, actor_name, details FROM audit_events WHERE entity_type = $1 AND entity_id = $2 ORDER BY id DESC LIMIT 1`,
          [f.entityType, id],
        );
        const details = (
          typeof audit.rows[0]!.details === 'string'
            ? JSON.parse(audit.rows[0]!.details)
            : audit.rows[0]!.details
        ) as { changes?: Record<string, { from: unknown; to: unknown }> };
        expect(audit.rows[0]!.action).toMatch(/\.update$/);
        expect(audit.rows[0]!.actor_name).toBe('admin');
        expect(details.changes, `${route} ${field}`).toEqual({
          [field]: { from: before[field] ?? null, to: after[field] },
        });
      }
    }
    expect(problems).toEqual([]);
  });

  it('the trial cases: a note keeps a signed agreement signed; a rename keeps retired equipment retired; an e-mail keeps an inactive person inactive', async () => {
    const agreements = fixtures[`${R}/onboarding/agreements/:id`]!;
    const ag = await agreements.create();
    expect((await a.patch(agreements.url(ag), { notes: 'Ny merknad' })).body).toMatchObject({
      status: 'signed',
      signedAt: '2025-02-01',
      notes: 'Ny merknad',
    });
    const equipment = fixtures[`${R}/equipment/:id`]!;
    const eq = await equipment.create();
    expect((await a.patch(equipment.url(eq), { label: 'Nytt navn' })).body).toMatchObject({
      status: 'retired',
      label: 'Nytt navn',
    });
    const people = fixtures[`${R}/training/people/:id`]!;
    const p = await people.create();
    expect((await a.patch(people.url(p), { email: 'ny@example.org' })).body).toMatchObject({
      active: false,
      email: 'ny@example.org',
    });
  });

  it('competence facts merge: the lists sent are replaced, the others stay', async () => {
    const people = fixtures[`${R}/training/people/:id`]!;
    const id = await people.create();
    const r = await a.patch(people.url(id), {
      competence: { courses: [{ kind: 'violence-abuse', completedAt: '2024-02-10' }] },
    });
    expect(r.status).toBe(200);
    expect(r.body.competence.courses).toEqual([{ kind: 'violence-abuse', completedAt: '2024-02-10' }]);
    expect(r.body.competence.drivingLicences).toEqual([{ licenceClass: 'B', from: '2010-05-01' }]);
  });

  it('null clears a field that may be empty; a PATCH that changes nothing writes no audit row', async () => {
    const units = fixtures[`${R}/organisations/:id`]!;
    const id = await units.create();
    const cleared = await a.patch(units.url(id), { notes: null });
    expect(cleared.body.notes).toBeNull();
    const count = async () =>
      (
        await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_events WHERE entity_id = $1`, [
          id,
        ])
      ).rows[0]!.n;
    const n = await count();
    expect((await a.patch(units.url(id), { name: cleared.body.name })).status).toBe(200);
    expect(await count()).toBe(n);
  });

  it('an edit onto a unique value another record holds is a 409 naming the constraint, and changes nothing', async () => {
    const units = fixtures[`${R}/organisations/:id`]!;
    const id = await units.create();
    const before = await units.read(id);
    const r = await a.patch(units.url(id), { kommunenummer: '4601' });
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({
      code: 'unique-violation',
      constraint: 'readiness_units_kommunenummer_key',
      columns: ['kommunenummer'],
    });
    expect(await units.read(id)).toEqual(before);
  });
});
