/**
 * The decision API records each call's routing itself (issue 10 part 1), on PGlite and PostgreSQL:
 * the decision as made becomes the call's `routed` event through the batched recorder, the centre's
 * telephone system then reports the rest under the same call id, and the call is counted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../../platform/db/testing.ts';
import { until } from '../../platform/testing/until.ts';
import { createRoutingTestApp, type RoutingTestApp } from '../../routing/testing-app.ts';
import { callsModule } from '../module.ts';

let serial = 0;

describe.each(dbKinds())('routed calls recorded by the decision API on %s (issue 10)', (kind) => {
  let t: RoutingTestApp;
  const auth = () => ({ authorization: `Bearer ${t.adminToken}` });
  const decide = (body: Record<string, unknown>) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/routing/decisions',
      headers: { authorization: `Bearer ${t.apiToken}` },
      payload: { calledNumber: '116117', callingNumber: '55501234', network: 'fixed', ...body },
    });
  const call = (id: string) =>
    t.app.inject({ method: 'GET', url: `/api/v1/calls/${encodeURIComponent(id)}`, headers: auth() });

  beforeAll(async () => {
    t = await createRoutingTestApp({ kind, more: [callsModule] });
  });
  afterAll(async () => t?.close());

  it('a decision asked with a call id becomes that call’s routed event, with the decision as made', async () => {
    const callId = `rec-${Date.now().toString(36)}-${++serial}@pbx.example.no`;
    const d = await decide({ callId });
    expect(d.statusCode).toBe(200);
    expect(d.json().callId).toBe(callId);
    await until(async () => (await call(callId)).statusCode === 200, 'the routed call on record');
    const r = (await call(callId)).json();
    expect(r.call).toMatchObject({ id: callId, state: 'routed', callingNumber: '55501234' });
    const routed = r.events.find((e: { type: string }) => e.type === 'routed');
    expect(routed).toMatchObject({
      eventId: `routed:${callId}`,
      source: 'decision-api',
      decision: {
        outcome: 'connect',
        method: 'number-series',
        centreId: d.json().centreId,
        municipality: d.json().municipality,
        dataVersion: d.json().dataVersion,
        positioning: { status: 'not-applicable' },
      },
    });
  });

  it('a decision without a call id is recorded under the id the answer gives', async () => {
    const d = (await decide({})).json();
    await until(async () => (await call(d.callId)).statusCode === 200, 'the routed call on record');
  });

  it('the centre reports the rest under the same id and the call is counted for its centre', async () => {
    const callId = `rec-${Date.now().toString(36)}-${++serial}`;
    const d = (await decide({ callId })).json();
    await until(async () => (await call(callId)).statusCode === 200, 'the routed call on record');
    const at = Date.now();
    const iso = (ms: number) => new Date(at + ms).toISOString();
    const base = { callId, source: 'centre-telephony' as const };
    const events = [
      {
        ...base,
        eventId: `${callId}:o`,
        type: 'offered',
        occurredAt: iso(1_000),
        calledNumber: '116117',
        centreId: d.centreId,
      },
      { ...base, eventId: `${callId}:r`, type: 'ringing', occurredAt: iso(5_000), centreId: d.centreId },
      {
        ...base,
        eventId: `${callId}:a`,
        type: 'answered',
        occurredAt: iso(65_000),
        centreId: d.centreId,
        positionId: 'pos-3',
      },
      { ...base, eventId: `${callId}:e`, type: 'ended', occurredAt: iso(300_000), by: 'caller' },
    ];
    const post = await t.app.inject({
      method: 'POST',
      url: '/api/v1/calls/events',
      headers: auth(),
      payload: { events },
    });
    expect(post.statusCode, post.body).toBe(200);
    const r = (await call(callId)).json();
    expect(r.call).toMatchObject({
      state: 'ended',
      centreId: d.centreId,
      answerMs: 60_000,
      counted: 'counted',
    });
    expect(r.events.map((e: { type: string }) => e.type)).toEqual([
      'routed',
      'offered',
      'ringing',
      'answered',
      'ended',
    ]);
  });

  it('the same call id decided again is not a second routing', async () => {
    const callId = `rec-${Date.now().toString(36)}-${++serial}`;
    await decide({ callId });
    await until(async () => (await call(callId)).statusCode === 200, 'the routed call on record');
    await decide({ callId });
    await new Promise((r) => setTimeout(r, 500));
    const r = (await call(callId)).json();
    expect(r.events.filter((e: { type: string }) => e.type === 'routed')).toHaveLength(1);
  });
});
