import { describe, expect, it } from 'vitest';
import type { CallEvent } from '../domain/call-event.ts';
import { foldCallEvents } from '../domain/call-state.ts';
import type { CallRecord } from '../domain/call-state.ts';
import type { CallScript } from '../testing/call-events.ts';
import { scriptCallEvents } from '../testing/call-events.ts';
import { classifyCall, computeOfficialFigures, exactMedian } from './official-figures.ts';

const T0 = Date.UTC(2026, 2, 2, 13, 0, 0); // Monday 2 March 2026, 14:00 in Oslo

function recordsOf(scripts: Array<Omit<CallScript, 'offeredAt'> & { offeredAt?: number }>): CallRecord[] {
  const events: CallEvent[] = scripts.flatMap((s) => scriptCallEvents({ offeredAt: T0, ...s }));
  const folded = foldCallEvents(events);
  expect(folded.refusals).toEqual([]);
  return [...folded.histories.values()].map((h) => h.record);
}

/**
 * Six calls to one LV-sentral, hand-computed against the official definitions:
 *   c1 30 s in the voice menu, then answered 120.000 s after it rang   → within 2 min (boundary, menu excluded)
 *   c2 answered 120.001 s after it rang                                  → not within 2 min, within 10 min
 *   c3 answered after 45 s                                               → within 2 min
 *   c4 rang 200 s, the caller hung up                                    → unanswered
 *   c5 hung up in the voice menu before it rang                          → unanswered (abandoned before ringing)
 *   c6 answered after exactly 600 s                                      → within 10 min (boundary)
 *   c7 still ringing                                                     → not counted yet
 *   c8 routed only (hung up before the centre got it)                    → not counted (never offered)
 * calls = 4 answered + 2 unanswered = 6; within 2 min = 2 (c1, c3) → 1/3; within 10 min = 4 → 2/3;
 * median of 45 000, 120 000, 120 001, 600 000 ms = (120 000 + 120 001) / 2 = 120 000.5 ms.
 */
const lvDay = () =>
  recordsOf([
    { callId: 'c1', menuMs: 30_000, answerMs: 120_000, talkMs: 60_000 },
    { callId: 'c2', answerMs: 120_001, talkMs: 60_000 },
    { callId: 'c3', answerMs: 45_000 },
    { callId: 'c4', abandonAfterMs: 200_000 },
    { callId: 'c5', menuMs: 15_000, abandonInMenu: true },
    { callId: 'c6', answerMs: 600_000, talkMs: 10_000 },
    { callId: 'c7' },
  ]).concat(
    foldCallEvents(scriptCallEvents({ callId: 'c8', offeredAt: T0 }).slice(0, 1)).histories.get('c8')!.record,
  );

describe('official figures (LV-4, RT-13, issue 10)', () => {
  it('LV-4: calls = answered + unanswered; shares of ALL calls; boundary 120 s inclusive; menu time excluded', () => {
    const { figures, trace } = computeOfficialFigures(lvDay(), 'legevakt');
    expect(figures).toMatchObject({
      calls: 6,
      answered: 4,
      unanswered: 2,
      abandonedBeforeRinging: 1,
      answeredWithin2Minutes: 2,
      answeredWithin10Minutes: 4,
      shareWithin2Minutes: 2 / 6,
      shareWithin10Minutes: 4 / 6,
      shareUnanswered: 2 / 6,
      medianAnswer: { minMs: 120_000.5, maxMs: 120_000.5, exact: true },
      longestAnswerMs: 600_000,
      target: { requirement: 'LV-4', share: 2 / 6, required: 0.8, met: false },
    });
    // Drill-down: which calls each figure counted, and which it left out and why.
    expect(trace.counted.sort()).toEqual(['c1', 'c2', 'c3', 'c4', 'c5', 'c6']);
    expect(trace.answeredWithin2Minutes.sort()).toEqual(['c1', 'c3']);
    expect(trace.answeredWithin10Minutes.sort()).toEqual(['c1', 'c2', 'c3', 'c6']);
    expect(trace.unanswered.sort()).toEqual(['c4', 'c5']);
    expect(trace.abandonedBeforeRinging).toEqual(['c5']);
    expect(trace.inProgress).toEqual(['c7']);
    expect(trace.notOffered).toEqual(['c8']);
  });

  it('LV-4: the median of an odd count is the middle answer time', () => {
    const records = lvDay().filter((r) => r.callId !== 'c6');
    expect(computeOfficialFigures(records, 'legevakt').figures.medianAnswer).toEqual({
      minMs: 120_000,
      maxMs: 120_000,
      exact: true,
    });
  });

  it('LV-4: 80 % within 2 minutes is met at exactly 80 %, counting unanswered calls in the denominator', () => {
    // 8 answered within 2 min (one at exactly 120 s), 1 answered after 3 min, 1 unanswered: 8/10.
    const scripts = [
      ...Array.from({ length: 7 }, (_, i) => ({ callId: `ok${i}`, answerMs: 30_000 })),
      { callId: 'edge', answerMs: 120_000 },
      { callId: 'slow', answerMs: 180_000 },
      { callId: 'lost', abandonAfterMs: 90_000 },
    ];
    const { figures } = computeOfficialFigures(recordsOf(scripts), 'legevakt');
    expect(figures.target).toEqual({ requirement: 'LV-4', share: 0.8, required: 0.8, met: true });
    // One more unanswered call and it is no longer met: 8/11.
    const more = computeOfficialFigures(
      recordsOf([...scripts, { callId: 'lost2', abandonAfterMs: 1 }]),
      'legevakt',
    );
    expect(more.figures.target.met).toBe(false);
    expect(more.figures.shareWithin2Minutes).toBe(8 / 11);
  });

  it('AMK-1: 113 calls, 90 % within 10 s, boundary at exactly 10 s inclusive', () => {
    const scripts = [
      ...Array.from({ length: 8 }, (_, i) => ({ callId: `a${i}`, calledNumber: '113', answerMs: 4_000 })),
      { callId: 'ten', calledNumber: '113', answerMs: 10_000 },
      { callId: 'over', calledNumber: '113', answerMs: 10_001 },
    ];
    const records = recordsOf(scripts);
    const { figures, trace } = computeOfficialFigures(records, 'amk');
    expect(figures).toMatchObject({
      calls: 10,
      answeredWithin10Seconds: 9,
      shareWithin10Seconds: 0.9,
      target: { requirement: 'AMK-1', share: 0.9, required: 0.9, met: true },
      medianAnswer: { minMs: 4_000, maxMs: 4_000, exact: true },
    });
    expect(trace.answeredWithin10Seconds).toContain('ten');
    expect(trace.answeredWithin10Seconds).not.toContain('over');
    // An unanswered 113 call counts too: 9/11 < 90 %.
    const withLost = recordsOf([...scripts, { callId: 'lost', calledNumber: '113', abandonAfterMs: 3_000 }]);
    expect(computeOfficialFigures(withLost, 'amk').figures.target.met).toBe(false);
    // 113 calls are not in the legevakt figures and vice versa.
    expect(computeOfficialFigures(records, 'legevakt').figures.calls).toBe(0);
  });

  it('calls to a centre’s 8-digit number count like 116117 calls, without a caller municipality', () => {
    const [r] = recordsOf([{ callId: 'd1', calledNumber: '55512345', answerMs: 1_000 }]);
    const c = classifyCall(r!);
    expect(c).toMatchObject({
      kind: 'counted',
      call: { service: 'legevakt', centreId: 'lv-a', answerMs: 1_000 },
    });
    expect(c.kind === 'counted' && c.call.municipality).toBeUndefined();
  });

  it('an answered call without a ringing time is incomplete: listed, not guessed', () => {
    const events = scriptCallEvents({ callId: 'g1', offeredAt: T0, answerMs: 5_000, talkMs: 1 }).filter(
      (e) => e.type !== 'ringing',
    );
    const record = foldCallEvents(events).histories.get('g1')!.record;
    expect(classifyCall(record)).toEqual({ kind: 'incomplete', callId: 'g1', reason: 'no-ringing-time' });
    const { figures, trace } = computeOfficialFigures([record], 'legevakt');
    expect(figures.calls).toBe(0);
    expect(trace.incomplete).toEqual(['g1']);
  });

  it('a transferred call whose answer was never reported is incomplete, not unanswered, also after it ended', () => {
    const events = scriptCallEvents({
      callId: 't1',
      offeredAt: T0,
      answerMs: 5_000,
      transferToAmk: true,
      talkMs: 60_000,
    }).filter((e) => e.type !== 'answered');
    const record = foldCallEvents(events).histories.get('t1')!.record;
    expect(record.state).toBe('ended');
    expect(classifyCall(record)).toEqual({ kind: 'incomplete', callId: 't1', reason: 'no-answer-time' });
  });

  it('no calls: counts 0, shares and median null, target not judged', () => {
    const { figures } = computeOfficialFigures([], 'legevakt');
    expect(figures).toMatchObject({ calls: 0, shareWithin2Minutes: null, medianAnswer: null });
    expect(figures.target.met).toBeNull();
  });

  it('exact median: odd, even, one value, none', () => {
    expect(exactMedian([3, 1, 2])).toBe(2);
    expect(exactMedian([4, 1, 3, 2])).toBe(2.5);
    expect(exactMedian([7])).toBe(7);
    expect(exactMedian([])).toBeNull();
  });
});
