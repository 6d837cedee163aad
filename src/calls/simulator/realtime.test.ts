/**
 * Real-time mode on a simulated clock: the network asks the routing port, the centres' events go
 * to the sink once their instant has come, in order; the events fold. And the HTTP sink against a
 * small local Fastify route with the calls store's contract (`POST /api/v1/calls/events`,
 * `{ events }`).
 */
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldCallEvents } from '../domain/call-state.ts';
import { callEventSchema, type CallEvent } from '../domain/call-event.ts';
import { findRunningServer } from '../../platform/cli/server-client.ts';
import { mulberry32 } from '../../platform/seeded-random.ts';
import { SimClock } from '../../platform/time/clock.ts';
import { osloInstant } from '../../platform/time/calendar.ts';
import { loadDefaultDataSet } from '../../routing/data/load.ts';
import type { RoutingDataSet } from '../../routing/domain/types.ts';
import { DEFAULT_PARAMETERS } from './core/parameters.ts';
import { FLAT_STAFFING } from './core/staffing.ts';
import { TrafficModel } from './core/traffic-model.ts';
import { localRouting } from './local-routing.ts';
import { RealtimeSimulator } from './realtime.ts';
import { CallEventSinkError, HttpCallEventSink, MemoryCallEventSink, type CallEventSink } from './sink.ts';

let data: RoutingDataSet;
beforeAll(async () => {
  data = await loadDefaultDataSet();
}, 60_000);

function model(fromMs: number, hours: number, scale: number) {
  const routing = localRouting(data, 5);
  return {
    routing,
    model: new TrafficModel({
      data,
      router: routing.router,
      params: { ...DEFAULT_PARAMETERS, scale },
      staffing: FLAT_STAFFING,
      fromMs,
      toMs: fromMs + hours * 3_600_000,
      seed: 5,
      makeRandom: mulberry32,
      callIdPrefix: 'rt-',
    }),
  };
}

describe('real-time simulator on a simulated clock', () => {
  it('sends each event once its simulated instant has come, each call’s in time order, and everything folds', async () => {
    const from = osloInstant('2023-10-14', 18 * 60);
    const clock = new SimClock({ start: from });
    const { model: m, routing } = model(from, 2, 0.2);
    const sent: Array<{ simNow: number; events: readonly CallEvent[] }> = [];
    const memory = new MemoryCallEventSink();
    const holder: { sim?: RealtimeSimulator } = {};
    const sink: CallEventSink = {
      send(events) {
        sent.push({ simNow: holder.sim!.simulatedNow(), events });
        return memory.send(events);
      },
    };
    let decisions = 0;
    const sim = new RealtimeSimulator({
      model: m,
      // The network's routing port, asynchronous as over HTTP.
      routing: {
        decide: async (call, at) => {
          decisions++;
          await Promise.resolve();
          return routing.decide(call, at);
        },
      },
      sink,
      clock,
      speed: 600,
      tickMs: 100,
    });
    holder.sim = sim.start();
    // 3 simulated hours: 18 wall seconds at 600×, stepped 100 ms at a time.
    for (let i = 0; i < 180; i++) await clock.advanceAsync(100);
    await sim.stop();
    expect(sim.done()).toBe(true);
    expect(sim.stats.calls).toBeGreaterThan(30);
    expect(decisions).toBeGreaterThan(20);
    for (const batch of sent) {
      for (const e of batch.events) expect(Date.parse(e.occurredAt)).toBeLessThanOrEqual(batch.simNow);
    }
    const lastOfCall = new Map<string, number>();
    for (const e of memory.events) {
      const at = Date.parse(e.occurredAt);
      expect(at, `${e.eventId} in order`).toBeGreaterThanOrEqual(lastOfCall.get(e.callId) ?? 0);
      lastOfCall.set(e.callId, at);
    }
    for (const e of memory.events) expect(callEventSchema.safeParse(e).success).toBe(true);
    const fold = foldCallEvents(memory.events);
    expect(fold.refusals).toEqual([]);
    expect(fold.histories.size).toBe(sim.stats.calls);
    expect(sim.stats.eventsSent).toBe(memory.events.length);
  });

  it('a people’s centre: its calls ring and are left to people; the caller hangs up after their patience only if nobody answered (LV-1)', async () => {
    const from = osloInstant('2023-10-14', 18 * 60);
    const clock = new SimClock({ start: from });
    const { model: m, routing } = model(from, 2, 0.3);
    const people = 'lv-bergen';
    const memory = new MemoryCallEventSink();
    const holder: { sim?: RealtimeSimulator } = {};
    // Every other give-up finds the call answered by a person (the store's fold refuses it).
    const giveUps: Array<{ callId: string; at: number; simNow: number; recorded: boolean }> = [];
    const sim = new RealtimeSimulator({
      model: m,
      routing: { decide: (call, at) => routing.decide(call, at) },
      sink: memory,
      clock,
      speed: 600,
      tickMs: 100,
      people: {
        has: (centreId) => centreId === people,
        giveUp: async (event) => {
          const recorded = giveUps.length % 2 === 0;
          giveUps.push({
            callId: event.callId,
            at: Date.parse(event.occurredAt),
            simNow: holder.sim!.simulatedNow(),
            recorded,
          });
          if (recorded) await memory.send([event]);
          return recorded;
        },
      },
    });
    holder.sim = sim.start();
    for (let i = 0; i < 180; i++) await clock.advanceAsync(100);
    await sim.stop();
    const ofCentre = new Map<string, CallEvent[]>();
    for (const e of memory.events) {
      const list = ofCentre.get(e.callId) ?? [];
      list.push(e);
      ofCentre.set(e.callId, list);
    }
    const peoplesCalls = [...ofCentre.values()].filter((es) =>
      es.some((e) => e.type === 'ringing' && e.centreId === people),
    );
    expect(peoplesCalls.length).toBeGreaterThan(0);
    // The model never answers, transfers or ends a call of the people's centre.
    for (const es of peoplesCalls) {
      expect(
        es.map((e) => e.type).filter((t) => ['answered', 'transferred', 'ended', 'misrouted'].includes(t)),
      ).toEqual([]);
    }
    // Other centres' calls are answered by the model as before.
    expect(memory.events.some((e) => e.type === 'answered' && e.centreId !== people)).toBe(true);
    // Each ringing call's give-up is offered once, after its ringing, when its instant has come.
    expect(giveUps.length).toBeGreaterThan(0);
    for (const g of giveUps) {
      const ringing = ofCentre.get(g.callId)!.find((e) => e.type === 'ringing')!;
      expect(g.at).toBeGreaterThan(Date.parse(ringing.occurredAt));
      expect(g.at).toBeLessThanOrEqual(g.simNow);
    }
    expect(new Set(giveUps.map((g) => g.callId)).size).toBe(giveUps.length);
    expect(sim.stats.errors).toBe(0);
    // What was recorded folds: ringing → abandoned; the refused ones stay ringing (a person has them).
    const fold = foldCallEvents(memory.events);
    expect(fold.refusals).toEqual([]);
    for (const g of giveUps) {
      const types = fold.histories.get(g.callId)!.events.map((e) => e.event.type);
      expect(types.at(-1)).toBe(g.recorded ? 'abandoned' : 'ringing');
    }
  });

  it('started mid-hour, it plays from the start instant: no caller before it', async () => {
    const from = osloInstant('2023-10-14', 18 * 60);
    const startAt = from + 37 * 60_000;
    const clock = new SimClock({ start: startAt });
    const { model: m, routing } = model(from, 1, 0.5);
    const sink = new MemoryCallEventSink();
    const sim = new RealtimeSimulator({
      model: m,
      routing: { decide: (call, at) => routing.decide(call, at) },
      sink,
      clock,
      speed: 60,
      tickMs: 1000,
      startAtMs: startAt,
    }).start();
    expect(sim.simulatedNow()).toBe(startAt);
    for (let i = 0; i < 30; i++) await clock.advanceAsync(1000);
    await sim.stop();
    expect(sim.stats.calls).toBeGreaterThan(0);
    expect(Math.min(...sink.events.map((e) => Date.parse(e.occurredAt)))).toBeGreaterThanOrEqual(startAt);
  });

  it('an hour of more callers than a function takes arguments (the people’s model at its largest scale, an evening) is taken in', async () => {
    // NODMELD_SIMULATE_PEOPLE scales the national model up to 200× and skips the callers it does
    // not need: an evening hour then holds well over 100,000 arrivals. They were once spread into
    // one push, which overflowed the stack and took the server down.
    const from = osloInstant('2023-10-16', 18 * 60);
    const clock = new SimClock({ start: from + 1 });
    const { model: m } = model(from, 1, 200);
    const sim = new RealtimeSimulator({
      model: m,
      routing: { decide: () => Promise.reject(new Error('skipped: not asked')) },
      sink: new MemoryCallEventSink(),
      clock,
      speed: 1,
      skip: () => true,
    });
    expect(() => sim.tick()).not.toThrow();
    expect(m.arrivalsOfHour(0).length).toBeGreaterThan(130_000);
    expect(sim.stats.errors).toBe(0);
  });

  it('asks the router under each call id; a router that records routing itself gets no second routed event', async () => {
    const from = osloInstant('2023-10-14', 18 * 60);
    const clock = new SimClock({ start: from });
    const { model: m, routing } = model(from, 1, 0.5);
    const sink = new MemoryCallEventSink();
    const asked: string[] = [];
    const sim = new RealtimeSimulator({
      model: m,
      routing: {
        recordsRouted: true,
        decide: (call, at, callId) => {
          asked.push(callId);
          return routing.decide(call, at);
        },
      },
      sink,
      clock,
      speed: 3600,
      tickMs: 100,
    }).start();
    for (let i = 0; i < 20; i++) await clock.advanceAsync(100);
    await sim.stop();
    expect(asked.length).toBeGreaterThan(0);
    expect(sink.events.some((e) => e.type === 'routed')).toBe(false);
    // The centres report under the id the router was asked with.
    const offered116117 = sink.events.filter((e) => e.type === 'offered' && e.calledNumber === '116117');
    expect(offered116117.length).toBeGreaterThan(0);
    for (const e of offered116117) expect(asked).toContain(e.callId);
  });

  it('a failing routing port or sink is counted and reported; the runner goes on', async () => {
    const from = osloInstant('2023-10-14', 18 * 60);
    const clock = new SimClock({ start: from });
    const { model: m } = model(from, 1, 0.2);
    const errors: unknown[] = [];
    const sim = new RealtimeSimulator({
      model: m,
      routing: { decide: () => Promise.reject(new Error('decision API down')) },
      sink: { send: () => Promise.reject(new Error('no store')) },
      clock,
      speed: 3600,
      tickMs: 100,
      onError: (e) => errors.push(e),
    }).start();
    for (let i = 0; i < 20; i++) await clock.advanceAsync(100);
    await sim.stop();
    expect(sim.stats.errors).toBeGreaterThan(0);
    expect((errors[0] as Error).message).toMatch(/decision API down|no store/);
  });
});

describe('HTTP sink against the integration API contract (a local fake route)', () => {
  const received: unknown[] = [];
  const app = Fastify();
  let url = '';
  beforeAll(async () => {
    app.get('/healthz', () => ({ status: 'ok' }));
    app.post('/api/v1/calls/events', (req, reply) => {
      const body = req.body as { events?: unknown[] };
      if (req.headers.authorization !== 'Bearer token-0123456789abcdef0123456789') {
        return reply
          .code(401)
          .type('application/problem+json')
          .send({ title: 'Unauthorized', detail: 'no token' });
      }
      const bad = (body.events ?? []).findIndex((e) => !callEventSchema.safeParse(e).success);
      if (bad >= 0)
        return reply
          .code(400)
          .type('application/problem+json')
          .send({ detail: `event ${bad} invalid` });
      received.push(body);
      return reply.code(200).send({ accepted: body.events!.length });
    });
    url = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => app.close());

  const event = (i: number): CallEvent => ({
    eventId: `c${i}:1`,
    callId: `c${i}`,
    occurredAt: '2023-10-14T16:00:00.000Z',
    source: 'simulator',
    type: 'offered',
    calledNumber: '116117',
    centreId: 'lv-bergen',
  });

  it('posts { events } in batches of at most maxBatch with the bearer token', async () => {
    const server = await findRunningServer(url, 'token-0123456789abcdef0123456789');
    const sink = new HttpCallEventSink(server!, 2);
    await sink.send([event(1), event(2), event(3)]);
    expect(received).toEqual([{ events: [event(1), event(2)] }, { events: [event(3)] }]);
  });

  it('a refusal rejects with the status and the problem detail', async () => {
    const server = await findRunningServer(url, 'wrong-token-0123456789abcdef');
    const err = await new HttpCallEventSink(server!).send([event(4)]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CallEventSinkError);
    expect((err as CallEventSinkError).status).toBe(401);
    expect((err as Error).message).toContain('answered 401: no token');
  });
});
