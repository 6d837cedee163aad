/**
 * The shared contract of `PositioningPort` (RT-3, RT-15), run against every implementation
 * (Hono style: one suite, many adapters). An implementation joins by providing a factory that
 * builds it for a scenario.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { PositioningPort } from '../port.ts';

/** Time the event loop may add on a loaded two-core machine; not a performance claim. */
export const SCHEDULING_SLACK_MS = 250;

export interface ContractScenario {
  /** National 8-digit numbers → municipality they must be positioned in. */
  positions: Record<string, string>;
  /** Every answer takes this long (ms). */
  latencyMs: number;
  /** The implementation's default deadline (ms). */
  deadlineMs: number;
}

export interface PositioningFixture {
  port: PositioningPort;
  close(): Promise<void>;
}

/** Municipalities the scenarios use; factories also get them to build their data. */
export const CONTRACT_MUNICIPALITIES = [
  { number: '0301', population: 717_710 },
  { number: '4601', population: 291_940 },
  { number: '5001', population: 214_565 },
  { number: '1103', population: 149_048 },
  { number: '5501', population: 78_745 },
];

export function positioningContract(
  name: string,
  create: (scenario: ContractScenario) => Promise<PositioningFixture>,
): void {
  describe(`PositioningPort contract: ${name}`, () => {
    const fixtures: PositioningFixture[] = [];
    const build = async (scenario: Partial<ContractScenario> = {}): Promise<PositioningPort> => {
      const fixture = await create({ positions: {}, latencyMs: 5, deadlineMs: 2_000, ...scenario });
      fixtures.push(fixture);
      return fixture.port;
    };
    afterAll(async () => {
      await Promise.all(fixtures.map((f) => f.close()));
    });

    it('RT-3: positions a mobile number in its municipality, in any number form', async () => {
      const port = await build({ positions: { '91234567': '4601' } });
      for (const form of ['91234567', '4791234567', '+4791234567', '004791234567']) {
        const result = await port.locate(form, {});
        expect(result).toMatchObject({ status: 'positioned', municipality: '4601' });
        if (result.status === 'positioned') expect(result.operator).toMatch(/\S/);
        expect(result.elapsedMs).toBeGreaterThanOrEqual(0);
      }
    });

    it('RT-15: concurrent lookups each get their own position', async () => {
      const positions: Record<string, string> = {};
      CONTRACT_MUNICIPALITIES.forEach((m, i) => {
        positions[`4000000${i}`] = m.number;
        positions[`9000000${i}`] = m.number;
      });
      const port = await build({ positions });
      const numbers = Object.keys(positions);
      const results = await Promise.all(numbers.map((n) => port.locate(n, {})));
      expect(results.map((r) => (r.status === 'positioned' ? r.municipality : r.reason))).toEqual(
        numbers.map((n) => positions[n]),
      );
    });

    it('RT-3: a string that is no phone number fails with no-answer and never rejects', async () => {
      const port = await build();
      for (const bad of ['', 'abc', '12', '+47 12x45678']) {
        await expect(port.locate(bad, {})).resolves.toMatchObject({ status: 'failed', reason: 'no-answer' });
      }
    });

    it('RT-3: the per-call deadline is never exceeded: a slow answer becomes a timeout', async () => {
      const port = await build({ positions: { '41234567': '0301' }, latencyMs: 3_000 });
      const deadlineMs = 150;
      const result = await port.locate('41234567', { deadlineMs });
      expect(result).toMatchObject({ status: 'failed', reason: 'timeout' });
      expect(result.elapsedMs).toBeLessThanOrEqual(deadlineMs + SCHEDULING_SLACK_MS);
    });

    it('RT-3: without a per-call deadline the configured default applies', async () => {
      const port = await build({ positions: { '41234567': '0301' }, latencyMs: 3_000, deadlineMs: 120 });
      const result = await port.locate('41234567', {});
      expect(result).toMatchObject({ status: 'failed', reason: 'timeout' });
      expect(result.elapsedMs).toBeLessThanOrEqual(120 + SCHEDULING_SLACK_MS);
    });

    it('RT-3: an abort (SIP CANCEL) ends the lookup before the deadline', async () => {
      const port = await build({ positions: { '41234567': '0301' }, latencyMs: 3_000 });
      const controller = new AbortController();
      const pending = port.locate('41234567', { deadlineMs: 2_500, signal: controller.signal });
      setTimeout(() => controller.abort(), 30);
      const result = await pending;
      expect(result.status).toBe('failed');
      expect(result.elapsedMs).toBeLessThan(2_500);
    });

    it('RT-3: an already aborted signal fails at once without asking anyone', async () => {
      const port = await build({ positions: { '41234567': '0301' } });
      const result = await port.locate('41234567', { signal: AbortSignal.abort() });
      expect(result).toEqual({ status: 'failed', reason: 'no-answer', elapsedMs: 0 });
    });

    it('RT-3: an abort for time (AbortSignal.timeout) reports timeout', async () => {
      const port = await build({ positions: { '41234567': '0301' }, latencyMs: 3_000 });
      const result = await port.locate('41234567', { deadlineMs: 2_500, signal: AbortSignal.timeout(40) });
      expect(result).toMatchObject({ status: 'failed', reason: 'timeout' });
    });
  });
}
