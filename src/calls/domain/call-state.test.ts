import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CallEvent } from './call-event.ts';
import type { CallHistory } from './call-state.ts';
import {
  applyCallEvent,
  compareEvents,
  foldCallEvents,
  foldOrderedEvents,
  placeEvent,
} from './call-state.ts';
import { scriptCallEvents } from '../testing/call-events.ts';

const T0 = Date.UTC(2026, 2, 2, 13, 0, 0); // Monday 14:00 in Oslo

function fold(events: CallEvent[]) {
  return foldCallEvents(events);
}

function recordOf(events: CallEvent[], callId = 'c1') {
  const result = fold(events);
  expect(result.refusals).toEqual([]);
  return result.histories.get(callId)!.record;
}

function history(events: CallEvent[]): CallHistory {
  return fold(events).histories.get(events[0]!.callId)!;
}

const answeredCall = () =>
  scriptCallEvents({ callId: 'c1', offeredAt: T0, menuMs: 20_000, answerMs: 45_000, talkMs: 300_000 });

describe('call state: the fold of a call’s events (issue 10)', () => {
  it('folds a routed, menu-queued, answered, transferred call into its record', () => {
    const r = recordOf(
      scriptCallEvents({
        callId: 'c1',
        offeredAt: T0,
        municipality: '4601',
        menuMs: 20_000,
        answerMs: 45_000,
        talkMs: 300_000,
        transferToAmk: true,
        misrouted: true,
      }),
    );
    expect(r).toMatchObject({
      callId: 'c1',
      state: 'ended',
      calledNumber: '116117',
      service: 'legevakt',
      callingNumber: '41234567',
      network: 'mobile',
      centreId: 'lv-a',
      routedAt: T0 - 200,
      offeredAt: T0,
      queuedAt: T0,
      ringingAt: T0 + 20_000,
      answeredAt: T0 + 65_000,
      answeredBy: { positionId: 'pos-1', userId: 'user-1' },
      endedAt: T0 + 365_000,
      endedBy: 'operator',
      hastegrad: 'akutt',
      misrouting: {
        reason: 'base-station-across-border',
        correctCentreId: 'lv-b',
        correctMunicipality: '3201',
      },
      eventCount: 8,
    });
    expect(r.routing).toMatchObject({
      method: 'number-series',
      municipality: '4601',
      county: '46',
      dataVersion: 1,
    });
    expect(r.transfers).toEqual([
      {
        eventId: 'c1:transferred',
        at: T0 + 95_000,
        target: { kind: 'amk', id: 'amk-a' },
        outcome: 'connected',
      },
    ]);
  });

  it('a 113 call starts at offered (no routing decision) and belongs to AMK', () => {
    const r = recordOf(
      scriptCallEvents({ callId: 'c1', calledNumber: '113', offeredAt: T0, answerMs: 8_000, talkMs: 1 }),
    );
    expect(r).toMatchObject({ state: 'ended', service: 'amk', centreId: 'amk-a' });
    expect(r.routing).toBeUndefined();
  });

  it('a duplicate event id is a no-op; the same id with other content is refused', () => {
    const events = answeredCall();
    const once = history(events);
    const again = applyCallEvent(once, events[3]!);
    expect(again.kind).toBe('duplicate');
    expect(again.history).toBe(once);
    const reused = applyCallEvent(once, { ...events[3]!, occurredAt: new Date(T0 + 1).toISOString() });
    expect(reused).toMatchObject({
      kind: 'refused',
      history: once,
      refusal: { code: 'call.event-id-reused', callId: 'c1', eventId: events[3]!.eventId },
    });
  });

  it('a late event is placed by occurredAt, not lost: the record is folded again', () => {
    const events = answeredCall(); // routed, offered, queued, ringing, answered, ended
    const withoutQueued = events.filter((e) => e.type !== 'queued');
    const h = history(withoutQueued);
    expect(h.record.queuedAt).toBeUndefined();
    const late = applyCallEvent(
      h,
      events.find((e) => e.type === 'queued')!,
    );
    expect(late.kind).toBe('applied');
    if (late.kind !== 'applied') return;
    expect(late.late).toBe(true);
    expect(late.history.events.map((p) => p.event.type)).toEqual([
      'routed',
      'offered',
      'queued',
      'ringing',
      'answered',
      'ended',
    ]);
    expect(late.history.record).toEqual(history(events).record);
  });

  it('answered after ended is refused, naming the call, the event and the state', () => {
    const events = scriptCallEvents({ callId: 'c1', offeredAt: T0, abandonAfterMs: 30_000 });
    const h = history(events);
    const answered: CallEvent = {
      eventId: 'late-answer',
      callId: 'c1',
      occurredAt: new Date(T0 + 40_000).toISOString(),
      source: 'centre-telephony',
      type: 'answered',
      positionId: 'pos-2',
    };
    const out = applyCallEvent(h, answered);
    expect(out).toMatchObject({
      kind: 'refused',
      history: h,
      refusal: {
        code: 'call.transition-refused',
        callId: 'c1',
        eventId: 'late-answer',
        eventType: 'answered',
        state: 'abandoned',
      },
    });
    expect(out.kind === 'refused' && out.refusal.message).toContain('Call c1: answered late-answer');
  });

  it('answered before ringing is refused: a ringing whose time lies after the answer', () => {
    const events = answeredCall();
    const h = history(events.filter((e) => e.type !== 'ringing'));
    const ringingAfterAnswer: CallEvent = {
      eventId: 'ring-late',
      callId: 'c1',
      occurredAt: new Date(T0 + 70_000).toISOString(),
      source: 'centre-telephony',
      type: 'ringing',
    };
    expect(applyCallEvent(h, ringingAfterAnswer)).toMatchObject({
      kind: 'refused',
      refusal: {
        code: 'call.transition-refused',
        eventId: 'ring-late',
        eventType: 'ringing',
        state: 'answered',
      },
    });
  });

  it('answered before offered is refused: an offered whose time lies after the answer', () => {
    const events = answeredCall();
    const h = history(events.filter((e) => e.type !== 'offered' && e.type !== 'ended'));
    const offeredLate: CallEvent = {
      eventId: 'offer-late',
      callId: 'c1',
      occurredAt: new Date(T0 + 100_000).toISOString(),
      source: 'centre-telephony',
      type: 'offered',
      calledNumber: '116117',
      centreId: 'lv-a',
    };
    expect(applyCallEvent(h, offeredLate)).toMatchObject({
      kind: 'refused',
      refusal: { eventType: 'offered', state: 'answered' },
    });
  });

  it('a late event that contradicts an accepted later one is refused and names it', () => {
    // ringing at T0, answered at T0+30 s accepted; then an "abandoned" at T0+10 s arrives.
    const h = history(
      scriptCallEvents({ callId: 'c1', calledNumber: '113', offeredAt: T0, answerMs: 30_000 }),
    );
    const abandoned: CallEvent = {
      eventId: 'gave-up',
      callId: 'c1',
      occurredAt: new Date(T0 + 10_000).toISOString(),
      source: 'centre-telephony',
      type: 'abandoned',
    };
    expect(applyCallEvent(h, abandoned)).toMatchObject({
      kind: 'refused',
      history: h,
      refusal: {
        code: 'call.transition-refused',
        eventId: 'gave-up',
        eventType: 'abandoned',
        state: 'abandoned',
        conflictsWith: { eventId: 'c1:answered', eventType: 'answered' },
      },
    });
  });

  it('a second answer, abandoned after an answer, and a second routing are refused', () => {
    const h = history(scriptCallEvents({ callId: 'c1', offeredAt: T0, answerMs: 5_000 }));
    const at = new Date(T0 + 60_000).toISOString();
    const base = { callId: 'c1', occurredAt: at, source: 'centre-telephony' as const };
    expect(applyCallEvent(h, { ...base, eventId: 'a2', type: 'answered', positionId: 'p' }).kind).toBe(
      'refused',
    );
    expect(applyCallEvent(h, { ...base, eventId: 'ab', type: 'abandoned' })).toMatchObject({
      refusal: { state: 'answered', eventType: 'abandoned' },
    });
    const routedAgain = {
      ...scriptCallEvents({ callId: 'c1', offeredAt: T0 })[0]!,
      eventId: 'r2',
      occurredAt: at,
    };
    expect(applyCallEvent(h, routedAgain).kind).toBe('refused');
  });

  it('an event of another call is refused', () => {
    const h = history(answeredCall());
    const other = scriptCallEvents({ callId: 'c2', offeredAt: T0 })[0]!;
    expect(applyCallEvent(h, other)).toMatchObject({
      refusal: { code: 'call.wrong-call', eventCallId: 'c2' },
    });
  });

  it('concurrent events of one call at the same millisecond fold the same in either arrival order', () => {
    // Network and centre report offered, queued and ringing at one instant; answered and ended too.
    const events = scriptCallEvents({ callId: 'c1', offeredAt: T0, menuMs: 0, answerMs: 0, talkMs: 0 });
    const forward = recordOf(events);
    const backward = recordOf([...events].reverse());
    expect(backward).toEqual(forward);
    expect(forward).toMatchObject({ state: 'ended', ringingAt: T0, answeredAt: T0, endedAt: T0 });
  });

  it('a transfer reported before its answer is held in a gap and placed once the answer arrives', () => {
    const events = scriptCallEvents({ callId: 'c1', offeredAt: T0, answerMs: 10_000, transferToAmk: true });
    const noAnswer = events.filter((e) => e.type !== 'answered');
    const h = history(noAnswer);
    expect(h.record.state).toBe('answered');
    expect(h.record.answeredAt).toBeUndefined();
    const out = applyCallEvent(
      h,
      events.find((e) => e.type === 'answered')!,
    );
    expect(out.kind).toBe('applied');
    expect(out.kind === 'applied' && out.history.record.answeredAt).toBe(T0 + 10_000);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const scriptArb = (callId: string) =>
  fc
    .record({
      calledNumber: fc.constantFrom('116117', '113', '55512345'),
      offset: fc.integer({ min: 0, max: 3_600_000 }),
      menuMs: fc.option(fc.integer({ min: 0, max: 60_000 }), { nil: undefined }),
      answerMs: fc.option(fc.constantFrom(0, 10_000, 120_000, 120_001, 37_500), { nil: undefined }),
      abandonAfterMs: fc.option(fc.integer({ min: 0, max: 600_000 }), { nil: undefined }),
      abandonInMenu: fc.boolean(),
      talkMs: fc.option(fc.integer({ min: 0, max: 600_000 }), { nil: undefined }),
      transferToAmk: fc.boolean(),
      misrouted: fc.boolean(),
      callbackRequested: fc.boolean(),
    })
    .map((s) =>
      scriptCallEvents({
        callId,
        calledNumber: s.calledNumber,
        offeredAt: T0 + s.offset,
        ...(s.menuMs !== undefined && { menuMs: s.menuMs }),
        ...(s.answerMs !== undefined && { answerMs: s.answerMs }),
        ...(s.abandonAfterMs !== undefined && { abandonAfterMs: s.abandonAfterMs }),
        abandonInMenu: s.abandonInMenu && s.menuMs !== undefined,
        ...(s.talkMs !== undefined && { talkMs: s.talkMs }),
        transferToAmk: s.transferToAmk,
        misrouted: s.misrouted,
        callbackRequested: s.callbackRequested,
      }),
    );

/** Events of up to five calls, all valid in time order. */
const eventSetArb = fc
  .array(fc.nat(), { minLength: 1, maxLength: 5 })
  .chain((ids) => fc.tuple(...ids.map((_, i) => scriptArb(`call-${i}`))))
  .map((lists) => lists.flat());

const records = (result: ReturnType<typeof foldCallEvents>) =>
  new Map([...result.histories].map(([id, h]) => [id, h.record]));

describe('call state properties (issue 10)', () => {
  it('folding any permutation of a valid event set gives the same records, with no refusal', () => {
    fc.assert(
      fc.property(
        eventSetArb.chain((events) =>
          fc.tuple(fc.constant(events), fc.shuffledSubarray(events, { minLength: events.length })),
        ),
        ([inOrder, shuffled]) => {
          const a = foldCallEvents(inOrder);
          const b = foldCallEvents(shuffled);
          expect(a.refusals).toEqual([]);
          expect(b.refusals).toEqual([]);
          expect(records(b)).toEqual(records(a));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('duplicates in any order change nothing', () => {
    fc.assert(
      fc.property(
        eventSetArb.chain((events) =>
          fc.tuple(
            fc.constant(events),
            fc.shuffledSubarray([...events, ...events, ...events.slice(0, 3)], {
              minLength: events.length * 2 + Math.min(3, events.length),
            }),
          ),
        ),
        ([events, withDuplicates]) => {
          const a = foldCallEvents(events);
          const b = foldCallEvents(withDuplicates);
          expect(b.refusals).toEqual([]);
          expect(b.duplicates).toBe(withDuplicates.length - events.length);
          expect(records(b)).toEqual(records(a));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('any subset of a valid set, in any order, is accepted (a missing earlier step is a gap, not an error)', () => {
    fc.assert(
      fc.property(
        eventSetArb.chain((events) => fc.shuffledSubarray(events)),
        (subset) => {
          expect(foldCallEvents(subset).refusals).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('the fast path folds a complete time-ordered event list to the record the general fold gives', () => {
    fc.assert(
      fc.property(scriptArb('c1'), (events) => {
        const ordered = events.map(placeEvent).sort(compareEvents);
        const general = foldCallEvents(events);
        expect(general.refusals).toEqual([]);
        expect(foldOrderedEvents('c1', ordered)).toEqual(general.histories.get('c1')!.record);
      }),
      { numRuns: 300 },
    );
  });

  it('the fast path gives the general record or declines: out of order, a repeated id, an impossible step', () => {
    fc.assert(
      fc.property(
        // Any subset of two calls' events under one call id, with duplicates, in any order.
        fc
          .tuple(scriptArb('c1'), scriptArb('c2'))
          .chain(([a, b]) =>
            fc.shuffledSubarray([...a, ...a.slice(0, 2), ...b.map((e) => ({ ...e, callId: 'c1' }))]),
          ),
        fc.boolean(),
        (events, sorted) => {
          const placed = events.map(placeEvent);
          if (sorted) placed.sort(compareEvents);
          const general = foldCallEvents(events);
          const fast = foldOrderedEvents('c1', placed);
          if (fast === undefined) {
            const clean =
              general.refusals.length === 0 &&
              general.duplicates === 0 &&
              placed.every((p, i) => i === 0 || compareEvents(placed[i - 1]!, p) < 0);
            expect(clean && events.length > 0).toBe(false);
          } else expect(fast).toEqual(general.histories.get('c1')!.record);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('the fast path declines a list in the wrong order, with a repeated id or with an impossible step', () => {
    const placed = answeredCall().map(placeEvent);
    expect(foldOrderedEvents('c1', placed)).toEqual(recordOf(answeredCall()));
    expect(foldOrderedEvents('c1', [...placed].reverse())).toBeUndefined();
    expect(foldOrderedEvents('c1', [placed[0]!, { ...placed[1]!, event: placed[0]!.event }])).toBeUndefined();
    const answered = placed.find((p) => p.event.type === 'answered')!;
    expect(
      foldOrderedEvents('c1', [...placed, { ...answered, at: answered.at + 3_600_000 }]),
    ).toBeUndefined();
    expect(foldOrderedEvents('c1', [])).toBeUndefined();
  });
});
