import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds } from '../platform/db/testing.ts';
import type { Db } from '../platform/db/types.ts';
import { createLogger } from '../platform/logger.ts';
import { SYSTEM_ACTOR } from '../platform/auth/actor.ts';
import { RoutingRuntime } from './runtime.ts';
import { runtimeDecider, type DecidedCall } from './decide-call.ts';
import { buildCentre, buildDataSet } from './domain/testing.ts';
import { activateDataVersion, importDataSet } from './data/store.ts';
import type { RoutingDecision } from './domain/types.ts';

describe.each(dbKinds())('routing runtime on %s', (kind) => {
  let db: Db;
  beforeAll(async () => {
    db = await createTestDb(kind);
  });
  afterAll(async () => {
    await db.close();
  });

  it('switches data versions atomically: no decision fails or mixes versions during import + switch', async () => {
    const runtime = new RoutingRuntime({ db, logger: createLogger('silent') });
    const decider = runtimeDecider(runtime);
    await runtime.start(async () => buildDataSet());
    const v1 = runtime.current().version;

    // Version 2 moves Bergen's calls to a new centre with another underlying number.
    const base = buildDataSet();
    const v2data = buildDataSet({
      centres: [
        ...base.centres.filter((c) => c.id !== 'lv-bergen'),
        buildCentre({
          id: 'lv-bergen-ny',
          name: 'Bergen og omland legevaktsentral',
          municipalities: ['4601', '4627'],
          overflow: true,
          underlyingNumber: '55000777',
          amkId: 'amk-bergen',
          hostMunicipality: '4601',
        }),
      ].map((c) =>
        c.schedule?.partnerCentreId === 'lv-bergen'
          ? { ...c, schedule: { ...c.schedule, partnerCentreId: 'lv-bergen-ny' } }
          : c,
      ),
    });

    const decisions: RoutingDecision[] = [];
    const failures: unknown[] = [];
    let running = true;
    const loop = (async () => {
      while (running) {
        try {
          decisions.push(
            (
              decider.decide(
                { calledNumber: '116117', callingNumber: '55501234', network: 'fixed' },
                'cli',
              ) as DecidedCall
            ).decision,
          );
        } catch (err) {
          failures.push(err);
        }
        await new Promise((r) => setImmediate(r));
      }
    })();
    const { version } = await importDataSet(db, v2data, { source: 'test v2', actor: SYSTEM_ACTOR });
    await activateDataVersion(db, version, SYSTEM_ACTOR);
    await runtime.switchTo(version);
    for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
    running = false;
    await loop;

    expect(failures).toEqual([]);
    expect(decisions.length).toBeGreaterThan(50);
    for (const d of decisions) {
      if (d.outcome !== 'connect') throw new Error('expected connect');
      // Each decision is wholly of one version: centre and number agree with its data version.
      if (d.dataVersion === v1) expect([d.centreId, d.connectTo]).toEqual(['lv-bergen', '55000001']);
      else expect([d.dataVersion, d.centreId, d.connectTo]).toEqual([version, 'lv-bergen-ny', '55000777']);
    }
    expect(decisions.at(-1)!.dataVersion).toBe(version);
    runtime.stop();
  });

  it('another instance picks up a newly activated version and re-route changes by polling', async () => {
    const a = new RoutingRuntime({ db, logger: createLogger('silent') });
    const b = new RoutingRuntime({ db, logger: createLogger('silent'), pollMs: 20 });
    await a.start();
    await b.start();
    const { version } = await importDataSet(db, buildDataSet(), { source: 'test v3', actor: SYSTEM_ACTOR });
    await activateDataVersion(db, version, SYSTEM_ACTOR);
    await db.query('UPDATE routing_state SET revision = revision + 1 WHERE id = 1');
    const deadline = Date.now() + 10_000;
    while (b.current().version !== version && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    expect(b.current().version).toBe(version);
    a.stop();
    b.stop();
  });

  it('RT-7: keeps re-routes ended more than a day ago out of the operational state', async () => {
    const runtime = new RoutingRuntime({ db, logger: createLogger('silent') });
    await runtime.start();
    const old = new Date(Date.now() - 3 * 86_400_000).toISOString();
    const ended = new Date(Date.now() - 2 * 86_400_000).toISOString();
    const recent = new Date(Date.now() - 3_600_000).toISOString();
    await db.query(
      `INSERT INTO reroutes (id, from_centre_id, to_centre_id, kind, reason, starts_at, ends_at, requested_by, requested_role, ended_at, ended_by)
       VALUES ('00000000-0000-4000-8000-000000000001', 'lv-bergen', 'lv-sogndal', 'urgent', 'old, open-ended, ended early', $1, NULL, 't', 'operations', $2, 't'),
              ('00000000-0000-4000-8000-000000000002', 'lv-oslo', 'lv-hamar', 'urgent', 'ended an hour ago', $1, NULL, 't', 'operations', $3, 't')`,
      [old, ended, recent],
    );
    await runtime.refreshState(true);
    expect(runtime.state().reroutes.map((r) => r.id)).toEqual(['00000000-0000-4000-8000-000000000002']);
    await db.query('DELETE FROM reroutes');
    runtime.stop();
  });
});
