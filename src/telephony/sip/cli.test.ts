import { describe, expect, it } from 'vitest';
import type { PositioningPort } from '../../routing/positioning/port.ts';
import { runSipCommand } from './cli.ts';
import { locateWithDeadline } from './engine-call-router.ts';
import {
  buildConnectDecision,
  createFakeCallRouter,
  createUdpClient,
  inviteText,
  responseStatus,
} from './testing.ts';

describe('nodmeld sip', () => {
  it('prints usage with --help and refuses unknown flags', async () => {
    const out: string[] = [];
    expect(await runSipCommand(['--help'], { out: (s) => out.push(s), env: {} })).toBe(0);
    expect(out.join('')).toContain('NODMELD_SIP_TRUNKS');
    const err: string[] = [];
    expect(await runSipCommand(['--bogus'], { err: (s) => err.push(s), env: {} })).toBe(2);
  });

  it('fails fast naming a bad setting', async () => {
    const err: string[] = [];
    expect(
      await runSipCommand([], { env: { NODMELD_SIP_DEFAULT_NETWORK: 'satellite' }, err: (s) => err.push(s) }),
    ).toBe(2);
    expect(err.join('')).toContain('NODMELD_SIP_DEFAULT_NETWORK');
  });

  it('serves SIP and /metrics until stopped', async () => {
    const stop = new AbortController();
    let ports: { udpPort: number; metricsPort?: number } | undefined;
    const listening = new Promise<void>((resolve) => {
      void runSipCommand(['--port', '0', '--metrics-port', '0'], {
        env: {},
        router: createFakeCallRouter(() => ({ decision: buildConnectDecision() })),
        out: () => {},
        signal: stop.signal,
        onListening: (p) => {
          ports = p;
          resolve();
        },
      }).then((code) => expect(code).toBe(0));
    });
    await listening;
    const client = await createUdpClient(ports!.udpPort);
    client.send(inviteText({ clientPort: client.port, callId: 'cli-1' }));
    expect(responseStatus(await client.next())).toBe(100);
    expect(responseStatus(await client.next())).toBe(302);
    client.close();
    const metrics = await (await fetch(`http://127.0.0.1:${ports!.metricsPort}/metrics`)).text();
    expect(metrics).toMatch(/nodmeld_sip_calls_total\{outcome="redirected"\} 1/);
    stop.abort();
  });
});

describe('positioning under the deadline (RT-3)', () => {
  it('answers timeout at the deadline even when the port never answers, and aborts the lookup', async () => {
    let innerSignal: AbortSignal | undefined;
    const hanging: PositioningPort = {
      locate: (_n, o) => {
        innerSignal = o.signal;
        return new Promise(() => {});
      },
    };
    const r = await locateWithDeadline(hanging, '90045678', 30, new AbortController().signal);
    expect(r).toMatchObject({ status: 'failed', reason: 'timeout' });
    expect(innerSignal?.aborted).toBe(true);
  });

  it('passes the caller hanging up (CANCEL) on to the positioning lookup', async () => {
    let innerSignal: AbortSignal | undefined;
    const port: PositioningPort = {
      locate: (_n, o) => {
        innerSignal = o.signal;
        return new Promise((resolve) =>
          o.signal!.addEventListener('abort', () =>
            resolve({ status: 'failed', reason: 'no-answer', elapsedMs: 1 }),
          ),
        );
      },
    };
    const cancel = new AbortController();
    const p = locateWithDeadline(port, '90045678', 5_000, cancel.signal);
    cancel.abort();
    expect(await p).toMatchObject({ status: 'failed' });
    expect(innerSignal?.aborted).toBe(true);
  });

  it('treats a port that rejects (against its contract) as unpositioned', async () => {
    const port: PositioningPort = { locate: () => Promise.reject(new Error('bug')) };
    expect(await locateWithDeadline(port, '90045678', 1_000, new AbortController().signal)).toMatchObject({
      reason: 'no-answer',
    });
  });
});
