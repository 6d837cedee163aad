/**
 * GET /api/v1/events (issue 9): per-subscriber filtering (a subscriber never receives an event
 * outside its scope), resume after a dropped connection with Last-Event-ID or ?after= (nothing
 * lost, nothing twice), authentication and bad cursors as problem+json. PGlite and PostgreSQL.
 */
import { until } from '../testing/until.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SYSTEM_ACTOR } from '../auth/actor.ts';
import { dbKinds } from '../db/testing.ts';
import { createTestApp, type TestApp } from '../testing/app.ts';
import { defineEvent, type EventScope } from './define-event.ts';
import { recordChange } from './record-change.ts';
import { openEventStream, type SseConnection, type SseMessage } from './sse-client.ts';

const noted = defineEvent({
  type: 'test.sse.noted',
  scope: (p: { n: number; scope: EventScope }) => p.scope,
  payload: z.object({
    n: z.number().int(),
    scope: z.object({ kind: z.enum(['national', 'amk', 'centre', 'unit']), id: z.string().nullable() }),
  }),
});

interface Received {
  position: number;
  payload: { n: number };
}

describe.each(dbKinds())('event stream over SSE on %s (issue 9)', (kind) => {
  let t: TestApp;
  let base: string;
  const streams: SseConnection[] = [];

  const write = (n: number, scope: EventScope) =>
    t.db.transaction((tx) =>
      recordChange(tx, SYSTEM_ACTOR, {
        audit: { action: 'test.note', entityType: 'note', entityId: String(n) },
        event: noted.of({ n, scope }),
      }),
    );
  const subscribe = async (token: string, query = '', lastEventId?: string | null) => {
    const got: Received[] = [];
    const frames: SseMessage[] = [];
    const conn = openEventStream({
      url: `${base}/api/v1/events${query}`,
      token,
      lastEventId,
      onMessage: (m) => {
        frames.push(m);
        if (m.event === 'message') got.push(JSON.parse(m.data) as Received);
      },
    });
    streams.push(conn);
    expect(await conn.opened).toBe(200);
    return { conn, got, frames, ns: () => got.map((e) => e.payload.n) };
  };

  beforeAll(async () => {
    t = await createTestApp({ kind, env: { NODMELD_EVENTS_GAP_GRACE_MS: '50' } });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    for (const s of streams) s.close();
    await t.close();
  });

  it('a subscriber never receives an event outside its scope (default canSee by the scopes of the memberships)', async () => {
    const admin = await subscribe(t.adminToken);
    const operatorA = await subscribe(await t.tokenFor('operator', 'lv-a'));
    const leaderB = await subscribe(await t.tokenFor('centre-leader', 'lv-b'));
    const amk = await subscribe(await t.tokenFor('amk-operator', 'amk-x'));
    const scopes: EventScope[] = [
      { kind: 'centre', id: 'lv-a' },
      { kind: 'centre', id: 'lv-b' },
      { kind: 'amk', id: 'amk-x' },
      { kind: 'unit', id: 'kommune-4601' },
      { kind: 'national', id: null },
    ];
    for (const [i, scope] of scopes.entries()) await write(100 + i, scope);
    await write(199, { kind: 'national', id: null }); // the marker: the last one everybody sees
    await until(
      () => [admin, operatorA, leaderB, amk].every((s) => s.ns().includes(199)),
      'the marker everywhere',
    );
    expect(admin.ns()).toEqual([100, 101, 102, 103, 104, 199]);
    expect(operatorA.ns()).toEqual([100, 104, 199]);
    expect(leaderB.ns()).toEqual([101, 104, 199]);
    expect(amk.ns()).toEqual([102, 104, 199]);
    // Frames carry the position as their id, and the payload without the actor.
    const f = admin.frames.find((m) => m.event === 'message')!;
    expect(Number(f.id)).toBe(admin.got[0]!.position);
    expect(JSON.parse(f.data)).not.toHaveProperty('actor');
    for (const s of [admin, operatorA, leaderB, amk]) s.conn.close();
  });

  it('a dropped connection resumes with Last-Event-ID: nothing lost, nothing twice', async () => {
    const first = await subscribe(t.adminToken);
    for (let n = 200; n < 203; n++) await write(n, { kind: 'national', id: null });
    await until(() => first.ns().length === 3, 'three events');
    first.conn.close();
    await first.conn.ended;
    const resumeFrom = first.conn.lastEventId;
    expect(resumeFrom).toBe(String(first.got[2]!.position));
    // Written while nobody listens.
    for (let n = 203; n < 206; n++) await write(n, { kind: 'national', id: null });
    const second = await subscribe(t.adminToken, '', resumeFrom);
    for (let n = 206; n < 208; n++) await write(n, { kind: 'national', id: null });
    await until(() => second.ns().includes(207), 'the live events after the resume');
    expect(second.ns()).toEqual([203, 204, 205, 206, 207]);
    // The same with ?after= (a client that keeps its own cursor).
    const third = await subscribe(t.adminToken, `?after=${first.got[1]!.position}`);
    await until(() => third.ns().includes(207), 'the replay by ?after=');
    expect(third.ns()).toEqual([202, 203, 204, 205, 206, 207]);
    second.conn.close();
    third.conn.close();
  });

  it('refuses an unauthenticated subscriber (401) and a cursor that is not a position (400), as problem+json', async () => {
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/v1/events' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['content-type']).toContain('application/problem+json');
    const bad = await t.app.inject({
      method: 'GET',
      url: '/api/v1/events',
      headers: { authorization: `Bearer ${t.adminToken}`, 'last-event-id': 'abc' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    const badQuery = await t.app.inject({
      method: 'GET',
      url: '/api/v1/events?after=-3',
      headers: { authorization: `Bearer ${t.adminToken}` },
    });
    expect(badQuery.statusCode).toBe(400);
  });
});
