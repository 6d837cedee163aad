import { describe, expect, it } from 'vitest';
import { createCallDecider, type DecisionNotice } from './decide-call.ts';
import { buildCall, buildCompiledData, buildState } from './domain/testing.ts';
import { DEFAULT_POLICY, type PositionResult } from './domain/types.ts';
import type { PositioningPort } from './positioning/port.ts';

const NOW = Date.parse('2026-12-07T10:00:00+01:00');

function decider(positioning?: PositioningPort, onListenerError?: (err: unknown) => void) {
  const data = buildCompiledData();
  return createCallDecider({
    getData: () => data,
    getState: () => buildState(),
    policy: DEFAULT_POLICY,
    positioning,
    deadlineMs: 500,
    nowMs: () => NOW,
    onListenerError,
  });
}

describe('decision listeners: every counted decision is told, as made (the calls record, issue 10)', () => {
  it('tells the door, the call id, the call, the decision and when', () => {
    const d = decider();
    const told: DecisionNotice[] = [];
    d.onDecided((n) => told.push(n));
    const { decision } = d.decide(buildCall(), 'sip', { callId: 'a84b4c76e66710@pc33' }) as {
      decision: unknown;
    };
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({
      door: 'sip',
      callId: 'a84b4c76e66710@pc33',
      call: { callingNumber: '55501234', network: 'fixed' },
      atMs: NOW,
    });
    expect(told[0]!.decision).toBe(decision);
  });

  it('a what-if decision is told with its own time; a preview is not told', () => {
    const d = decider();
    const told: DecisionNotice[] = [];
    d.onDecided((n) => told.push(n));
    const at = new Date('2026-12-24T18:00:00+01:00');
    void d.decide(buildCall(), 'http', { at });
    d.preview(buildCall(), NOW);
    expect(told.map((n) => n.atMs)).toEqual([at.getTime()]);
    expect(told[0]!.callId).toBeUndefined();
  });

  it('a positioned mobile call is told with the position it was decided on (RT-3)', async () => {
    const position: PositionResult = {
      status: 'positioned',
      municipality: '4601',
      operator: 'Telenor',
      elapsedMs: 12,
    };
    const d = decider({ locate: async () => position });
    const told: DecisionNotice[] = [];
    d.onDecided((n) => told.push(n));
    await d.decide(buildCall({ network: 'mobile', callingNumber: '91234567' }), 'sip', { callId: 'm1' });
    expect(told).toHaveLength(1);
    expect(told[0]!.position).toEqual(position);
    expect(told[0]!.call.position).toEqual(position);
  });

  it('passes the call id’s bytes to the listeners of a synchronous decision only', async () => {
    const bytes = Buffer.from('Call-ID: s1\r\n', 'latin1');
    const d = decider({ locate: async () => ({ status: 'failed', reason: 'no-answer', elapsedMs: 1 }) });
    const told: DecisionNotice[] = [];
    d.onDecided((n) => told.push(n));
    void d.decide(buildCall(), 'sip', { callId: 's1', callIdBytes: bytes, callIdAt: 9 });
    // Positioned after `decide` returned: the message's bytes may have been reused by then.
    await d.decide(buildCall({ network: 'mobile', callingNumber: '91234567' }), 'sip', {
      callId: 's1',
      callIdBytes: bytes,
      callIdAt: 9,
    });
    expect(told.map((n) => [n.callIdBytes, n.callIdAt])).toEqual([
      [bytes, 9],
      [undefined, -1],
    ]);
  });

  it('a listener that throws never reaches the call, and the others are still told', () => {
    const errors: unknown[] = [];
    const d = decider(undefined, (e) => errors.push(e));
    const told: string[] = [];
    d.onDecided(() => {
      throw new Error('recorder broke');
    });
    d.onDecided((n) => told.push(n.callId!));
    const r = d.decide(buildCall(), 'http', { callId: 'c1' }) as { decision: { outcome: string } };
    expect(r.decision.outcome).toBe('connect');
    expect(told).toEqual(['c1']);
    expect(errors).toHaveLength(1);
  });

  it('an unsubscribed listener hears nothing more', () => {
    const d = decider();
    const told: string[] = [];
    const off = d.onDecided((n) => told.push(n.callId!));
    void d.decide(buildCall(), 'http', { callId: 'first' });
    off();
    void d.decide(buildCall(), 'http', { callId: 'second' });
    expect(told).toEqual(['first']);
  });
});
