/**
 * The calls store and its integration API on PGlite and PostgreSQL (issue 10 parts 1 and 5): call
 * events posted over HTTP — out of order, duplicated, impossible, concurrent for one call — the
 * call records and the rollup cells they keep (always equal to a recomputation from the calls),
 * access by centre, the calling number only for those who may see it, audited reads, and the
 * official figures with their drill-down.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../platform/db/testing.ts';
import { SYSTEM_ACTOR } from '../platform/auth/actor.ts';
import { createRoutingTestApp, type RoutingTestApp } from '../routing/testing-app.ts';
import type { CallEvent } from './domain/call-event.ts';
import { callsModule } from './module.ts';
import {
  recordCallEventParts,
  recordCallEvents,
  speculate,
  type IngestPart,
  type IngestResult,
  type Speculation,
} from './ingest/record-call-events.ts';
import { pauseForIo } from './ingest/ingest-queue.ts';
import { CallHistoryCache } from './ingest/history-cache.ts';
import { scriptCallEvents, type CallScript } from './testing/call-events.ts';
import { storedAndRecomputedCells } from './testing/rollup-check.ts';
import { computeOfficialFigures } from './statistics/official-figures.ts';
import { foldCallEvents } from './domain/call-state.ts';
import { InMemoryCallReportSource } from './reports/in-memory-source.ts';
import { cellToJson } from './statistics/rollup-cells.ts';

const T0 = Date.parse('2026-03-02T09:00:00+01:00');
let serial = 0;
const uniqueCall = (prefix = 'call') => `${prefix}-${Date.now().toString(36)}-${++serial}`;

describe.each(dbKinds())('calls store and integration API on %s (issue 10)', (kind) => {
  let t: RoutingTestApp;
  let admin: string;
  const post = (events: unknown, token = admin) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/calls/events',
      headers: { authorization: `Bearer ${token}` },
      payload: { events },
    });
  const get = (url: string, token = admin) =>
    t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
  const script = (s: Partial<CallScript> = {}) =>
    scriptCallEvents({
      callId: uniqueCall(),
      centreId: 'lv-oslo',
      municipality: '0301',
      offeredAt: T0 + serial * 60_000,
      menuMs: 5_000,
      answerMs: 45_000,
      talkMs: 120_000,
      ...s,
    });
  const expectRollupsConsistent = async () => {
    const { stored, recomputed, withinMismatches } = await storedAndRecomputedCells(t.db);
    expect(stored).toEqual(recomputed);
    expect(withinMismatches).toEqual([]);
  };

  beforeAll(async () => {
    t = await createRoutingTestApp({ kind, more: [callsModule] });
    admin = t.adminToken;
  });
  afterAll(async () => t?.close());

  it('accepts a call’s events and keeps its record; posting them again is a no-op', async () => {
    const events = script();
    const callId = events[0]!.callId;
    const r = await post(events);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ accepted: events.length, duplicates: 0, refused: 0 });
    expect(r.json().results.map((x: { outcome: string }) => x.outcome)).toEqual(events.map(() => 'accepted'));
    const again = await post(events);
    expect(again.json()).toMatchObject({ accepted: 0, duplicates: events.length, refused: 0 });
    const call = await get(`/api/v1/calls/${callId}`);
    expect(call.statusCode).toBe(200);
    expect(call.json().call).toMatchObject({
      id: callId,
      state: 'ended',
      centreId: 'lv-oslo',
      amkArea: 'amk-oslo',
      municipality: '0301',
      county: '03',
      callingNumber: '41234567',
      counted: 'counted',
      answerMs: 45_000,
    });
    expect(call.json().events).toHaveLength(events.length);
    await expectRollupsConsistent();
  });

  it('places late events: every arrival order gives the same record, and the cells follow', async () => {
    const events = script({ answerMs: 130_000 });
    const callId = events[0]!.callId;
    const reversed = [...events].reverse();
    for (const e of reversed) {
      const r = await post([e]);
      expect(r.statusCode).toBe(200);
      await expectRollupsConsistent();
    }
    const expected = foldCallEvents(events).histories.get(callId)!.record;
    const call = (await get(`/api/v1/calls/${callId}`)).json().call;
    expect(call.answerMs).toBe(expected.answeredAt! - expected.ringingAt!);
    expect(call.state).toBe('ended');
  });

  it('a late ringing moves the answer time: the old contribution leaves the cells, the new one enters', async () => {
    const events = script({ menuMs: 60_000, answerMs: 30_000 });
    const queued = events.find((e) => e.type === 'queued')!;
    const ringing = events.find((e) => e.type === 'ringing')!;
    // The centre reports everything but the ringing; the call counts as incomplete (no ringing time).
    expect((await post(events.filter((e) => e !== ringing))).json().accepted).toBe(events.length - 1);
    await expectRollupsConsistent();
    // An earlier ringing (in the menu by mistake) arrives, then the real one: the first ringing counts.
    const early: CallEvent = {
      ...ringing,
      eventId: `${ringing.eventId}-early`,
      occurredAt: new Date(Date.parse(queued.occurredAt) + 1_000).toISOString(),
    };
    expect((await post([early])).json().accepted).toBe(1);
    const first = (await get(`/api/v1/calls/${ringing.callId}`)).json().call;
    expect(first.answerMs).toBe(89_000);
    await expectRollupsConsistent();
    expect((await post([ringing])).json().accepted).toBe(1);
    await expectRollupsConsistent();
  });

  it('refuses an impossible transition with problem+json naming the call, the event and the state (409)', async () => {
    const events = script();
    await post(events);
    const ended = events.find((e) => e.type === 'ended')!;
    const answeredAgain: CallEvent = {
      eventId: `${ended.callId}:answered-2`,
      callId: ended.callId,
      occurredAt: new Date(Date.parse(ended.occurredAt) + 1_000).toISOString(),
      source: 'centre-telephony',
      type: 'answered',
      positionId: 'pos-2',
    };
    const r = await post([answeredAgain]);
    expect(r.statusCode).toBe(409);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.json()).toMatchObject({
      status: 409,
      code: 'conflict',
      detailCode: 'call.transition-refused',
      detailParams: {
        callId: ended.callId,
        eventId: answeredAgain.eventId,
        eventType: 'answered',
        state: 'ended',
      },
      callId: ended.callId,
      eventId: answeredAgain.eventId,
      state: 'ended',
    });
    // A late `ended` placed before the accepted answer: names the event it conflicts with.
    const answered = events.find((e) => e.type === 'answered')!;
    const earlyEnd: CallEvent = {
      ...ended,
      eventId: `${ended.callId}:ended-early`,
      occurredAt: new Date(Date.parse(answered.occurredAt) - 1_000).toISOString(),
    };
    const late = await post([earlyEnd]);
    expect(late.statusCode).toBe(409);
    expect(late.json().detailParams).toMatchObject({
      state: 'ended',
      conflictsWithEventId: answered.eventId,
    });
    expect(late.json().conflictsWith).toBe(answered.eventId);
  });

  it('refuses an event id reused for other content, also across calls', async () => {
    const [routed, offered] = script();
    await post([routed, offered]);
    const changed = { ...offered!, occurredAt: new Date(Date.parse(offered!.occurredAt) + 5).toISOString() };
    const r = await post([changed]);
    expect(r.statusCode).toBe(409);
    expect(r.json().detailCode).toBe('call.event-id-reused');
    const other = script();
    const stolen = { ...other[1]!, eventId: offered!.eventId };
    const r2 = await post([stolen]);
    expect(r2.statusCode).toBe(409);
    expect(r2.json().detailCode).toBe('call.event-id-reused');
  });

  it('a mixed batch answers 200 with one result per event, in order', async () => {
    const a = script();
    const ended = a.find((e) => e.type === 'ended')!;
    const abandonedAfterEnd: CallEvent = {
      eventId: `${ended.callId}:abandoned`,
      callId: ended.callId,
      occurredAt: new Date(Date.parse(ended.occurredAt) + 1).toISOString(),
      source: 'centre-telephony',
      type: 'abandoned',
    };
    const batch = [...a, a[0]!, abandonedAfterEnd];
    const r = await post(batch);
    expect(r.statusCode).toBe(200);
    const outcomes = r.json().results.map((x: { outcome: string }) => x.outcome);
    expect(outcomes).toEqual([...a.map(() => 'accepted'), 'duplicate', 'refused']);
    expect(r.json().results.at(-1).problem).toMatchObject({
      code: 'call.transition-refused',
      params: { state: 'ended', eventId: abandonedAfterEnd.eventId },
    });
  });

  it('a malformed body is a 400 problem+json naming the fields', async () => {
    const [routed] = script();
    const bad = { ...routed!, occurredAt: 'yesterday', calledNumber: '12' };
    const r = await post([bad]);
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toContain('application/problem+json');
    const paths = r.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body.events.0.occurredAt']));
    expect((await post([])).statusCode).toBe(400);
    const tooMany = Array.from({ length: 1001 }, () => routed);
    expect((await post(tooMany)).statusCode).toBe(400);
  });

  it('concurrent posts for one call are safe: every event lands once, the cells stay equal to the calls', async () => {
    const calls = Array.from({ length: 4 }, () => script({ transferToAmk: true, callbackRequested: true }));
    const all = calls.flat();
    // Each event in its own request, all at once, in a shuffled order, some twice.
    const order = [...all, ...all.slice(0, 5)].sort(() => Math.random() - 0.5);
    const responses = await Promise.all(order.map((e) => post([e])));
    expect(responses.map((r) => r.statusCode).every((s) => s === 200)).toBe(true);
    const outcomes = responses.map((r) => r.json().results[0].outcome);
    expect(outcomes.filter((o: string) => o === 'accepted')).toHaveLength(all.length);
    for (const events of calls) {
      const call = (await get(`/api/v1/calls/${events[0]!.callId}`)).json();
      expect(call.events).toHaveLength(events.length);
      expect(call.call.state).toBe('ended');
    }
    await expectRollupsConsistent();
  });

  it('a call another instance wrote between two batches is read again, not taken from this one’s memory', async () => {
    // This instance keeps the histories it wrote (ingest/history-cache.ts); another instance's
    // write changes the row's version, so the next batch folds the stored events instead.
    const events = script({ menuMs: 5_000, answerMs: 30_000 });
    const types = events.map((e) => e.type);
    const ringing = types.indexOf('ringing');
    expect(ringing).toBeGreaterThan(0);
    expect((await post(events.slice(0, ringing))).json()).toMatchObject({ accepted: ringing });
    // "Another instance": the same store, its own (empty) memory.
    const other = await recordCallEvents(t.db, SYSTEM_ACTOR, [events[ringing]!], {
      amkAreaOf: () => 'amk-oslo',
      mayRecord: () => true,
      histories: new CallHistoryCache(),
    });
    expect(other.map((r) => r.outcome)).toEqual(['accepted']);
    expect((await post(events.slice(ringing + 1))).json()).toMatchObject({
      accepted: events.length - ringing - 1,
      refused: 0,
    });
    const call = (await get(`/api/v1/calls/${events[0]!.callId}`)).json();
    expect(call.events).toHaveLength(events.length);
    expect(call.call).toMatchObject({ state: 'ended', counted: 'counted', answerMs: 30_000 });
    await expectRollupsConsistent();
  });

  it('batches written together (group commit) give the outcome of writing them in turn', async () => {
    // The same three senders' batches, once in one transaction and once one after the other, each
    // on calls of its own; every outcome, record and sender must be the same.
    const acd = { ...SYSTEM_ACTOR, type: 'token' as const, id: 'acd', name: 'acd' };
    const oslo = { ...SYSTEM_ACTOR, type: 'token' as const, id: 'acd-oslo', name: 'acd-oslo' };
    const stolenFrom = script();
    await post(stolenFrom);
    const offeredAt = T0 + ++serial * 60_000; // the same times in both runs
    const scenario = (tag: string) => {
      const s = (name: string, more: Partial<CallScript> = {}) =>
        script({ callId: `${tag}-${name}`, offeredAt, ...more });
      const [x, y, z, w] = [s('x'), s('y'), s('z', { centreId: 'lv-bergen', municipality: '4601' }), s('w')];
      const half = Math.floor(x.length / 2);
      const ended = x.at(-1)!;
      const parts: IngestPart[] = [
        { actor: acd, events: [...x.slice(0, half), ...y], mayRecord: () => true },
        {
          actor: oslo,
          events: [...x.slice(half), z[0]!],
          mayRecord: (c) => c === undefined || c === 'lv-oslo',
        },
        {
          actor: acd,
          events: [
            x[0]!, // a duplicate
            { ...w[1]!, eventId: y[1]!.eventId }, // an id of this group's call y
            { ...w[0]!, eventId: stolenFrom[0]!.eventId }, // an id stored earlier for another call
            { ...ended, eventId: `${tag}-late`, type: 'abandoned' }, // after the end
          ],
          mayRecord: () => true,
        },
      ];
      return { parts, callIds: [x, y, z, w].map((c) => c[0]!.callId) };
    };
    const options = { amkAreaOf: () => 'amk-oslo' };
    const outcomes = (results: IngestResult[][], tag: string) =>
      JSON.parse(JSON.stringify(results).replaceAll(tag, 'TAG')) as unknown;
    const records = async (callIds: string[], tag: string) => {
      const rows = await t.db.query<{ id: string; state: string; answer_ms: number | null; events: string }>(
        `SELECT c.id, c.state, c.answer_ms,
                (SELECT string_agg(type || '/' || recorded_by, ',' ORDER BY occurred_at, type)
                   FROM call_events e WHERE e.call_id = c.id) AS events
           FROM calls c WHERE c.id = ANY($1::text[]) ORDER BY c.id`,
        [callIds],
      );
      return JSON.parse(JSON.stringify(rows.rows).replaceAll(tag, 'TAG')) as unknown;
    };
    const changes = async (after: number) =>
      (
        await t.db.query<{ actor_name: string }>(
          `SELECT actor_name FROM events WHERE type = 'calls.centres.changed' AND position > $1 ORDER BY position`,
          [after],
        )
      ).rows.map((r) => r.actor_name);
    const lastPosition = async () =>
      Number(
        (await t.db.query<{ p: string }>('SELECT COALESCE(max(position), 0)::text AS p FROM events')).rows[0]!
          .p,
      );

    const together = scenario(uniqueCall('together'));
    const before = await lastPosition();
    const grouped = await recordCallEventParts(t.db, together.parts, options);
    expect(await changes(before)).toEqual(['acd', 'acd-oslo']); // one per sender
    const inTurn = scenario(uniqueCall('in-turn'));
    const serialResults: IngestResult[][] = [];
    for (const p of inTurn.parts)
      serialResults.push(await recordCallEvents(t.db, p.actor, p.events, { ...options, ...p }));

    const tagOf = (s: { callIds: string[] }) => s.callIds[0]!.slice(0, -2);
    expect(outcomes(grouped, tagOf(together))).toEqual(outcomes(serialResults, tagOf(inTurn)));
    expect(grouped[1]!.at(-1)).toMatchObject({ outcome: 'refused', problem: { code: 'call.out-of-scope' } });
    expect(grouped[2]!.map((r) => r.problem?.code ?? r.outcome)).toEqual([
      'duplicate',
      'call.event-id-reused',
      'call.event-id-reused',
      'call.transition-refused',
    ]);
    expect(await records(together.callIds, tagOf(together))).toEqual(
      await records(inTurn.callIds, tagOf(inTurn)),
    );
    await expectRollupsConsistent();
  });

  it('a group planned ahead while the one before it is written gives the outcome of writing them in turn, and is planned again when a row changed meanwhile', async () => {
    // The group commit's pipeline (ingest-queue.ts): group B is planned from the histories group A
    // leaves, while A is written; B's transaction uses that plan only if every row is as assumed.
    const acd = { ...SYSTEM_ACTOR, type: 'token' as const, id: 'acd', name: 'acd' };
    const offeredAt = T0 + ++serial * 60_000;
    const scenario = (tag: string) => {
      const s = (name: string) => script({ callId: `${tag}-${name}`, offeredAt });
      const [x, y, z] = [s('x'), s('y'), s('z')];
      const half = Math.floor(x.length / 2);
      const part = (events: CallEvent[]): IngestPart => ({ actor: acd, events, mayRecord: () => true });
      return {
        a: [part([...x.slice(0, half), ...y.slice(0, half)])],
        // The rest of x and y, a new call z, a duplicate and an event after y's end.
        b: [
          part([
            ...x.slice(half),
            ...y.slice(half),
            ...z,
            x[0]!,
            { ...y.at(-1)!, eventId: `${tag}-late`, type: 'abandoned' },
          ]),
        ],
        x,
        callIds: [x, y, z].map((c) => c[0]!.callId),
      };
    };
    const outcomes = (results: IngestResult[][], tag: string) =>
      JSON.parse(JSON.stringify(results).replaceAll(tag, 'TAG')) as unknown;
    const records = async (callIds: string[], tag: string) => {
      const rows = await t.db.query<{
        id: string;
        state: string;
        answer_ms: number | null;
        event_count: number;
      }>(`SELECT id, state, answer_ms, event_count FROM calls WHERE id = ANY($1::text[]) ORDER BY id`, [
        callIds,
      ]);
      return JSON.parse(JSON.stringify(rows.rows).replaceAll(tag, 'TAG')) as unknown;
    };
    const tagOf = (callIds: string[]) => callIds[0]!.slice(0, -2);

    /** A then B, B planned ahead while A is written; which plans held. */
    const pipelined = async (sc: ReturnType<typeof scenario>, meanwhile?: () => Promise<unknown>) => {
      const options = { amkAreaOf: () => 'amk-oslo', histories: new CallHistoryCache() };
      const held: boolean[] = [];
      let ahead: Promise<Speculation> | undefined;
      const a = await recordCallEventParts(t.db, sc.a, options, {
        onPlanned: (plan, wasAhead) => {
          held.push(wasAhead);
          ahead = speculate(sc.b, plan, options, pauseForIo);
        },
      });
      const speculation = await ahead!;
      await meanwhile?.();
      const b = await recordCallEventParts(t.db, sc.b, options, {
        speculation,
        onPlanned: (_, wasAhead) => held.push(wasAhead),
      });
      return { results: [...a, ...b], held };
    };
    const inTurn = async (sc: ReturnType<typeof scenario>) => {
      const options = { amkAreaOf: () => 'amk-oslo' };
      return [
        ...(await recordCallEventParts(t.db, sc.a, options)),
        ...(await recordCallEventParts(t.db, sc.b, options)),
      ];
    };

    const ahead = scenario(uniqueCall('ahead'));
    const planned = await pipelined(ahead);
    expect(planned.held).toEqual([false, true]); // B's plan made ahead was the one written
    const serial1 = scenario(uniqueCall('turn'));
    const turn = await inTurn(serial1);
    expect(outcomes(planned.results, tagOf(ahead.callIds))).toEqual(outcomes(turn, tagOf(serial1.callIds)));
    expect(planned.results[1]!.slice(-2).map((r) => r.problem?.code ?? r.outcome)).toEqual([
      'duplicate',
      'call.transition-refused',
    ]);
    expect(await records(ahead.callIds, tagOf(ahead.callIds))).toEqual(
      await records(serial1.callIds, tagOf(serial1.callIds)),
    );

    // Another writer (another instance) records B's first event of x between A's commit and B's
    // transaction: the row is not the version assumed, so B is planned again from the store.
    const raced = scenario(uniqueCall('raced'));
    const other = (sc: ReturnType<typeof scenario>) => () =>
      recordCallEvents(t.db, acd, [sc.b[0]!.events[0]!], {
        amkAreaOf: () => 'amk-oslo',
        mayRecord: () => true,
      });
    const replanned = await pipelined(raced, other(raced));
    expect(replanned.held).toEqual([false, false]);
    const serial2 = scenario(uniqueCall('turn'));
    const turn2: IngestResult[][] = [];
    turn2.push(...(await recordCallEventParts(t.db, serial2.a, { amkAreaOf: () => 'amk-oslo' })));
    await other(serial2)();
    turn2.push(...(await recordCallEventParts(t.db, serial2.b, { amkAreaOf: () => 'amk-oslo' })));
    expect(outcomes(replanned.results, tagOf(raced.callIds))).toEqual(
      outcomes(turn2, tagOf(serial2.callIds)),
    );
    expect(replanned.results[1]![0]).toMatchObject({ outcome: 'duplicate' });
    expect(await records(raced.callIds, tagOf(raced.callIds))).toEqual(
      await records(serial2.callIds, tagOf(serial2.callIds)),
    );
    await expectRollupsConsistent();
  });

  it('a plan made ahead from a transaction that failed does not hold: the next group is planned from the store', async () => {
    // Group A fails after its plan is made (here: the callback throws inside A's transaction, which
    // rolls back). B was planned ahead from A's plan; A's rows were never written, so B's plan
    // cannot hold, and B gives the outcome of writing B alone.
    const acd = { ...SYSTEM_ACTOR, type: 'token' as const, id: 'acd', name: 'acd' };
    const offeredAt = T0 + ++serial * 60_000;
    const scenario = (tag: string) => {
      const x = script({ callId: `${tag}-x`, offeredAt });
      const half = Math.floor(x.length / 2);
      const part = (events: CallEvent[]): IngestPart => ({ actor: acd, events, mayRecord: () => true });
      return { a: [part(x.slice(0, half))], b: [part(x.slice(half))], callId: x[0]!.callId, tag };
    };
    const options = { amkAreaOf: () => 'amk-oslo', histories: new CallHistoryCache() };
    const failed = scenario(uniqueCall('failed'));
    let ahead: Promise<Speculation> | undefined;
    await expect(
      recordCallEventParts(t.db, failed.a, options, {
        onPlanned: (plan) => {
          ahead = speculate(failed.b, plan, options, pauseForIo);
          throw new Error('the database went away');
        },
      }),
    ).rejects.toThrow('the database went away');
    const held: boolean[] = [];
    const b = await recordCallEventParts(t.db, failed.b, options, {
      speculation: await ahead!,
      onPlanned: (_, wasAhead) => held.push(wasAhead),
    });
    expect(held).toEqual([false]);
    const alone = scenario(uniqueCall('alone'));
    const bAlone = await recordCallEventParts(t.db, alone.b, { amkAreaOf: () => 'amk-oslo' });
    const same = (r: IngestResult[][], tag: string) =>
      JSON.parse(JSON.stringify(r).replaceAll(tag, 'TAG')) as unknown;
    expect(same(b, failed.tag)).toEqual(same(bAlone, alone.tag));
    const row = async (id: string) =>
      (
        await t.db.query<{ state: string; event_count: number }>(
          'SELECT state, event_count FROM calls WHERE id = $1',
          [id],
        )
      ).rows[0];
    expect(await row(failed.callId)).toEqual(await row(alone.callId));
    expect((await row(failed.callId))!.event_count).toBe(failed.b[0]!.events.length);
    await expectRollupsConsistent();
  });

  it('the module API records batches for in-process senders (the SIP server’s routed events)', async () => {
    const events = script();
    const results = await t.use(callsModule).record(events, SYSTEM_ACTOR);
    expect(results.every((r) => r.outcome === 'accepted')).toBe(true);
    await expect(t.use(callsModule).record([{ ...events[0]!, occurredAt: 'x' }])).rejects.toThrow();
  });

  it('an integration token bound to a centre reports only that centre’s calls (403 for another’s)', async () => {
    const oslo = (
      await t.auth.issueToken(SYSTEM_ACTOR, {
        name: uniqueCall('acd'),
        role: 'integration',
        centreId: 'lv-oslo',
      })
    ).token;
    const mine = script({ centreId: 'lv-oslo' });
    expect((await post(mine, oslo)).json().accepted).toBe(mine.length);
    const theirs = script({ centreId: 'lv-bergen', municipality: '4601' });
    const offered = theirs.find((e) => e.type === 'offered')!;
    const r = await post([offered], oslo);
    expect(r.statusCode).toBe(403);
    expect(r.json().detailCode).toBe('call.out-of-scope');
    // Not even an end for another centre's call.
    await post(theirs);
    const end = theirs.find((e) => e.type === 'ended')!;
    const r2 = await post([{ ...end, eventId: `${end.eventId}-x` }], oslo);
    expect(r2.statusCode).toBe(403);
    // An operator may not post events at all.
    const operator = await t.tokenFor('operator', 'lv-oslo');
    expect((await post(script(), operator)).statusCode).toBe(403);
  });

  it('access by centre: a user of centre A cannot read centre B’s call; the calling number only with the right; reads audited', async () => {
    const a = script({ centreId: 'lv-oslo' });
    const b = script({ centreId: 'lv-bergen', municipality: '4601' });
    await post([...a, ...b]);
    const operatorA = await t.tokenFor('operator', 'lv-oslo');
    const auditorA = await t.tokenWith([{ role: 'auditor', scope: { level: 'centre', id: 'lv-oslo' } }]);
    const areaLeader = await t.tokenWith([
      { role: 'centre-leader', scope: { level: 'area', id: 'amk-bergen' } },
    ]);
    const callA = a[0]!.callId;
    const callB = b[0]!.callId;

    expect((await get(`/api/v1/calls/${callB}`, operatorA)).statusCode).toBe(404);
    const own = await get(`/api/v1/calls/${callA}`, operatorA);
    expect(own.statusCode).toBe(200);
    expect(own.json().call.callingNumber).toBe('41234567');
    expect((await get(`/api/v1/calls/${callB}`, areaLeader)).statusCode).toBe(200);
    expect((await get(`/api/v1/calls/${callA}`, areaLeader)).statusCode).toBe(404);

    const audited = await get(`/api/v1/calls/${callA}`, auditorA);
    expect(audited.statusCode).toBe(200);
    expect(audited.json().call.callingNumber).toBeUndefined();
    expect(JSON.stringify(audited.json())).not.toContain('41234567');

    const list = await get(`/api/v1/calls?limit=1000`, operatorA);
    expect(list.statusCode).toBe(200);
    const ids = list.json().items.map((c: { id: string }) => c.id);
    expect(ids).toContain(callA);
    expect(ids).not.toContain(callB);
    expect(list.json().items.every((c: { centreId: string }) => c.centreId === 'lv-oslo')).toBe(true);
    expect((await get(`/api/v1/calls?centre=lv-bergen`, operatorA)).json().items).toEqual([]);

    const reads = await t.db.query<{
      action: string;
      entity_id: string;
      actor_name: string;
      details: unknown;
    }>(
      `SELECT action, entity_id, actor_name, details FROM audit_events WHERE action IN ('call.read', 'calls.listed') ORDER BY id`,
    );
    const rows = reads.rows.map((r) => [r.action, r.entity_id]);
    expect(rows).toEqual(
      expect.arrayContaining([
        ['call.read', callA],
        ['call.read', callB],
      ]),
    );
    const listRead = reads.rows.find(
      (r) => r.action === 'calls.listed' && JSON.stringify(r.details).includes(callA),
    );
    expect(listRead).toBeDefined();
    // A refused read leaves no call.read row for the refused call by that reader.
    expect(reads.rows.filter((r) => r.action === 'call.read' && r.entity_id === callB)).toHaveLength(1);
  });

  it('figures from the rollup cells equal the direct computation, and the drill-down lists the counted calls', async () => {
    const day = Date.parse('2026-05-12T08:00:00+02:00');
    const scripts: CallScript[] = [
      { callId: uniqueCall('f'), offeredAt: day, answerMs: 120_000, talkMs: 60_000 },
      { callId: uniqueCall('f'), offeredAt: day + 1_000, answerMs: 120_001, talkMs: 60_000 },
      { callId: uniqueCall('f'), offeredAt: day + 2_000, menuMs: 20_000, abandonInMenu: true },
      { callId: uniqueCall('f'), offeredAt: day + 3_000, abandonAfterMs: 30_000 },
      { callId: uniqueCall('f'), offeredAt: day + 4_000, answerMs: 9_000, talkMs: 60_000 },
      { callId: uniqueCall('f'), offeredAt: day + 5_000, answerMs: 9_000 }, // answered, still talking
      { callId: uniqueCall('f'), offeredAt: day + 6_000 }, // still ringing: not counted yet
    ].map((s) => ({ centreId: 'lv-hamar', municipality: '3403', ...s }));
    const events = scripts.flatMap((s) => scriptCallEvents(s));
    expect((await post(events)).json().accepted).toBe(events.length);
    const records = [...foldCallEvents(events).histories.values()].map((h) => h.record);
    const direct = computeOfficialFigures(records, 'legevakt');

    const r = await get(
      '/api/v1/calls/figures?service=legevakt&dimension=centre&group=lv-hamar&granularity=day&from=2026-05-12&to=2026-05-13',
    );
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.rows).toHaveLength(1);
    const { figures } = body.rows[0];
    expect(direct.figures.calls).toBe(6);
    expect(figures).toMatchObject({
      calls: 6,
      answered: 4,
      unanswered: 2,
      abandonedBeforeRinging: 1,
      answeredWithin10Seconds: 2,
      answeredWithin2Minutes: 3,
      shareWithin2Minutes: 3 / 6,
      longestAnswerMs: 120_001,
    });
    // The median of 9, 9, 120 and 120.001 s lies within the cell's bounds (not all whole seconds).
    const median = direct.figures.medianAnswer!.minMs;
    expect(figures.medianAnswer.minMs).toBeLessThanOrEqual(median);
    expect(figures.medianAnswer.maxMs).toBeGreaterThanOrEqual(median);
    const drill = await get(`${body.rows[0].calls}&limit=1000`);
    expect(drill.statusCode).toBe(200);
    expect(
      drill
        .json()
        .items.map((c: { id: string }) => c.id)
        .sort(),
    ).toEqual([...direct.trace.counted].sort());
    const within = await get(`${body.rows[0].calls}&figure=within-2-minutes`);
    expect(
      within
        .json()
        .items.map((c: { id: string }) => c.id)
        .sort(),
    ).toEqual([...direct.trace.answeredWithin2Minutes].sort());
    // Weeks add up from days, years from months: the same call count.
    for (const granularity of ['week', 'month', 'year']) {
      const g = await get(
        `/api/v1/calls/figures?dimension=centre&group=lv-hamar&granularity=${granularity}&from=2026-05-12&to=2026-05-13`,
      );
      expect(g.json().totals[0].figures.calls).toBe(6);
    }
    const national = await get(
      '/api/v1/calls/figures?granularity=hour&from=2026-05-12T08:00:00%2B02:00&to=2026-05-12T09:00:00%2B02:00',
    );
    expect(national.json().totals).toEqual([expect.objectContaining({ group: 'NO' })]);
    expect(national.json().totals[0].figures.calls).toBe(6);
    // Figures carry no personal data: any signed-in role reads them.
    const readinessAdmin = await t.tokenFor('readiness-admin');
    expect(
      (await get('/api/v1/calls/figures?from=2026-05-12&to=2026-05-13', readinessAdmin)).statusCode,
    ).toBe(200);
    expect((await get('/api/v1/calls/figures?from=2026-05-13&to=2026-05-12')).statusCode).toBe(400);
  });

  it('the store is the reports’ source: the same cells and lists as the in-memory source of the same events (RT-13)', async () => {
    const day = Date.parse('2026-06-09T10:00:00+02:00');
    const scripts: CallScript[] = Array.from({ length: 12 }, (_, i) => ({
      callId: uniqueCall('r'),
      centreId: 'lv-lillehammer',
      municipality: i % 2 === 0 ? '3405' : '3407',
      offeredAt: day + i * 600_000,
      menuMs: 2_000,
      ...(i % 4 === 3
        ? { abandonAfterMs: 20_000 + i * 1_000 }
        : { answerMs: 10_000 + i * 7_000, talkMs: 60_000 }),
      transferToAmk: i % 5 === 0 && i % 4 !== 3,
      misrouted: i % 3 === 0 && i % 4 !== 3,
    }));
    const events = scripts.flatMap((x) => scriptCallEvents(x));
    expect((await post(events)).json().accepted).toBe(events.length);
    const memory = new InMemoryCallReportSource();
    expect(memory.record(events)).toEqual([]);
    const store = t.use(callsModule).reports;
    const range = {
      fromMs: Date.parse('2026-06-09T00:00:00+02:00'),
      toMs: Date.parse('2026-06-10T00:00:00+02:00'),
    };
    for (const [dimension, group] of [
      ['centre', 'lv-lillehammer'],
      ['municipality', '3405'],
    ] as const) {
      const q = { service: 'legevakt' as const, dimension, group, ...range };
      for (const granularity of ['hour', 'day'] as const) {
        const plain = (cells: Awaited<ReturnType<typeof store.cells>>) =>
          cells.map((c) => [c.key.period, cellToJson(c.cell)]);
        expect(plain(await store.cells({ ...q, granularity }))).toEqual(
          plain(await memory.cells({ ...q, granularity })),
        );
      }
      const lists = await store.lists({ ...q, limit: 3 });
      expect(lists).toEqual(await memory.lists({ ...q, limit: 3 }));
      expect(lists.longestWaits).toHaveLength(3);
    }
    expect(
      (
        await store.lists({
          service: 'legevakt',
          dimension: 'centre',
          group: 'lv-lillehammer',
          ...range,
          limit: 25,
        })
      ).misrouted.total,
    ).toBeGreaterThan(0);
  });
});
