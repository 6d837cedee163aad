/** `nodmeld positioning-sim` (RT-3): starts, serves, stops on signal; clear usage errors. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPositioningSimCommand } from './simulator-main.ts';

let dir = '';
let csv = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'positioning-sim-'));
  csv = path.join(dir, 'kommuner.csv');
  await writeFile(
    csv,
    'kommunenummer,kommunenavn,folketall_2024\n0301,Oslo,717710\n4601,"Bergen, Vestland",291940\n',
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
}

describe('positioning-sim command (RT-3)', () => {
  it('RT-3: runs a simulator until stopped and exits 0', async () => {
    const { out, io } = capture();
    const stop = new AbortController();
    const running = runPositioningSimCommand(
      [
        '--operator',
        'telia',
        '--port',
        '0',
        '--latency',
        '0',
        '--jitter',
        '0',
        '--failure-rate',
        '0',
        '--municipalities',
        csv,
      ],
      { ...io, stop: stop.signal },
    );
    let url: string | undefined;
    for (let i = 0; i < 200 && !url; i++) {
      url = /listening on (\S+)/.exec(out.join('\n'))?.[1];
      if (!url) await new Promise((r) => setTimeout(r, 10));
    }
    expect(url).toBeDefined();
    expect(out[0]).toContain('2 municipalities');
    const health = await fetch(`${url}/healthz`);
    expect(await health.json()).toEqual({ status: 'ok', operator: 'telia' });
    stop.abort();
    expect(await running).toBe(0);
    expect(out.at(-1)).toContain('stopped');
  });

  it('exits 2 with a clear message on bad usage', async () => {
    for (const [argv, message] of [
      [['--port', '7101'], /--operator is required/],
      [['--operator', 'telenor'], /--port is required/],
      [['--operator', 'telenor', '--port', '70000'], /--port must be a number/],
      [['--operator', 'telenor', '--port', '0', '--failure-rate', 'lots'], /--failure-rate/],
      [['--operator', 'telenor', '--port', '0', '--bogus'], /bogus/],
    ] as const) {
      const { err, io } = capture();
      expect(await runPositioningSimCommand([...argv], io)).toBe(2);
      expect(err.join('\n')).toMatch(message);
    }
  });

  it('exits 1 naming file and line when the municipality file is bad', async () => {
    const bad = path.join(dir, 'bad.csv');
    await writeFile(bad, 'kommunenummer,folketall_2024\n0301,717710\n30,12\n');
    const { err, io } = capture();
    expect(
      await runPositioningSimCommand(['--operator', 'ice', '--port', '0', '--municipalities', bad], io),
    ).toBe(1);
    expect(err.join('\n')).toContain(`${bad}:3: kommunenummer "30" is not 4 digits`);
  });

  it('exits 1 for an operator outside the market split', async () => {
    const { err, io } = capture();
    expect(
      await runPositioningSimCommand(['--operator', 'acme', '--port', '0', '--municipalities', csv], io),
    ).toBe(1);
    expect(err.join('\n')).toMatch(/acme/);
  });
});
