/**
 * The Nødnett API over HTTP on PGlite and PostgreSQL, against the simulated network (NN-1, NN-2,
 * NN-3, NN-7): an AMK Oslo operator sees the fleet map of Oslo (and the national and regional
 * groups), creates an incident group shared with the police, attaches units and the police's
 * group, sets up the COPD conference (ambulance crew, doctor on call, lung specialist) and ends
 * it — each audited and an event; finds the doctor on call for Oslo from the roster with the
 * legevakt's terminal. Scope: AMK Bergen's operator neither sees nor touches Oslo's. Faults: the
 * network down answers 503 and records nothing.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../platform/db/testing.ts';
import { createRoutingTestApp, type RoutingTestApp } from '../routing/testing-app.ts';
import { readinessModule } from '../readiness/module.ts';
import { api as apiOf, type Api } from '../readiness/testing/factories.ts';
import { nodnettModule } from './module.ts';
import { FIRST_ISSI } from './simulator/simulated-nodnett.ts';

const N = '/api/v1/nodnett';

describe.each(dbKinds())('Nødnett API on %s (NN-1, NN-2, NN-3, NN-7)', (kind) => {
  let t: RoutingTestApp;
  let a: Api;
  const tokens: Record<string, string> = {};
  const legevakt = `legevakt-oslo-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    t = await createRoutingTestApp({
      kind,
      more: [readinessModule, nodnettModule],
      env: { NODMELD_NODNETT_TERMINALS: '20', NODMELD_NODNETT_SEED: '3' },
    });
    a = apiOf(t);
    tokens.amkOslo = await t.tokenWith([
      { role: 'amk-operator', scope: { level: 'centre', id: 'amk-oslo' } },
    ]);
    tokens.amkBergen = await t.tokenWith([
      { role: 'amk-operator', scope: { level: 'area', id: 'amk-bergen' } },
    ]);
    tokens.operator = await t.tokenWith([{ role: 'operator', scope: { level: 'centre', id: 'lv-oslo' } }]);
    // A legevakt for Oslo with a radio terminal, a doctor on call now and a back-up doctor.
    await t.db.query(
      `INSERT INTO readiness_units (id, kind, name, parent_id) VALUES ($1, 'legevakt', 'Oslo legevakt', 'kommune-0301')`,
      [legevakt],
    );
    await t.db.query(
      `INSERT INTO readiness_unit_municipalities (unit_id, kommunenummer) VALUES ($1, '0301')`,
      [legevakt],
    );
    await t.db.query(
      `INSERT INTO readiness_equipment (id, unit_id, kind, form, label, issi) VALUES ($1, $2, 'radio-terminal', 'handheld', 'Legevakt 1', $3)`,
      [randomUUID(), legevakt, String(6_000_000 + Math.floor(Math.random() * 900_000))],
    );
    const roster = randomUUID();
    const now = Date.now();
    const monday = new Date(now - 2 * 86_400_000).toISOString().slice(0, 10);
    await t.db.query(
      `INSERT INTO readiness_rosters (id, unit_id, week_start, source) VALUES ($1, $2, $3, 'api')`,
      [roster, legevakt, monday],
    );
    const start = new Date(now - 3_600_000).toISOString();
    const end = new Date(now + 3_600_000).toISOString();
    for (const [name, role] of [
      ['Lege Vakt', 'doctor-on-call'],
      ['Lege Bakvakt', 'backup-doctor'],
    ] as const) {
      const person = randomUUID();
      await t.db.query(
        `INSERT INTO readiness_people (id, name, employer_unit_id, email) VALUES ($1, $2, $3, $4)`,
        [person, name, legevakt, `${role}@example.no`],
      );
      await t.db.query(
        `INSERT INTO readiness_roster_shifts (id, roster_id, shift_no, shift_unit_id, shift_unit_kind, start_at, end_at, person_ref, person_id, role)
         VALUES ($1, $2, 1, $3, 'legevakt', $4, $5, $6, $7, $8)`,
        [randomUUID(), roster, legevakt, start, end, person, person, role],
      );
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  const audits = async (entityId: string) =>
    (
      await t.db.query<{ action: string }>(
        'SELECT action FROM audit_events WHERE entity_id = $1 ORDER BY id',
        [entityId],
      )
    ).rows.map((r) => r.action);
  const events = async (type: string) =>
    (
      await t.db.query<{ payload: unknown }>('SELECT payload FROM events WHERE type = $1 ORDER BY position', [
        type,
      ])
    ).rows.map((r) => (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload));

  it('NN-1: the fleet map as AMK Oslo sees it: national, regional, and Oslo’s own local groups only', async () => {
    const r = await a.get(`${N}/fleet-map`, tokens.amkOslo);
    expect(r.status).toBe(200);
    const groups = r.body.groups as { level: string; area: string | null; agencies: string[] }[];
    expect(groups.some((g) => g.level === 'national')).toBe(true);
    expect(groups.some((g) => g.level === 'regional')).toBe(true);
    const local = groups.filter((g) => g.level === 'local');
    expect(local.length).toBe(3); // AMK, police and fire of Oslo
    expect(new Set(local.map((g) => g.area))).toEqual(new Set(['amk-oslo']));
    // A legevaktsentral operator has no Nødnett access.
    expect((await a.get(`${N}/fleet-map`, tokens.operator)).status).toBe(403);
  });

  it('NN-2: creates an incident group shared with the police, attaches units and the police group — audited, an event', async () => {
    const created = await a.post(
      `${N}/incident-groups`,
      { name: 'Trafikkulykke Ring 3', agencies: ['police'], amkId: 'amk-oslo' },
      tokens.amkOslo,
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      level: 'incident',
      agencies: ['health', 'police'],
      area: 'amk-oslo',
    });
    const gssi = created.body.gssi as number;
    const map = await a.get(`${N}/fleet-map`, tokens.amkOslo);
    const police = (map.body.groups as { gssi: number; name: string }[]).find(
      (g) => g.name === 'Politi Oslo',
    )!;
    const attached = await a.post(
      `${N}/incident-groups/${gssi}/members`,
      { terminals: [FIRST_ISSI, FIRST_ISSI + 7, 123], groups: [police.gssi] },
      tokens.amkOslo,
    );
    expect(attached.status).toBe(200);
    expect(attached.body).toEqual({
      terminals: [
        { issi: FIRST_ISSI, outcome: 'attached' },
        { issi: FIRST_ISSI + 7, outcome: 'attached' },
        { issi: 123, outcome: 'unknown-terminal' },
      ],
      groups: [{ gssi: police.gssi, outcome: 'attached' }],
    });
    // Bergen's AMK operator cannot touch Oslo's group, nor create one for Oslo, nor see it.
    expect(
      (
        await a.post(
          `${N}/incident-groups/${gssi}/members`,
          { terminals: [FIRST_ISSI + 1] },
          tokens.amkBergen,
        )
      ).status,
    ).toBe(403);
    expect(
      (await a.post(`${N}/incident-groups`, { name: 'x', amkId: 'amk-oslo' }, tokens.amkBergen)).status,
    ).toBe(403);
    const bergenMap = await a.get(`${N}/fleet-map`, tokens.amkBergen);
    expect((bergenMap.body.groups as { gssi: number }[]).some((g) => g.gssi === gssi)).toBe(false);
    const del = await t.app.inject({
      method: 'DELETE',
      url: `${N}/incident-groups/${gssi}`,
      headers: { authorization: `Bearer ${tokens.amkOslo}` },
    });
    expect(del.statusCode).toBe(204);
    expect(await audits(String(gssi))).toEqual([
      'nodnett.incident-group.created',
      'nodnett.incident-group.members-attached',
      'nodnett.incident-group.released',
    ]);
    const changes = (await events('nodnett.talk-group.changed')).filter(
      (e) => (e as { gssi: number }).gssi === gssi,
    );
    expect(changes.map((e) => (e as { change: string }).change)).toEqual([
      'created',
      'members-attached',
      'released',
    ]);
    // Pushed to AMK Oslo's consoles only (the event's scope).
    const scopes = await t.db.query<{ scope_kind: string; scope_id: string }>(
      `SELECT DISTINCT scope_kind, scope_id FROM events WHERE type = 'nodnett.talk-group.changed'`,
    );
    expect(scopes.rows).toEqual([{ scope_kind: 'amk', scope_id: 'amk-oslo' }]);
    // A released group is gone: 404.
    expect(
      (await a.post(`${N}/incident-groups/${gssi}/members`, { terminals: [FIRST_ISSI] }, tokens.amkOslo))
        .status,
    ).toBe(404);
  });

  it('NN-3: the COPD conference — ambulance crew, doctor on call, lung specialist — connects and ends, audited', async () => {
    const r = await a.post(
      `${N}/conferences`,
      {
        amkId: 'amk-oslo',
        parties: [
          { kind: 'terminal', issi: FIRST_ISSI + 2 },
          { kind: 'phone', number: '+4722000001' },
          { kind: 'phone', number: '+4722000002' },
        ],
      },
      tokens.amkOslo,
    );
    expect(r.status).toBe(201);
    expect(r.body.status).toBe('connected');
    const id = r.body.id as string;
    expect(
      (
        await t.app.inject({
          method: 'DELETE',
          url: `${N}/conferences/${id}`,
          headers: { authorization: `Bearer ${tokens.amkBergen}` },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await t.app.inject({
          method: 'DELETE',
          url: `${N}/conferences/${id}`,
          headers: { authorization: `Bearer ${tokens.amkOslo}` },
        })
      ).statusCode,
    ).toBe(204);
    expect(
      (
        await t.app.inject({
          method: 'DELETE',
          url: `${N}/conferences/${id}`,
          headers: { authorization: `Bearer ${tokens.amkOslo}` },
        })
      ).statusCode,
    ).toBe(404);
    expect(await audits(id)).toEqual(['nodnett.conference.connected', 'nodnett.conference.ended']);
  });

  it('NN-7: the doctor on call for Oslo now, from the roster, with the legevakt’s terminal and the register’s gaps', async () => {
    const r = await a.get(`${N}/doctors-on-call?municipality=0301`, tokens.amkOslo);
    expect(r.status).toBe(200);
    expect(r.body.amkId).toBe('amk-oslo');
    const doctors = r.body.doctors as {
      name: string;
      role: string;
      email: string;
      terminals: { label: string }[];
    }[];
    expect(doctors.map((d) => [d.name, d.role])).toEqual([
      ['Lege Vakt', 'doctor-on-call'],
      ['Lege Bakvakt', 'backup-doctor'],
    ]);
    expect(doctors[0]!.email).toBe('doctor-on-call@example.no');
    expect(doctors[0]!.terminals.map((x) => x.label)).toEqual(['Legevakt 1']);
    expect(r.body.gaps).toEqual(['no-phone-number-on-record', 'no-terminal-per-person']);
    // Tomorrow nobody is on the roster: the answer says so instead of inventing someone.
    const later = await a.get(
      `${N}/doctors-on-call?municipality=0301&at=${encodeURIComponent(new Date(Date.now() + 86_400_000).toISOString())}`,
      tokens.amkOslo,
    );
    expect(later.body).toMatchObject({
      doctors: [],
      gaps: ['no-roster', 'no-phone-number-on-record', 'no-terminal-per-person'],
    });
    // Another AMK does not read Oslo's doctors; bad input is a 400.
    expect((await a.get(`${N}/doctors-on-call?municipality=0301`, tokens.amkBergen)).status).toBe(403);
    expect((await a.get(`${N}/doctors-on-call?municipality=oslo`, tokens.amkOslo)).status).toBe(400);
  });

  it('the network down: 503 problem, nothing recorded; back up: works again', async () => {
    const sim = t.use(nodnettModule).simulator!;
    sim.setAvailable(false);
    try {
      const before = (
        await t.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM audit_events WHERE action LIKE 'nodnett.%'`,
        )
      ).rows[0]!.n;
      const r = await a.post(
        `${N}/incident-groups`,
        { name: 'Storbrann', agencies: ['fire'], amkId: 'amk-oslo' },
        tokens.amkOslo,
      );
      expect(r.status).toBe(503);
      expect(r.body.detailCode).toBe('nodnett.network-unavailable');
      expect((await a.get(`${N}/fleet-map`, tokens.amkOslo)).status).toBe(503);
      const after = (
        await t.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM audit_events WHERE action LIKE 'nodnett.%'`,
        )
      ).rows[0]!.n;
      expect(Number(after)).toBe(Number(before));
      // The server still serves (routing, calls): Nødnett down degrades readiness, it does not fail it.
      const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.json().modules.nodnett).toEqual({
        status: 'degraded',
        detail: { mode: 'simulator', moving: false, network: 'unavailable' },
      });
    } finally {
      sim.setAvailable(true);
    }
    expect((await a.get(`${N}/fleet-map`, tokens.amkOslo)).status).toBe(200);
  });

  it('NN-4: the module’s feed decodes the simulated terminals’ reports into positions and alarms', async () => {
    const nodnett = t.use(nodnettModule);
    const seen: string[] = [];
    const stop = nodnett.subscribe((e) => seen.push(e.kind));
    expect(nodnett.simulator!.raiseEmergency(FIRST_ISSI + 3)).toBe(true);
    nodnett.simulator!.tick();
    stop();
    expect(seen[0]).toBe('emergency-alarm');
    expect(seen.filter((k) => k === 'position').length).toBeGreaterThan(1);
    expect(nodnett.counts().undecodable).toBe(0);
  });
});
