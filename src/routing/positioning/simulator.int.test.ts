/** The simulated operator location service (RT-3): deterministic, bounded, closes cleanly. */
import { afterAll, describe, expect, it } from 'vitest';
import {
  createMunicipalityPicker,
  DEFAULT_SUBSCRIBER_SHARE,
  startLocationSimulator,
  subscriberOperator,
  UNKNOWN_MUNICIPALITY,
  type LocationSimulator,
  type LocationSimulatorOptions,
} from './simulator.ts';
import { CONTRACT_MUNICIPALITIES as MUNICIPALITIES } from './testing/positioning-contract.ts';

const running: LocationSimulator[] = [];
afterAll(async () => {
  await Promise.all(running.map((s) => s.close()));
});

async function buildSimulator(overrides: Partial<LocationSimulatorOptions> = {}): Promise<LocationSimulator> {
  const sim = await startLocationSimulator({
    port: 0,
    operator: 'telenor',
    latencyMs: { mean: 0, jitter: 0 },
    failureRate: 0,
    unknownRate: 0,
    municipalities: MUNICIPALITIES,
    ...overrides,
  });
  running.push(sim);
  return sim;
}

async function get(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const numbers = (count: number): string[] =>
  Array.from({ length: count }, (_, i) => `47${String(40_000_000 + i * 7919).padStart(8, '0')}`);

describe('location simulator (RT-3)', () => {
  it('RT-3: every number belongs to exactly one of the three operators', async () => {
    const sims = await Promise.all(
      Object.keys(DEFAULT_SUBSCRIBER_SHARE).map((operator) => buildSimulator({ operator })),
    );
    for (const msisdn of numbers(60)) {
      const statuses = await Promise.all(
        sims.map(async (s) => (await get(`${s.url}/v1/location?msisdn=${msisdn}`)).status),
      );
      expect(statuses.filter((st) => st === 200)).toHaveLength(1);
      expect(statuses.filter((st) => st === 404)).toHaveLength(2);
    }
  });

  it('RT-3: the same number is always in the same place, across restarts and seeds', async () => {
    const a = await buildSimulator({ operator: 'all', subscriberShare: { all: 1 }, seed: 1 });
    const b = await buildSimulator({ operator: 'all', subscriberShare: { all: 1 }, seed: 99 });
    for (const msisdn of numbers(20)) {
      const [ra, rb] = await Promise.all([
        get(`${a.url}/v1/location?msisdn=${msisdn}`),
        get(`${b.url}/v1/location?msisdn=${msisdn}`),
      ]);
      expect(ra.status).toBe(200);
      expect(ra.body).toEqual(rb.body);
      expect(ra.body).toMatchObject({
        msisdn,
        municipality: expect.stringMatching(/^\d{4}$/),
        cellId: expect.any(String),
        accuracyM: expect.any(Number),
      });
    }
  });

  it('RT-3: places are population-weighted', () => {
    const pick = createMunicipalityPicker([
      { number: '0001', population: 3_000 },
      { number: '0002', population: 1_000 },
      { number: '0003', population: 0 },
    ]);
    const counts = new Map<string, number>();
    for (const msisdn of numbers(8_000)) counts.set(pick(msisdn), (counts.get(pick(msisdn)) ?? 0) + 1);
    const share = (counts.get('0001') ?? 0) / 8_000;
    expect(share).toBeGreaterThan(0.72);
    expect(share).toBeLessThan(0.78);
    expect(counts.has('0003')).toBe(false);
  });

  it('RT-3: market shares split the number space roughly as configured', () => {
    const counts: Record<string, number> = {};
    for (const msisdn of numbers(10_000)) {
      const op = subscriberOperator(msisdn);
      counts[op] = (counts[op] ?? 0) + 1;
    }
    for (const [op, share] of Object.entries(DEFAULT_SUBSCRIBER_SHARE))
      expect(Math.abs((counts[op] ?? 0) / 10_000 - share)).toBeLessThan(0.03);
  });

  it('RT-3: overrides fix a number’s place; national and 47 forms both work', async () => {
    const sim = await buildSimulator({
      operator: 'all',
      subscriberShare: { all: 1 },
      overrides: { '91234567': '5501', '4741234567': '1103' },
    });
    expect((await get(`${sim.url}/v1/location?msisdn=4791234567`)).body.municipality).toBe('5501');
    expect((await get(`${sim.url}/v1/location?msisdn=4741234567`)).body.municipality).toBe('1103');
  });

  it('RT-3: failure and unknown rates; the seeded sequence repeats', async () => {
    const statuses = async (seed: number): Promise<number[]> => {
      const sim = await buildSimulator({
        operator: 'all',
        subscriberShare: { all: 1 },
        failureRate: 0.5,
        seed,
      });
      const out: number[] = [];
      for (const msisdn of numbers(20))
        out.push((await get(`${sim.url}/v1/location?msisdn=${msisdn}`)).status);
      return out;
    };
    const first = await statuses(7);
    expect(await statuses(7)).toEqual(first);
    expect(first).toContain(503);
    expect(first).toContain(200);
    const unknown = await buildSimulator({ operator: 'all', subscriberShare: { all: 1 }, unknownRate: 1 });
    expect((await get(`${unknown.url}/v1/location?msisdn=4741234567`)).body.municipality).toBe(
      UNKNOWN_MUNICIPALITY,
    );
  });

  it('answers 400 for bad numbers, 404 for other paths, 405 for other methods, and /healthz', async () => {
    const sim = await buildSimulator();
    expect((await get(`${sim.url}/v1/location?msisdn=12345678`)).status).toBe(400);
    expect((await get(`${sim.url}/v1/location`)).status).toBe(400);
    expect((await get(`${sim.url}/nope`)).status).toBe(404);
    expect((await fetch(`${sim.url}/v1/location?msisdn=4741234567`, { method: 'POST' })).status).toBe(405);
    expect(await get(`${sim.url}/healthz`)).toEqual({
      status: 200,
      body: { status: 'ok', operator: 'telenor' },
    });
  });

  it('sheds load beyond maxPending with 503', async () => {
    const sim = await buildSimulator({
      operator: 'all',
      subscriberShare: { all: 1 },
      latencyMs: { mean: 300, jitter: 0 },
      maxPending: 2,
    });
    const statuses = await Promise.all(
      numbers(5).map(async (m) => (await fetch(`${sim.url}/v1/location?msisdn=${m}`)).status),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(2);
    expect(statuses.filter((s) => s === 503)).toHaveLength(3);
  });

  it('closes cleanly with slow requests pending, and close() can be called twice', async () => {
    const sim = await startLocationSimulator({
      port: 0,
      operator: 'all',
      subscriberShare: { all: 1 },
      latencyMs: { mean: 5_000, jitter: 0 },
      failureRate: 0,
      unknownRate: 0,
      municipalities: MUNICIPALITIES,
    });
    const pending = fetch(`${sim.url}/v1/location?msisdn=4741234567`).then(
      () => 'answered',
      () => 'cut off',
    );
    await new Promise((r) => setTimeout(r, 30));
    await Promise.all([sim.close(), sim.close()]);
    expect(await pending).toBe('cut off');
    await expect(fetch(`${sim.url}/healthz`)).rejects.toThrow();
  });

  it('rejects bad options', async () => {
    await expect(buildSimulator({ operator: 'acme' })).rejects.toThrow(/subscriber share/);
    await expect(buildSimulator({ failureRate: 2 })).rejects.toThrow(/failureRate/);
    await expect(buildSimulator({ municipalities: [{ number: 'x', population: 1 }] })).rejects.toThrow(
      /municipality/,
    );
    const sim = await buildSimulator();
    expect(() => sim.update({ unknownRate: -1 })).toThrow(/unknownRate/);
    await expect(buildSimulator({ port: Number(new URL(sim.url).port) })).rejects.toThrow(/EADDRINUSE/);
  });
});
