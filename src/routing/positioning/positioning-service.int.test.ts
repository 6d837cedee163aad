/**
 * Behaviour of the real positioning service over HTTP (RT-3, RT-15): races between operators,
 * failures, the per-operator circuit breaker, malformed answers, aborts and stats.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createPositioningService,
  mostTellingReason,
  type PositioningServiceOptions,
} from './positioning-service.ts';
import {
  startLocationSimulator,
  subscriberOperator,
  type LocationSimulator,
  type LocationSimulatorOptions,
} from './simulator.ts';
import {
  CONTRACT_MUNICIPALITIES as MUNICIPALITIES,
  SCHEDULING_SLACK_MS,
} from './testing/positioning-contract.ts';

const KNOWN = new Set(MUNICIPALITIES.map((m) => m.number));
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  await Promise.all(closers.map((c) => c()));
});

async function simulator(
  overrides: Partial<LocationSimulatorOptions> & { operator: string },
): Promise<LocationSimulator> {
  const sim = await startLocationSimulator({
    port: 0,
    latencyMs: { mean: 5, jitter: 0 },
    failureRate: 0,
    unknownRate: 0,
    municipalities: MUNICIPALITIES,
    ...overrides,
  });
  closers.push(() => sim.close());
  return sim;
}

/** A simulator that answers for every number (its operator owns the whole market). */
function soleOperator(
  operator: string,
  overrides: Partial<LocationSimulatorOptions> = {},
): Promise<LocationSimulator> {
  return simulator({ operator, subscriberShare: { [operator]: 1 }, ...overrides });
}

function service(
  options: Omit<PositioningServiceOptions, 'knownMunicipalities'> & { knownMunicipalities?: Set<string> },
) {
  const s = createPositioningService({ knownMunicipalities: KNOWN, ...options });
  closers.push(() => s.close());
  return s;
}

/** An operator that answers every request with the given status and body at once. */
async function rawOperator(status: number, body: string): Promise<string> {
  const server = http.createServer((_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('positioning service (RT-3, RT-15)', () => {
  it('RT-3: the subscriber’s own operator answers first; the others say 404', async () => {
    const sims = await Promise.all(
      ['telenor', 'telia', 'ice'].map((operator) =>
        simulator({ operator, overrides: { '92345678': '5001' } }),
      ),
    );
    const s = service({
      operators: sims.map((sim, i) => ({ name: ['telenor', 'telia', 'ice'][i] ?? '', baseUrl: sim.url })),
      deadlineMs: 2_000,
    });
    const result = await s.locate('92345678', {});
    expect(result).toMatchObject({
      status: 'positioned',
      municipality: '5001',
      operator: subscriberOperator('4792345678'),
    });
    const stats = s.stats();
    expect(stats.positioned).toBe(1);
    expect(Object.values(stats.operators).reduce((n, o) => n + o.answers, 0)).toBe(1);
  });

  it('RT-3: first valid answer wins: a slow operator loses to a fast one and is aborted', async () => {
    const fast = await soleOperator('fast', { overrides: { '41111111': '0301' } });
    const slow = await soleOperator('slow', {
      latencyMs: { mean: 1_500, jitter: 0 },
      overrides: { '41111111': '4601' },
    });
    const s = service({
      operators: [
        { name: 'slow', baseUrl: slow.url },
        { name: 'fast', baseUrl: fast.url },
      ],
      deadlineMs: 2_000,
      breaker: { consecutiveFailures: 2 },
    });
    for (let i = 0; i < 3; i++) {
      const result = await s.locate('41111111', {});
      expect(result).toMatchObject({ status: 'positioned', municipality: '0301', operator: 'fast' });
      expect(result.elapsedMs).toBeLessThan(1_500);
    }
    const stats = s.stats().operators;
    expect(stats.fast).toMatchObject({ requests: 3, answers: 3 });
    // Losing a race is no failure: the slow operator's breaker stays closed.
    expect(stats.slow).toMatchObject({
      requests: 3,
      answers: 0,
      aborted: 3,
      failures: 0,
      breakerState: 'closed',
    });
  });

  it('RT-3: all operators failing gives failed/no-answer, counted per operator', async () => {
    const sims = await Promise.all(['a', 'b', 'c'].map((name) => soleOperator(name, { failureRate: 1 })));
    const s = service({
      operators: sims.map((sim, i) => ({ name: ['a', 'b', 'c'][i] ?? '', baseUrl: sim.url })),
      deadlineMs: 2_000,
    });
    const result = await s.locate('41111111', {});
    expect(result).toMatchObject({ status: 'failed', reason: 'no-answer' });
    const stats = s.stats();
    expect(stats.failed['no-answer']).toBe(1);
    expect(Object.values(stats.operators).map((o) => o.failures)).toEqual([1, 1, 1]);
  });

  it('RT-3: nobody answering within the deadline gives timeout, within the deadline', async () => {
    const sims = await Promise.all(
      ['a', 'b'].map((name) => soleOperator(name, { latencyMs: { mean: 3_000, jitter: 0 } })),
    );
    const s = service({
      operators: sims.map((sim, i) => ({ name: ['a', 'b'][i] ?? '', baseUrl: sim.url })),
      deadlineMs: 100,
    });
    const result = await s.locate('41111111', {});
    expect(result).toMatchObject({ status: 'failed', reason: 'timeout' });
    expect(result.elapsedMs).toBeLessThanOrEqual(100 + SCHEDULING_SLACK_MS);
    expect(s.stats().operators.a?.timeouts).toBe(1);
  });

  it('RT-3: the per-request timeout ends a hanging operator before the overall deadline', async () => {
    const hanging = await soleOperator('hanging', { latencyMs: { mean: 3_000, jitter: 0 } });
    const s = service({
      operators: [{ name: 'hanging', baseUrl: hanging.url }],
      deadlineMs: 2_000,
      requestTimeoutMs: 80,
    });
    const result = await s.locate('41111111', {});
    expect(result).toMatchObject({ status: 'failed', reason: 'timeout' });
    expect(result.elapsedMs).toBeLessThan(2_000);
  });

  it('RT-3: an answer naming an unknown municipality is no answer (reason unknown-municipality)', async () => {
    const odd = await soleOperator('odd', { unknownRate: 1 });
    const s = service({ operators: [{ name: 'odd', baseUrl: odd.url }], deadlineMs: 2_000 });
    expect(await s.locate('41111111', {})).toMatchObject({
      status: 'failed',
      reason: 'unknown-municipality',
    });
    expect(s.stats().operators.odd).toMatchObject({ unknownMunicipality: 1, failures: 0 });
  });

  it('RT-3: malformed operator answers are ignored and a valid answer still wins', async () => {
    const bodies: [number, string][] = [
      [200, 'not json'],
      [200, '[]'],
      [200, JSON.stringify({ municipality: '301' })],
      [200, JSON.stringify({ municipality: 301 })],
      [200, JSON.stringify({ msisdn: '4799999999', municipality: '0301' })],
      [200, JSON.stringify({ municipality: '0301', accuracyM: 'near' })],
      [200, JSON.stringify({ municipality: '0301', pad: 'x'.repeat(40_000) })],
      [500, JSON.stringify({ municipality: '0301' })],
    ];
    const good = await soleOperator('good', {
      latencyMs: { mean: 40, jitter: 0 },
      overrides: { '41111111': '1103' },
    });
    for (const [status, body] of bodies) {
      const bad = await rawOperator(status, body);
      const s = service({
        operators: [
          { name: 'bad', baseUrl: bad },
          { name: 'good', baseUrl: good.url },
        ],
        deadlineMs: 2_000,
      });
      expect(await s.locate('41111111', {}), body.slice(0, 60)).toMatchObject({
        status: 'positioned',
        municipality: '1103',
        operator: 'good',
      });
      expect(s.stats().operators.bad).toMatchObject({ answers: 0, failures: 1 });
    }
  });

  it('RT-3: malformed answers alone give no-answer, never a position', async () => {
    const bad = await rawOperator(200, JSON.stringify({ municipality: 'Oslo' }));
    const s = service({ operators: [{ name: 'bad', baseUrl: bad }], deadlineMs: 2_000 });
    expect(await s.locate('41111111', {})).toMatchObject({ status: 'failed', reason: 'no-answer' });
  });

  it('RT-3: the breaker opens after failures and fails fast, half-opens after the cool-down, closes on success', async () => {
    const clock = { t: 0 };
    const sim = await soleOperator('solo', { failureRate: 1 });
    const s = service({
      operators: [{ name: 'solo', baseUrl: sim.url }],
      deadlineMs: 2_000,
      breaker: { consecutiveFailures: 3, coolDownMs: 10_000 },
      now: () => clock.t,
    });
    for (let i = 0; i < 3; i++)
      expect(await s.locate('41111111', {})).toMatchObject({ status: 'failed', reason: 'no-answer' });
    expect(s.stats().operators.solo?.breakerState).toBe('open');
    const requestsBefore = sim.stats().requests;
    expect(await s.locate('41111111', {})).toMatchObject({ status: 'failed', reason: 'circuit-open' });
    expect(sim.stats().requests).toBe(requestsBefore); // failed fast: nothing was sent
    expect(s.stats().operators.solo?.circuitOpen).toBe(1);

    clock.t += 10_000;
    expect(s.stats().operators.solo?.breakerState).toBe('half-open');
    sim.update({ failureRate: 0 });
    expect(await s.locate('41111111', {})).toMatchObject({ status: 'positioned', operator: 'solo' });
    expect(s.stats().operators.solo?.breakerState).toBe('closed');
    expect(s.stats().failed['circuit-open']).toBe(1);
  });

  it('RT-3: one operator’s open breaker does not stop the others', async () => {
    const broken = await soleOperator('broken', { failureRate: 1 });
    const healthy = await soleOperator('healthy', { latencyMs: { mean: 30, jitter: 0 } });
    const s = service({
      operators: [
        { name: 'broken', baseUrl: broken.url },
        { name: 'healthy', baseUrl: healthy.url },
      ],
      deadlineMs: 2_000,
      breaker: { consecutiveFailures: 2, coolDownMs: 60_000 },
    });
    for (let i = 0; i < 4; i++)
      expect(await s.locate(`4111111${i}`, {})).toMatchObject({ status: 'positioned', operator: 'healthy' });
    expect(s.stats().operators).toMatchObject({
      broken: { breakerState: 'open', failures: 2, circuitOpen: 2 },
      healthy: { breakerState: 'closed' },
    });
  });

  it('RT-3: a timeout caused by our own stalled event loop does not count against the operator', async () => {
    const hanging = await soleOperator('hanging', { latencyMs: { mean: 3_000, jitter: 0 } });
    const s = service({
      operators: [{ name: 'hanging', baseUrl: hanging.url }],
      deadlineMs: 2_000,
      requestTimeoutMs: 600,
      breaker: { consecutiveFailures: 1 },
    });
    const stalled = s.locate('41111111', {});
    const until = performance.now() + 1_000;
    while (performance.now() < until); // block the event loop, as a long GC pause would
    expect(await stalled).toMatchObject({ status: 'failed', reason: 'timeout' });
    expect(s.stats().operators.hanging).toMatchObject({ timeouts: 1, breakerState: 'closed' });
    // Control: the same timeout without a stall is the operator's fault and opens the breaker.
    expect(await s.locate('41111111', {})).toMatchObject({ status: 'failed', reason: 'timeout' });
    expect(s.stats().operators.hanging?.breakerState).toBe('open');
  });

  it('RT-3: a SIP CANCEL (abort) ends the lookup, aborts the requests and is counted', async () => {
    const slow = await soleOperator('slow', { latencyMs: { mean: 3_000, jitter: 0 } });
    const s = service({ operators: [{ name: 'slow', baseUrl: slow.url }], deadlineMs: 2_500 });
    const controller = new AbortController();
    const pending = s.locate('41111111', { signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    const result = await pending;
    expect(result).toMatchObject({ status: 'failed', reason: 'no-answer' });
    expect(result.elapsedMs).toBeLessThan(2_500);
    const stats = s.stats();
    expect(stats.aborted).toBe(1);
    expect(stats.operators.slow).toMatchObject({
      aborted: 1,
      failures: 0,
      timeouts: 0,
      breakerState: 'closed',
    });
  });

  it('RT-15: stats count lookups and the latency histogram', async () => {
    const sim = await soleOperator('one');
    const s = service({ operators: [{ name: 'one', baseUrl: sim.url }], deadlineMs: 2_000 });
    await Promise.all(['41111111', '41111112', 'garbage'].map((n) => s.locate(n, {})));
    const stats = s.stats();
    expect(stats).toMatchObject({
      lookups: 3,
      positioned: 2,
      failed: { 'no-answer': 1, timeout: 0, 'unknown-municipality': 0, 'circuit-open': 0 },
    });
    expect(stats.elapsedMs.count).toBe(3);
    expect(stats.elapsedMs.counts.at(-1)).toBe(3);
    expect(stats.operators.one?.requests).toBe(2);
  });

  it('close() ends lookups in flight and later lookups fail at once', async () => {
    const slow = await soleOperator('slow', { latencyMs: { mean: 3_000, jitter: 0 } });
    const s = createPositioningService({
      operators: [{ name: 'slow', baseUrl: slow.url }],
      deadlineMs: 2_500,
    });
    const pending = s.locate('41111111', {});
    await new Promise((r) => setTimeout(r, 20));
    await s.close();
    expect((await pending).status).toBe('failed');
    expect(await s.locate('41111111', {})).toMatchObject({ status: 'failed', reason: 'no-answer' });
  });

  it('rejects bad configuration at creation', () => {
    expect(() => createPositioningService({ operators: [] })).toThrow(/at least one operator/);
    expect(() => createPositioningService({ operators: [{ name: 'a', baseUrl: 'ftp://x' }] })).toThrow(
      /http/,
    );
    expect(() =>
      createPositioningService({
        operators: [
          { name: 'a', baseUrl: 'http://127.0.0.1:1' },
          { name: 'a', baseUrl: 'http://127.0.0.1:2' },
        ],
      }),
    ).toThrow(/twice/);
    expect(() =>
      createPositioningService({ operators: [{ name: 'a', baseUrl: 'http://127.0.0.1:1' }], deadlineMs: 0 }),
    ).toThrow(/deadlineMs/);
  });

  it('picks the most telling failure reason', () => {
    expect(mostTellingReason(['not-subscriber', 'not-subscriber', 'error'])).toBe('no-answer');
    expect(mostTellingReason(['not-subscriber', 'circuit-open', 'error'])).toBe('circuit-open');
    expect(mostTellingReason(['timeout', 'circuit-open', 'error'])).toBe('timeout');
    expect(mostTellingReason(['timeout', 'unknown-municipality'])).toBe('unknown-municipality');
  });
});
