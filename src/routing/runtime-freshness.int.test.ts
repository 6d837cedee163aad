/**
 * Issue 8 (RT-1): the runtime's polling must survive the database — a poll that never returns
 * (a partitioned connection without timeouts) must not stop polling for good, a late answer must
 * not roll the state back, and the state's age must show when it is stale. The faults are a
 * switch around the real database: queries hang forever, or fail as an unreachable database does.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDb, withFaultSwitch } from '../platform/db/testing.ts';
import type { Db } from '../platform/db/types.ts';
import { createLogger } from '../platform/logger.ts';
import { RoutingRuntime, STALE_AFTER_POLLS } from './runtime.ts';
import { buildDataSet } from './domain/testing.ts';

const WAIT = { timeout: 20_000, interval: 20 };

describe('routing state polling through database faults (issue 8)', () => {
  let real: Db;
  const runtimes: RoutingRuntime[] = [];
  beforeAll(async () => {
    real = await createTestDb('pglite');
  });
  afterEach(() => {
    for (const r of runtimes.splice(0)) r.stop();
  });
  afterAll(async () => {
    await real.close();
  });

  /** An urgent re-route written straight to the database, as another instance would. */
  const rerouteElsewhere = async (from: string, to: string) => {
    await real.query(
      `INSERT INTO reroutes (id, from_centre_id, to_centre_id, kind, reason, starts_at, requested_by, requested_role)
       VALUES (gen_random_uuid(), $1, $2, 'urgent', 'test', now() - interval '1 minute', 'test', 'admin')`,
      [from, to],
    );
    await real.query('UPDATE routing_state SET revision = revision + 1 WHERE id = 1');
  };

  it('RT-1: a poll that never returns is abandoned; polling goes on and picks up a re-route made elsewhere; the late answer is discarded', async () => {
    const sw = withFaultSwitch(real);
    const runtime = new RoutingRuntime({
      db: sw.db,
      logger: createLogger('silent'),
      pollMs: 100,
      pollDeadlineMs: 500,
    });
    runtimes.push(runtime);
    await runtime.start(async () => buildDataSet());
    const [fromCentre, toCentre] = buildDataSet()
      .centres.filter((c) => !c.schedule)
      .map((c) => c.id);
    const rerouted = () =>
      runtime.state().reroutes.some((r) => r.fromCentreId === fromCentre && r.toCentreId === toCentre);
    expect(rerouted()).toBe(false);

    sw.set('hang');
    await vi.waitFor(() => expect(sw.hung()).toBeGreaterThan(0), WAIT);
    await vi.waitFor(() => expect(runtime.stateFreshness().stale).toBe(true), WAIT);
    // The partition heals for new queries; the hung one stays hung.
    sw.set('up');
    await rerouteElsewhere(fromCentre!, toCentre!);
    await vi.waitFor(() => expect(rerouted()).toBe(true), WAIT);
    expect(runtime.stateFreshness()).toMatchObject({ stale: false, lastPollError: null });

    // The abandoned poll answers at last, with the state from before the re-route: ignored.
    sw.release();
    await new Promise((r) => setTimeout(r, 300));
    expect(rerouted()).toBe(true);
  });

  it('RT-1: reports the age of the state and counts it stale after several failed polls; fresh again after recovery', async () => {
    const sw = withFaultSwitch(real);
    const runtime = new RoutingRuntime({ db: sw.db, logger: createLogger('silent'), pollMs: 100 });
    runtimes.push(runtime);
    await runtime.start(async () => buildDataSet());
    await vi.waitFor(() => expect(runtime.stateFreshness().ageMs).toBeLessThan(100), WAIT);
    expect(runtime.stateFreshness()).toMatchObject({ staleAfterMs: STALE_AFTER_POLLS * 100, stale: false });

    sw.set('down');
    await vi.waitFor(() => expect(runtime.stateFreshness().stale).toBe(true), WAIT);
    const f = runtime.stateFreshness();
    expect(f.ageMs).toBeGreaterThan(f.staleAfterMs!);
    expect(f.lastPollError).toBe('database-unreachable');
    // Routing goes on from memory.
    expect(runtime.hasData()).toBe(true);

    sw.set('up');
    await vi.waitFor(() => expect(runtime.stateFreshness().stale).toBe(false), WAIT);
    expect(runtime.stateFreshness().lastPollError).toBeNull();
  });
});
