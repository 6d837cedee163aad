import { describe, expect, it } from 'vitest';
import type { CliContext } from '../platform/module.ts';
import { lipCommand } from './cli.ts';

function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const ctx = {
    out: (s: string) => out.push(s),
    err: (s: string) => err.push(s),
  } as unknown as CliContext<unknown>;
  return lipCommand.run(argv, ctx).then((code) => ({ code, out: out.join(''), err: err.join('') }));
}

describe('nodmeld lip (NN-4)', () => {
  it('decodes a short report to the PDU and the fix', async () => {
    // Vector A of lip.test.ts: +45° E, −45° N, < 200 m, emergency.
    const r = await run(['12000006000002588020', '--at', '2026-12-07T06:00:00Z']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({
      pdu: { type: 'short-location-report', longitude: 45, latitude: -45 },
      fix: { emergency: true, errorMetres: 200, observedAt: '2026-12-07T05:55:00.000Z' },
    });
  });

  it('a malformed PDU exits 1 with the field and the bit; bad arguments exit 2', async () => {
    const bad = await run(['0001']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.err)).toMatchObject({
      error: { code: 'truncated', field: 'longitude', bitOffset: 4 },
    });
    expect((await run([])).code).toBe(2);
    expect((await run(['00', '--bits', 'x'])).code).toBe(2);
  });
});
