/**
 * `nodmeld simulate nodnett` (issue 14; NN-4): the arguments and their errors, and a run against a
 * nodmeld — the simulated terminals' decoded positions become the AMK's latest positions, a
 * terminal's emergency button a safety alarm; a refused token stops the run; a server that fails
 * is counted and the alarm sent again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amkModule } from '../amk/module.ts';
import { dbKinds } from '../platform/db/testing.ts';
import type { ServerClient } from '../platform/cli/server-client.ts';
import { SimClock } from '../platform/time/clock.ts';
import type { TestApp } from '../platform/testing/app.ts';
import { createRoutingTestApp, type RoutingTestApp } from '../routing/testing-app.ts';
import {
  NodnettSimulation,
  RefusedError,
  parseSimulateNodnettArgs,
  simulateNodnettCommand,
  type SimulateNodnettArgs,
} from './simulate-cli.ts';

const parse = parseSimulateNodnettArgs;
const refusal = (argv: string[]) => {
  try {
    parse(argv);
    return null;
  } catch (err) {
    return `${(err as Error).name}: ${(err as Error).message}`;
  }
};

describe('nodmeld simulate nodnett: arguments', () => {
  it('defaults: 200 terminals every 10 s, one alarm an hour, seed 1, until interrupted, to the configured server', () => {
    expect(parse([])).toEqual({
      terminals: 200,
      intervalS: 10,
      alarmsPerHour: 1,
      seed: 1,
      durationS: null,
      firstIssi: 7_000_001,
      server: null,
      dryRun: false,
    });
    expect(
      parse(['--terminals', '10000', '--interval', '10', '--duration', '60', '--dry-run']),
    ).toMatchObject({
      terminals: 10_000,
      durationS: 60,
      dryRun: true,
    });
  });

  it.each([
    [['--terminals', '0'], '--terminals must be a whole number 1–20000 (got "0")'],
    [['--terminals', '20001'], '--terminals must be a whole number 1–20000'],
    [['--terminals', 'many'], '--terminals must be a whole number 1–20000 (got "many")'],
    [['--interval', '0.5'], '--interval must be whole seconds 1–3600'],
    [['--alarms-per-hour=-1'], '--alarms-per-hour must be a number 0–36000'],
    [
      ['--terminals', '1', '--interval', '3600', '--alarms-per-hour', '2'],
      'is more than the 1 reports an hour',
    ],
    [['--seed', '1.5'], '--seed must be a whole number'],
    [['--duration', '0'], '--duration must be whole seconds'],
    [['--first-issi', '16777215', '--terminals', '2'], 'ISSIs are 24-bit'],
    [['--server', 'ftp://x'], '--server must be an http(s) URL'],
    [['--server', 'http://x', '--dry-run'], 'either --server URL or --dry-run'],
    [['--speed', '2'], "Unknown option '--speed'"],
    [['now'], 'unexpected argument "now"'],
  ])('%j → a usage error naming what is wrong', (argv, text) => {
    const r = refusal(argv);
    expect(r).toContain('UsageError: simulate nodnett: ');
    expect(r).toContain(text);
  });
});

/** A ServerClient over the test app (no socket), with a token. */
function injectClient(t: TestApp, token: string): ServerClient {
  return {
    url: 'http://test',
    download: () => Promise.reject(new Error('not used')),
    async request<T>(method: string, path: string, body?: unknown) {
      const r = await t.app.inject({
        method: method as 'POST',
        url: path,
        headers: { authorization: `Bearer ${token}` },
        ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
      });
      return { status: r.statusCode, body: r.json<T>(), text: r.body };
    },
  };
}

const args = (over: Partial<SimulateNodnettArgs> = {}): SimulateNodnettArgs => ({
  ...parse(['--terminals', '30', '--interval', '5', '--alarms-per-hour', '0', '--seed', '7']),
  ...over,
});

describe.each(dbKinds())('nodmeld simulate nodnett against a server on %s', (kind) => {
  let t: RoutingTestApp;
  beforeAll(async () => {
    t = await createRoutingTestApp({ kind, more: [amkModule] });
  });
  afterAll(async () => t?.close());
  const count = async (sql: string) => Number((await t.db.query<{ n: number }>(sql)).rows[0]!.n);

  it('NN-4: one interval of reports becomes every terminal’s latest position; the emergency button a safety alarm', async () => {
    const clock = new SimClock({ start: Date.parse('2026-12-07T08:00:00Z') });
    const seconds: number[] = [];
    const sim = new NodnettSimulation({
      args: args(),
      clock,
      client: injectClient(t, t.apiToken),
      onSecond: (c) => seconds.push(c.second),
    });
    sim.start();
    for (let s = 0; s < 5; s++) {
      await clock.advanceAsync(1000);
      await sim.idle();
    }
    expect(seconds).toEqual([1, 2, 3, 4, 5]);
    expect(sim.total).toMatchObject({ positions: 30, recorded: 30, rejected: 0, failed: 0 });
    expect(await count(`SELECT count(*)::int AS n FROM amk_latest_positions WHERE issi LIKE '70000%'`)).toBe(
      30,
    );

    expect(sim.network.control.raiseEmergency(7_000_004)).toBe(true);
    await clock.advanceAsync(1000);
    await sim.idle();
    expect(sim.total.alarmsSent).toBe(1);
    expect(await count(`SELECT count(*)::int AS n FROM amk_safety_alarms WHERE issi = '7000004'`)).toBe(1);
    await sim.stop();
  });

  it('a token the server refuses stops the run with what to do', async () => {
    const clock = new SimClock({ start: Date.parse('2026-12-07T08:00:00Z') });
    const sim = new NodnettSimulation({ args: args(), clock, client: injectClient(t, 'not-a-token') });
    sim.network.control.tick();
    await expect(sim.flush()).rejects.toThrow(RefusedError);
    await expect(
      new NodnettSimulation({ args: args(), clock, client: injectClient(t, 'x') }).flush(),
    ).resolves.toMatchObject({ positions: 0 }); // nothing to send: nothing asked
    await sim.stop();
  });

  it('a server that fails: counted, positions dropped, the alarm sent again when it answers', async () => {
    const clock = new SimClock({ start: Date.parse('2026-12-07T09:00:00Z') });
    let down = true;
    const real = injectClient(t, t.apiToken);
    const client: Pick<ServerClient, 'request'> = {
      request: (method, path, body) =>
        down ? Promise.reject(new Error('ECONNREFUSED')) : real.request(method, path, body),
    };
    const sim = new NodnettSimulation({ args: args({ firstIssi: 7_100_001 }), clock, client });
    sim.network.control.tick();
    sim.network.control.raiseEmergency(7_100_002);
    const first = await sim.flush();
    expect(first).toMatchObject({ alarms: 1, alarmsSent: 0, recorded: 0 });
    expect(first.failed).toBeGreaterThanOrEqual(2);
    down = false;
    const second = await sim.flush();
    expect(second).toMatchObject({ alarmsSent: 1, failed: 0 });
    expect(await count(`SELECT count(*)::int AS n FROM amk_safety_alarms WHERE issi = '7100002'`)).toBe(1);
    await sim.stop();
  });
});

describe('nodmeld simulate nodnett --dry-run', () => {
  it('prints a line a second and a summary, sends nothing', async () => {
    const clock = new SimClock({ start: Date.parse('2026-12-07T08:00:00Z') });
    const out: string[] = [];
    const ctx = {
      out: (s: string) => void out.push(s),
      err: (s: string) => void out.push(`ERR ${s}`),
      server: () => Promise.reject(new Error('a dry run asks no server')),
    } as unknown as Parameters<typeof simulateNodnettCommand>[1];
    const run = simulateNodnettCommand(
      ['--dry-run', '--terminals', '20', '--interval', '2', '--duration', '3'],
      ctx,
      clock,
    );
    for (let i = 0; i < 3; i++) await clock.advanceAsync(1000);
    expect(await run).toBe(0);
    expect(out[0]).toContain('20 simulated Nødnett terminals (ISSI 7000001–7000020), a report every 2 s');
    expect(out[0]).toContain('dry run: nothing sent');
    expect(out.filter((l) => / s {2}positions/.test(l))).toHaveLength(3);
    expect(out.at(-1)).toMatch(/^In 3 s: 30 positions, 0 safety alarms/);
  });
});
