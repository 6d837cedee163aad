/**
 * Issue 8 "The audit trail can be edited or deleted … updates keep no before-values, refused
 * attempts are not recorded": the database itself refuses UPDATE, DELETE and TRUNCATE of
 * audit_events (a trigger, the same on PGlite and PostgreSQL); an update's row keeps the values
 * before and after; a change refused to a signed-in caller is recorded once, by the router.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../platform/db/testing.ts';
import { createRoutingTestApp, type RoutingTestApp } from '../routing/testing-app.ts';

describe.each(dbKinds())('the audit trail (issue 8) on %s', (kind) => {
  let t: RoutingTestApp;
  beforeAll(async () => {
    t = await createRoutingTestApp({ kind });
  });
  afterAll(async () => t?.close());

  it('is append-only in the database: UPDATE, DELETE and TRUNCATE are refused', async () => {
    const n = async () =>
      Number((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_events')).rows[0]!.n);
    const before = await n();
    expect(before).toBeGreaterThan(0);
    await expect(t.db.query("UPDATE audit_events SET actor_name = 'someone else'")).rejects.toThrow(
      /append-only/,
    );
    await expect(t.db.query('DELETE FROM audit_events')).rejects.toThrow(/append-only/);
    await expect(t.db.exec('TRUNCATE audit_events')).rejects.toThrow(/append-only/);
    expect(await n()).toBe(before);
    const names = await t.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_events WHERE actor_name = 'someone else'",
    );
    expect(Number(names.rows[0]!.n)).toBe(0);
  });

  it('keeps the values before and after when a centre’s availability changes', async () => {
    const leader = await t.tokenFor('centre-leader', 'lv-bergen');
    const put = (unavailable: boolean, reason: string) =>
      t.app.inject({
        method: 'PUT',
        url: '/api/v1/routing/centres/lv-bergen/availability',
        headers: { authorization: `Bearer ${leader}` },
        payload: { unavailable, reason },
      });
    expect((await put(true, 'Strømbrudd')).statusCode).toBe(204);
    expect((await put(false, 'Strøm tilbake')).statusCode).toBe(204);
    const rows = await t.db.query<{ details: { changes: Record<string, { from: unknown; to: unknown }> } }>(
      "SELECT details FROM audit_events WHERE entity_type = 'centre' AND entity_id = 'lv-bergen' ORDER BY id",
    );
    expect(rows.rows.map((r) => r.details.changes)).toEqual([
      { unavailable: { from: false, to: true }, reason: { from: null, to: 'Strømbrudd' } },
      { unavailable: { from: true, to: false }, reason: { from: 'Strømbrudd', to: 'Strøm tilbake' } },
    ]);
  });

  it('records a change refused to a signed-in caller (403) with who, which route and why, once', async () => {
    const other = await t.tokenFor('centre-leader', 'lv-oslo');
    const r = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/routing/centres/lv-bergen/availability',
      headers: { authorization: `Bearer ${other}` },
      payload: { unavailable: true, reason: 'Ikke min sentral' },
    });
    expect(r.statusCode).toBe(403);
    const me = (
      await t.app.inject({ url: '/api/v1/auth/me', headers: { authorization: `Bearer ${other}` } })
    ).json();
    const rows = await t.db.query<{
      actor_name: string;
      entity_id: string;
      details: Record<string, unknown>;
    }>(
      "SELECT actor_name, entity_id, details FROM audit_events WHERE action = 'change.refused' AND actor_name = $1",
      [me.name],
    );
    expect(rows.rows).toEqual([
      {
        actor_name: me.name,
        entity_id: 'PUT /api/v1/routing/centres/:id/availability',
        details: { status: 403, code: 'forbidden', params: { id: 'lv-bergen' } },
      },
    ]);
  });

  it('records refusals by role (403) and by rule (422 / 404), but not reads or unauthenticated calls', async () => {
    const auditor = await t.tokenFor('auditor');
    const me = (
      await t.app.inject({ url: '/api/v1/auth/me', headers: { authorization: `Bearer ${auditor}` } })
    ).json();
    const h = { authorization: `Bearer ${auditor}` };
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/v1/users', headers: h, payload: {} })).statusCode,
    ).toBe(403);
    expect((await t.app.inject({ url: '/api/v1/users', headers: h })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/users', payload: {} })).statusCode).toBe(401);
    const admin = { authorization: `Bearer ${t.adminToken}` };
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/routing/reroutes/00000000-0000-4000-8000-000000000000/end',
          headers: admin,
          payload: { reason: 'already over' },
        })
      ).statusCode,
    ).toBe(404);
    const rows = await t.db.query<{ actor_name: string; entity_id: string }>(
      "SELECT actor_name, entity_id FROM audit_events WHERE action = 'change.refused' AND actor_name IN ($1, 'admin') ORDER BY id",
      [me.name],
    );
    expect(rows.rows).toEqual([
      { actor_name: me.name, entity_id: 'POST /api/v1/users' },
      { actor_name: 'admin', entity_id: 'POST /api/v1/routing/reroutes/:id/end' },
    ]);
  });
});
