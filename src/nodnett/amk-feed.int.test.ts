/**
 * The simulated Nødnett feeds the AMK picture in a running system (issue 14; NN-4): every
 * terminal's LIP report becomes its latest position in the AMK store; a terminal's emergency
 * button becomes a safety alarm, with the position it came with.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amkModule } from '../amk/module.ts';
import { dbKinds } from '../platform/db/testing.ts';
import { until } from '../platform/testing/until.ts';
import { createRoutingTestApp, type RoutingTestApp } from '../routing/testing-app.ts';
import { nodnettModule } from './module.ts';

describe.each(dbKinds())('Nødnett → AMK on %s (issue 14)', (kind) => {
  let t: RoutingTestApp;
  beforeAll(async () => {
    t = await createRoutingTestApp({
      kind,
      more: [amkModule, nodnettModule],
      env: { NODMELD_NODNETT: 'simulator', NODMELD_NODNETT_TERMINALS: '20' },
    });
  });
  afterAll(async () => t?.close());
  const count = async (sql: string, params: unknown[] = []) =>
    Number((await t.db.query<{ n: number }>(sql, params)).rows[0]!.n);

  it('every terminal’s report becomes its latest position; an emergency becomes a safety alarm with its position', async () => {
    const sim = t.use(nodnettModule).simulator!;
    const terminals = sim.terminals();
    expect(terminals).toHaveLength(20);
    // Each tick reports the terminals of one slot of the report interval: a whole interval.
    for (let i = 0; i < 10; i++) sim.tick();
    await until(
      async () => (await count('SELECT count(*)::int AS n FROM amk_latest_positions')) === 20,
      'the 20 terminals’ positions in the AMK store',
    );
    const issi = terminals[3]!.issi;
    expect(sim.raiseEmergency(issi)).toBe(true);
    await until(
      async () =>
        (await count('SELECT count(*)::int AS n FROM amk_safety_alarms WHERE issi = $1', [String(issi)])) ===
        1,
      'the safety alarm raised in the AMK store',
    );
    const alarm = await t.db.query<{ source: string }>(
      'SELECT source FROM amk_safety_alarms WHERE issi = $1',
      [String(issi)],
    );
    expect(['lip', 'network']).toContain(alarm.rows[0]!.source);
    expect(t.use(nodnettModule).counts().listenerErrors).toBe(0);
  });
});
