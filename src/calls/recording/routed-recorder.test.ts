import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../platform/logger.ts';
import { SimClock } from '../../platform/time/clock.ts';
import type { DecisionNotice } from '../../routing/decide-call.ts';
import { buildCall } from '../../routing/domain/testing.ts';
import type { RoutingDecision } from '../../routing/domain/types.ts';
import { callEventSchema, type CallEvent } from '../domain/call-event.ts';
import { RoutedNotes, routedEventId, routedEventOf } from './routed-event.ts';
import { RoutedRecorder, type RecordOutcome } from './routed-recorder.ts';
import { handoffEventOf } from './handoff-event.ts';

const AT = Date.parse('2026-12-07T10:00:00+01:00');
const logger = createLogger('silent');

const connect = (over: Partial<Extract<RoutingDecision, { outcome: 'connect' }>> = {}): RoutingDecision => ({
  outcome: 'connect',
  centreId: 'lv-bergen',
  centreName: 'Bergen legevaktsentral',
  connectTo: '55000001',
  method: 'number-series',
  locatedBy: 'number-series',
  municipality: '4601',
  county: '46',
  trace: [],
  dataVersion: 3,
  ...over,
});

const notice = (callId: string | undefined, over: Partial<DecisionNotice> = {}): DecisionNotice => ({
  door: 'sip',
  callId,
  call: buildCall(),
  decision: connect(),
  atMs: AT,
  ...over,
});

/** A store that keeps events by id, like the calls store: the same id again is a duplicate. */
function fakeStore() {
  const byId = new Map<string, CallEvent>();
  const calls: number[] = [];
  let failures = 0;
  let loseAnswers = 0;
  return {
    byId,
    calls,
    failNext(n: number) {
      failures = n;
    },
    loseNextAnswers(n: number) {
      loseAnswers = n;
    },
    async record(events: CallEvent[]): Promise<RecordOutcome[]> {
      calls.push(events.length);
      if (failures > 0) {
        failures--;
        throw new Error('database unreachable');
      }
      const out = events.map((e): RecordOutcome => {
        const dup = byId.has(e.eventId);
        byId.set(e.eventId, e);
        return { eventId: e.eventId, outcome: dup ? 'duplicate' : 'accepted' };
      });
      if (loseAnswers > 0) {
        loseAnswers--;
        throw new Error('connection reset after commit');
      }
      return out;
    },
  };
}

describe('the routed event of a decision (issue 10: the decision as it was made)', () => {
  it('keeps method, place, centre, data version and positioning; valid by the event schema', () => {
    const e = routedEventOf(notice('abc@host'))!;
    expect(callEventSchema.parse(e)).toEqual(e);
    expect(e).toMatchObject({
      eventId: 'routed:abc@host',
      callId: 'abc@host',
      type: 'routed',
      source: 'sip-redirect',
      occurredAt: new Date(AT).toISOString(),
      calledNumber: '116117',
      callingNumber: '55501234',
      network: 'fixed',
      decision: {
        outcome: 'connect',
        method: 'number-series',
        centreId: 'lv-bergen',
        municipality: '4601',
        county: '46',
        dataVersion: 3,
        positioning: { status: 'not-applicable' },
      },
    });
  });

  it('names the re-route that decided it (RT-7) and the alternative site (RT-11)', () => {
    const d = connect({
      method: 'reroute',
      alternativeSite: true,
      trace: [{ step: 'reroute', params: { rerouteId: 'rr-42', fromId: 'lv-voss', toId: 'lv-bergen' } }],
    });
    const e = routedEventOf(notice('c1', { door: 'http', decision: d }))!;
    expect(e.source).toBe('decision-api');
    expect(e.decision).toMatchObject({ method: 'reroute', rerouteId: 'rr-42', alternativeSite: true });
  });

  it('records the positioning outcome of a mobile call (RT-3), and a menu decision (RT-5)', () => {
    const mobile = buildCall({ network: 'mobile', callingNumber: '91234567' });
    const positioned = routedEventOf(
      notice('m1', {
        call: mobile,
        position: { status: 'positioned', municipality: '4601', operator: 'Telenor', elapsedMs: 12.6 },
      }),
    )!;
    expect(positioned.decision.positioning).toEqual({ status: 'positioned', elapsedMs: 13 });
    const menu: RoutingDecision = { outcome: 'menu', reason: 'unpositioned', trace: [], dataVersion: 3 };
    const failed = routedEventOf(
      notice('m2', {
        call: mobile,
        decision: menu,
        position: { status: 'failed', reason: 'timeout', elapsedMs: 1500 },
      }),
    )!;
    expect(callEventSchema.parse(failed)).toEqual(failed);
    expect(failed.decision).toEqual({
      outcome: 'menu',
      dataVersion: 3,
      positioning: { status: 'failed', reason: 'timeout', elapsedMs: 1500 },
    });
    const given = routedEventOf(notice('m3', { call: { ...mobile, position: { municipality: '4601' } } }))!;
    expect(given.decision.positioning).toEqual({ status: 'positioned' });
  });

  it('a batch reused after it was sent carries nothing of the decisions it held before', () => {
    const mobile = buildCall({ network: 'mobile', callingNumber: '91234567' });
    const rerouted = notice('r1', {
      call: mobile,
      decision: connect({
        method: 'reroute',
        alternativeSite: true,
        trace: [{ step: 'reroute', params: { rerouteId: 'rr-42', fromId: 'lv-voss', toId: 'lv-bergen' } }],
      }),
      position: { status: 'failed', reason: 'timeout', elapsedMs: 1500 },
    });
    const menu = notice('r2', {
      call: buildCall({ callingNumber: '' }),
      decision: { outcome: 'menu', reason: 'no-centre', trace: [], dataVersion: 4 },
    });
    const notes = new RoutedNotes(2);
    expect(notes.add(rerouted)).toBe(true);
    expect(notes.add(menu)).toBe(true);
    expect(notes.full).toBe(true);
    expect(notes.add(notice('r3'))).toBe(false);
    expect(notes.events()).toEqual([routedEventOf(rerouted), routedEventOf(menu)]);
    notes.clear();
    expect(notes.add(menu)).toBe(true);
    expect(notes.add(rerouted)).toBe(true);
    expect(notes.events()).toEqual([routedEventOf(menu), routedEventOf(rerouted)]);
    for (const e of notes.events()) expect(callEventSchema.parse(e)).toEqual(e);
  });

  it('gives back each call id and calling number exactly, whatever their characters and length', () => {
    // Noted as bytes (no reference to the message's strings is kept): Latin-1, beyond Latin-1
    // (the decision API takes any text), and ids longer than the batch's buffer was made for.
    const ids = [
      'a84b4c76e66710@pc33.atlanta.example',
      'bødø-æ-å@sentral.example',
      'Ω-call-😀@api',
      `${'k'.repeat(150)}@host`,
      'x',
      `${'é'.repeat(190)}`,
    ];
    const numbers = ['+4755000001', '', '12345678', '+47 55 00 00 01', '99 88 77 66', 'anonymous'];
    const notes = new RoutedNotes(ids.length);
    for (let round = 0; round < 2; round++) {
      for (let k = 0; k < ids.length; k++) {
        expect(notes.add(notice(ids[k], { call: buildCall({ callingNumber: numbers[k]! }) }))).toBe(true);
      }
      const events = notes.events();
      expect(events.map((e) => e.callId)).toEqual(ids);
      expect(events.map((e) => e.eventId)).toEqual(ids.map(routedEventId));
      expect(events.map((e) => e.callingNumber)).toEqual([
        '+4755000001',
        undefined,
        '12345678',
        '+4755000001',
        '99887766',
        undefined,
      ]);
      for (const e of events) expect(callEventSchema.parse(e)).toEqual(e);
      notes.clear();
    }
  });

  it('copies the call id from the message’s bytes when the door gives them: the same events', () => {
    // The SIP door tells where the Call-ID's Latin-1 bytes are in the datagram; ids of any length
    // (the buffer grows past what the batch was made for), mixed with ids given as strings only.
    const ids = ['a84b4c76e66710@pc33.atlanta.example', `${'k'.repeat(150)}@host`, 'bødø@sentral', 'x'];
    const fromBytes = (id: string): DecisionNotice => {
      const message = Buffer.from(`INVITE sip:116117@nodmeld SIP/2.0\r\nCall-ID: ${id}\r\n\r\n`, 'latin1');
      const callIdAt = message.indexOf('Call-ID: ') + 'Call-ID: '.length;
      return notice(id, { callIdBytes: message, callIdAt });
    };
    const notes = new RoutedNotes(2 * ids.length);
    for (const id of ids) {
      expect(notes.add(fromBytes(id))).toBe(true);
      expect(notes.add(notice(`${id}-s`, { callIdBytes: undefined, callIdAt: -1 }))).toBe(true);
    }
    const want = ids.flatMap((id) => [routedEventOf(notice(id)), routedEventOf(notice(`${id}-s`))]);
    expect(notes.events()).toEqual(want);
    expect(notes.events().map((e) => e.callId)).toEqual(ids.flatMap((id) => [id, `${id}-s`]));
  });

  it('keeps a calling number only as `+` at most once before 3 to 15 digits, spaces removed', () => {
    const numbers = ['123', '12', '+123', '+12', '++123', '1+23', '123456789012345', '1234567890123456'];
    numbers.push('+123456789012345', '+1234567890123456', '+', '', '1 2 3', '+47 1', 'Ω123', '١٢٣٤');
    const notes = new RoutedNotes(numbers.length);
    for (const [k, n] of numbers.entries())
      notes.add(notice(`c${k}`, { call: buildCall({ callingNumber: n }) }));
    const want = numbers
      .map((n) => n.replace(/\s/g, ''))
      .map((n) => (/^\+?\d{3,15}$/.test(n) ? n : undefined));
    expect(notes.events().map((e) => e.callingNumber)).toEqual(want);
  });

  it('gives back every string of a batch sent before it was full and then filled further', () => {
    // A batch sent early (the flush timer) whose send failed stays at the head of the queue and
    // takes further decisions: its events are built again, with the strings noted since, Latin-1
    // and beyond.
    const notes = new RoutedNotes(5);
    const ids = ['p1@host', `${'q'.repeat(70)}@host`, 'p3@host', 'Ω-p4@api', 'p5@host'];
    const ev = (): string[] => notes.events().map((e) => `${e.callId} ${e.callingNumber ?? '-'}`);
    const want = ids.map((id, k) => `${id} +47550000${k}${k}`);
    const add = (k: number): void => {
      expect(notes.add(notice(ids[k], { call: buildCall({ callingNumber: `+47550000${k}${k}` }) }))).toBe(
        true,
      );
    };
    add(0);
    expect(ev()).toEqual(want.slice(0, 1));
    add(1);
    add(2);
    expect(ev()).toEqual(want.slice(0, 3));
    add(3);
    expect(ev()).toEqual(want.slice(0, 4));
    add(4);
    expect(notes.full).toBe(true);
    expect(ev()).toEqual(want);
  });

  it('leaves out a hidden calling number, records nothing for the CLI or without a call id', () => {
    const hidden = routedEventOf(notice('h1', { call: buildCall({ callingNumber: '' }) }))!;
    expect(hidden.callingNumber).toBeUndefined();
    expect(routedEventOf(notice('x', { door: 'cli' }))).toBeNull();
    expect(routedEventOf(notice(undefined))).toBeNull();
  });

  it('keeps a call id too long for an id as its hash, the same every time', () => {
    const long = `${'x'.repeat(250)}@host`;
    const e = routedEventOf(notice(long))!;
    expect(e.eventId).toBe(routedEventId(long));
    expect(e.eventId.length).toBeLessThanOrEqual(200);
    expect(e.callId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(callEventSchema.parse(e)).toEqual(e);
  });
});

describe('RoutedRecorder: routed calls recorded in batches, off the decision path', () => {
  let clock: SimClock;
  afterEach(() => clock?.dispose());

  const recorder = (
    store: Pick<ReturnType<typeof fakeStore>, 'record'>,
    over: Partial<ConstructorParameters<typeof RoutedRecorder>[0]> = {},
  ) => {
    clock = new SimClock({ start: AT });
    return new RoutedRecorder({ record: (e) => store.record(e), timers: clock, logger, ...over });
  };

  it('takes a decision without touching the store; a few wait at most the flush interval', async () => {
    const store = fakeStore();
    const r = recorder(store, { flushMs: 200, maxBatch: 1000 });
    for (let i = 0; i < 10; i++) r.take(notice(`call-${i}`));
    expect(store.calls).toEqual([]);
    await clock.advanceAsync(199);
    expect(store.calls).toEqual([]);
    await clock.advanceAsync(1);
    expect(store.calls).toEqual([10]);
    expect(r.stats()).toMatchObject({ buffered: 0, recorded: 10, dropped: 0 });
  });

  it('a burst goes in full batches at once, never held whole for the flush interval', async () => {
    const store = fakeStore();
    const r = recorder(store, { flushMs: 200, maxBatch: 1000 });
    for (let i = 0; i < 2500; i++) r.take(notice(`call-${i}`));
    expect(store.calls).toEqual([]); // never on the decision's own turn
    await clock.advanceAsync(0);
    expect(store.calls).toEqual([1000, 1000, 500]);
    expect(store.byId.size).toBe(2500);
    expect(r.stats()).toMatchObject({ buffered: 0, recorded: 2500 });
  });

  it('each event keeps the instant of its decision to the millisecond', () => {
    for (const ms of [
      AT,
      AT + 1,
      AT + 9,
      AT + 10,
      AT + 99,
      AT + 100,
      AT + 999,
      AT + 1000,
      0,
      1_700_000_000_007,
    ]) {
      expect(routedEventOf(notice('t', { atMs: ms }))!.occurredAt).toBe(new Date(ms).toISOString());
    }
  });

  /** A recorder whose every write takes 40 ms on its monotonic clock; `startedAt` holds when each began. */
  const timedRecorder = (over: Partial<ConstructorParameters<typeof RoutedRecorder>[0]>) => {
    clock = new SimClock({ start: AT });
    const sim = clock;
    let spent = 0; // time the writes take, on the recorder's monotonic clock
    const startedAt: number[] = [];
    const r = new RoutedRecorder({
      record: async (events) => {
        startedAt.push(sim.monotonicMs());
        spent += 40;
        return events.map((e) => ({ eventId: e.eventId, outcome: 'accepted' as const }));
      },
      timers: {
        setTimeout: (fn, ms) => sim.setTimeout(fn, ms),
        setInterval: (fn, ms) => sim.setInterval(fn, ms),
        monotonicMs: () => sim.monotonicMs() + spent,
      },
      logger,
      ...over,
    });
    return { r, startedAt };
  };

  it('leaves routing its share: after a write of d ms the next waits factor × d, and beyond the buffer drops the newest', async () => {
    const { r, startedAt } = timedRecorder({ maxBatch: 250, maxBuffered: 600, writeShareFactor: 3 });
    for (let i = 0; i < 1000; i++) r.take(notice(`w${i}`));
    expect(r.stats()).toMatchObject({ dropped: 400 }); // more than the buffer holds: the newest are turned away
    await clock.advanceAsync(1000);
    const t0 = startedAt[0]!;
    expect(startedAt.map((t) => t - t0)).toEqual([0, 120, 240]);
    expect(r.stats()).toMatchObject({ buffered: 0, recorded: 600 });
    expect(startedAt).toHaveLength(3);
  });

  it('while routing is not busy the pause after a write is shorter (a backlog is written faster)', async () => {
    let busy = false;
    const { r, startedAt } = timedRecorder({
      maxBatch: 100,
      writeShareFactor: 9,
      idleShareFactor: 1,
      routingBusy: () => busy,
    });
    for (let i = 0; i < 400; i++) r.take(notice(`i${i}`));
    await clock.advanceAsync(60); // writes at 0 and 40; the third is due at 80
    busy = true; // routing is busy when the third write ends: the fourth waits 9 × 40 ms
    await clock.advanceAsync(1000);
    const t0 = startedAt[0]!;
    expect(startedAt.map((t) => t - t0)).toEqual([0, 40, 80, 440]);
    expect(r.stats()).toMatchObject({ buffered: 0, recorded: 400 });
  });

  it('keeps the batch while the store fails, tries again with a growing pause, records each call once', async () => {
    const store = fakeStore();
    const r = recorder(store, { flushMs: 100 });
    for (let i = 0; i < 10; i++) r.take(notice(`c${i}`));
    store.failNext(3);
    await clock.advanceAsync(100);
    expect(r.stats()).toMatchObject({ buffered: 10, failedAttempts: 1 });
    await clock.advanceAsync(250); // second attempt after 250 ms
    await clock.advanceAsync(500); // third after 500 ms
    expect(r.stats()).toMatchObject({ buffered: 10, failedAttempts: 3 });
    await clock.advanceAsync(1000);
    expect(r.stats()).toMatchObject({ buffered: 0, recorded: 10, failedAttempts: 3 });
    expect(store.byId.size).toBe(10);
  });

  it('carries the B2BUA hand-over’s outcome with the routed events: sent with the next batch, kept while the store fails (issue 13)', async () => {
    const store = fakeStore();
    const r = recorder(store, { flushMs: 100 });
    r.take(notice('h1'));
    const busy = handoffEventOf({
      callId: 'h1',
      centreId: 'lv-bergen',
      how: 'b2bua',
      outcome: 'busy',
      status: 486,
      atMs: AT + 2000,
    });
    expect(callEventSchema.parse(busy)).toEqual(busy);
    r.takeEvent(busy);
    r.takeEvent(
      handoffEventOf({ callId: 'h2', centreId: 'lv-bergen', how: 'b2bua', outcome: 'answered', atMs: AT }),
    );
    expect(store.calls).toEqual([]);
    store.failNext(1);
    await clock.advanceAsync(100);
    expect(r.stats()).toMatchObject({ buffered: 3, failedAttempts: 1 });
    await clock.advanceAsync(250);
    expect(r.stats()).toMatchObject({ buffered: 0, recorded: 3 });
    expect(store.byId.get('handoff:h1')).toMatchObject({
      type: 'ended',
      by: 'system',
      reason: 'centre-busy',
      occurredAt: new Date(AT + 2000).toISOString(),
    });
    expect(store.byId.get('handoff:h2')).toMatchObject({ type: 'offered', centreId: 'lv-bergen' });
  });

  it('a batch that committed but whose answer was lost is sent again as duplicates, not second routings', async () => {
    const store = fakeStore();
    const r = recorder(store, { flushMs: 50 });
    for (let i = 0; i < 5; i++) r.take(notice(`d${i}`));
    store.loseNextAnswers(1);
    await clock.advanceAsync(50);
    await clock.advanceAsync(250);
    expect(r.stats()).toMatchObject({ buffered: 0, recorded: 0, duplicates: 5 });
    expect(store.byId.size).toBe(5);
  });

  it('in an outage longer than the buffer keeps what it holds, drops and counts the rest, and routing goes on', async () => {
    const store = fakeStore();
    const r = recorder(store, { flushMs: 100, maxBuffered: 100, maxBatch: 1000 });
    store.failNext(1_000_000);
    for (let i = 0; i < 150; i++) r.take(notice(`o${i}`));
    expect(r.stats()).toMatchObject({ buffered: 100, dropped: 50 });
    store.failNext(0);
    await clock.advanceAsync(10_000);
    expect(r.stats()).toMatchObject({ buffered: 0, recorded: 100, dropped: 50 });
    expect(store.byId.has('routed:o99')).toBe(true);
    expect(store.byId.has('routed:o100')).toBe(false);
  });

  it('the batch being written counts against the buffer', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const sent: number[] = [];
    const r = recorder(
      {
        async record(events) {
          sent.push(events.length);
          await held;
          return events.map((e) => ({ eventId: e.eventId, outcome: 'accepted' as const }));
        },
      },
      { flushMs: 10, maxBuffered: 10, maxBatch: 5 },
    );
    for (let i = 0; i < 5; i++) r.take(notice(`f${i}`));
    await clock.advanceAsync(0); // the full batch goes at the next turn and hangs in the store
    expect(sent).toEqual([5]);
    for (let i = 5; i < 20; i++) r.take(notice(`f${i}`));
    expect(r.stats()).toMatchObject({ buffered: 10, dropped: 10 });
    release();
    await clock.advanceAsync(0); // the write finishes and arms the next batch
    await clock.advanceAsync(1_000);
    expect(r.stats()).toMatchObject({ buffered: 0, recorded: 10, dropped: 10 });
  });

  it('stop() starts no batch after its deadline, even while the store keeps answering slowly', async () => {
    const sent: number[] = [];
    const r = recorder(
      {
        async record(events) {
          sent.push(events.length);
          await new Promise<void>((res) => clock.setTimeout(res, 400)); // the recorder's clock
          return events.map((e) => ({ eventId: e.eventId, outcome: 'accepted' as const }));
        },
      },
      { flushMs: 10_000, maxBatch: 10, stopDeadlineMs: 1_000 },
    );
    for (let i = 0; i < 100; i++) r.take(notice(`k${i}`));
    const stopped = r.stop();
    const run = async (ms: number) => {
      for (let t = 0; t < ms; t += 50) await clock.advanceAsync(50);
    };
    await run(1_000);
    await stopped;
    const atStop = sent.length;
    expect(atStop).toBe(3); // at 0, 400 and 800 ms; the deadline comes at 1,000
    await run(10_000);
    expect(sent.length).toBe(atStop);
  });

  it('stop() sends what it holds; with the store down it gives up at the deadline and says so', async () => {
    const store = fakeStore();
    const r = recorder(store, { flushMs: 10_000 });
    r.take(notice('s1'));
    await r.stop();
    expect(store.byId.has('routed:s1')).toBe(true);
    r.take(notice('after-stop'));
    expect(r.stats().buffered).toBe(0);

    const down = fakeStore();
    const r2 = recorder(down, { flushMs: 10_000, stopDeadlineMs: 1_000 });
    r2.take(notice('s2'));
    down.failNext(1_000_000);
    await r2.stop();
    expect(r2.stats()).toMatchObject({ buffered: 1, recorded: 0 });
  });

  it('records nothing for decisions without a call id or from the CLI', async () => {
    const store = fakeStore();
    const r = recorder(store, { flushMs: 10 });
    r.take(notice(undefined));
    r.take(notice('cli-1', { door: 'cli' }));
    await clock.advanceAsync(100);
    expect(store.calls).toEqual([]);
  });
});
