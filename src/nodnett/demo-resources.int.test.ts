/**
 * The demo resources of the simulated fleet (issue 14; NN-4, NN-5): a start that asks for them
 * registers the AMK units with the simulated terminals' ISSIs in the areas the routing data knows;
 * a second start adds nothing; a user's own resource on one of those ISSIs stays as it is; and the
 * simulator's reports then move those units' latest positions.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { amkModule } from '../amk/module.ts';
import { amkApi, resourceBody } from '../amk/testing.ts';
import type { Db } from '../platform/db/types.ts';
import { createTestDb, dbKinds } from '../platform/db/testing.ts';
import { until } from '../platform/testing/until.ts';
import { createRoutingTestApp, type RoutingTestApp } from '../routing/testing-app.ts';
import { demoResources } from './demo-resources.ts';
import { nodnettModule } from './module.ts';
import { DEFAULT_AREAS } from './simulator/fleet.ts';
import { nodnettConfigSchema } from './config.ts';

interface Listed {
  own: {
    id: string;
    callSign: string;
    kind: string;
    agency: string | null;
    amkId: string;
    issi: string | null;
    revision: number;
    position: unknown;
  }[];
}

// 21 terminals over the 7 simulated areas: 3 each; the test data knows amk-oslo and amk-bergen.
const TERMINALS = '21';
const OSLO = ['7000001', '7000008', '7000015'];
const BERGEN = ['7000003', '7000010', '7000017'];

describe.each(dbKinds())('demo AMK resources for the simulated Nødnett on %s (issue 14)', (kind) => {
  let db: Db | null = null;
  const open: RoutingTestApp[] = [];
  afterAll(async () => {
    for (const t of open) await t.close().catch(() => undefined);
    await db?.close();
  });
  const boot = async (demo: 'on' | 'off') => {
    db ??= await createTestDb(kind);
    const t = await createRoutingTestApp({
      kind,
      db,
      more: [amkModule, nodnettModule],
      env: { NODMELD_NODNETT_TERMINALS: TERMINALS, NODMELD_NODNETT_DEMO_RESOURCES: demo },
    });
    open.push(t);
    return t;
  };
  const list = async (t: RoutingTestApp) => {
    const r = await amkApi(t).get('/resources', t.adminToken);
    expect(r.statusCode, r.body).toBe(200);
    return r.json<Listed>().own;
  };

  it('NN-5: registered once with the fleet’s ISSIs, a user’s own resource untouched, positions land on them (NN-4)', async () => {
    // A user registered a unit of their own on one of the simulated ISSIs before the demo came.
    const first = await boot('off');
    expect(await list(first)).toHaveLength(0);
    const mine = await amkApi(first).post(
      '/resources',
      first.adminToken,
      resourceBody({ callSign: 'MIN BIL', amkId: 'amk-oslo', issi: OSLO[1] }),
    );
    expect(mine.statusCode, mine.body).toBe(201);
    await first.close();

    const second = await boot('on');
    const after = await list(second);
    // 6 terminals in the two known areas; one ISSI was the user's.
    expect(after).toHaveLength(6);
    expect(after.map((r) => r.issi).sort()).toEqual([...OSLO, ...BERGEN].sort());
    const own = after.find((r) => r.callSign === 'MIN BIL')!;
    expect(own).toMatchObject({ issi: OSLO[1], kind: 'ambulance-car', revision: 1 });
    const demo = after.filter((r) => r.callSign.startsWith('DEMO '));
    expect(demo).toHaveLength(5);
    expect(demo.find((r) => r.issi === OSLO[0])).toMatchObject({ amkId: 'amk-oslo', kind: 'ambulance-car' });
    expect(demo.find((r) => r.issi === OSLO[2])).toMatchObject({ kind: 'ambulance-helicopter' });
    expect(demo.find((r) => r.issi === BERGEN[1])).toMatchObject({
      amkId: 'amk-bergen',
      kind: 'doctor-on-call',
    });
    await second.close();

    const third = await boot('on');
    const again = await list(third);
    expect(again).toHaveLength(6);
    expect(again.map((r) => r.id).sort()).toEqual(after.map((r) => r.id).sort());

    // The simulator's reports move the registered units.
    const sim = third.use(nodnettModule).simulator!;
    for (let i = 0; i < 10; i++) sim.tick();
    await until(
      async () => (await list(third)).every((r) => r.position !== null),
      'every registered unit with a latest position',
    );
  });
});

describe('which starts register them', () => {
  const parse = (env: Record<string, string>) => nodnettConfigSchema.parse(env).demoResources;
  it('the embedded database on disk (where terminals move), or when asked; never on PostgreSQL or in memory by default', () => {
    expect(parse({ NODMELD_DATA_DIR: '.data' })).toBe(true);
    expect(parse({ NODMELD_DATA_DIR: '.data', NODMELD_NODNETT_DEMO_RESOURCES: 'off' })).toBe(false);
    expect(parse({ DATABASE_URL: 'postgres://x/y' })).toBe(false);
    expect(parse({ DATABASE_URL: 'postgres://x/y', NODMELD_NODNETT_DEMO_RESOURCES: 'on' })).toBe(true);
    expect(parse({ NODMELD_DATA_DIR: 'memory' })).toBe(false);
    expect(parse({ NODMELD_DATA_DIR: '.data', VITEST: 'true' })).toBe(false);
    expect(
      parse({ NODMELD_DATA_DIR: '.data', NODMELD_NODNETT: 'off', NODMELD_NODNETT_DEMO_RESOURCES: 'on' }),
    ).toBe(false);
  });

  it('every kind in every area of the 200-terminal default, call signs unique', () => {
    const terminals = Array.from({ length: 200 }, (_, i) => ({
      issi: 7_000_001 + i,
      area: DEFAULT_AREAS[i % DEFAULT_AREAS.length]!.id,
    }));
    const all = demoResources(terminals, DEFAULT_AREAS);
    expect(all).toHaveLength(200);
    expect(new Set(all.map((r) => r.callSign)).size).toBe(200);
    expect(all.every((r) => r.callSign.length <= 40)).toBe(true);
    for (const area of DEFAULT_AREAS) {
      const kinds = new Set(all.filter((r) => r.amkId === area.id).map((r) => r.agency ?? r.kind));
      for (const k of [
        'ambulance-car',
        'doctor-on-call',
        'ambulance-helicopter',
        'fire',
        'police',
        'volunteer',
      ])
        expect(kinds, area.id).toContain(k);
    }
    expect(all.filter((r) => r.kind === 'ambulance-boat').map((r) => r.amkId)).not.toContain('amk-innlandet');
  });
});
