import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../db/testing.ts';
import { createTestApp, type TestApp } from '../testing/app.ts';

describe.each(dbKinds())('platform auth and errors on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ kind });
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves health, readiness and the OpenAPI document', async () => {
    expect((await t.app.inject({ url: '/healthz' })).json()).toMatchObject({ status: 'ok' });
    const ready = await t.app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/api/v1/auth/login'].post.requestBody).toBeDefined();
  });

  it('rejects bad credentials with problem+json and accepts good ones', async () => {
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: 'wrong-password' },
    });
    expect(bad.statusCode).toBe(401);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json()).toMatchObject({ status: 401, code: 'unauthenticated' });
    const me = await t.app.inject({
      url: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${t.adminToken}` },
    });
    expect(me.json()).toMatchObject({ name: 'admin', role: 'admin' });
  });

  it('names each invalid field in a 400 problem', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { authorization: `Bearer ${t.adminToken}` },
      payload: { username: 'X Y', displayName: '', password: 'short', role: 'nobody' },
    });
    expect(r.statusCode).toBe(400);
    const paths = r.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining(['body.username', 'body.displayName', 'body.password', 'body.role']),
    );
  });

  it('a municipality reader is held at a municipality (kommune-<nr>), nowhere else', async () => {
    const create = (scope: object) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: { authorization: `Bearer ${t.adminToken}` },
        payload: {
          username: `kommune-${Math.random().toString(36).slice(2, 8)}`,
          displayName: 'Kommuneleser',
          password: 'a-long-enough-password',
          role: 'municipality-reader',
          memberships: [{ role: 'municipality-reader', scope }],
        },
      });
    expect((await create({ level: 'national' })).statusCode).toBe(400);
    expect((await create({ level: 'centre', id: 'lv-bergen' })).statusCode).toBe(400);
    expect((await create({ level: 'unit', id: 'kommune-46' })).statusCode).toBe(400);
    expect((await create({ level: 'unit', id: 'kommune-4601' })).statusCode).toBe(201);
  });

  it('answers malformed JSON with 400 problem+json, unknown routes with 404', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username":',
    });
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect((await t.app.inject({ url: '/api/v1/nope' })).statusCode).toBe(404);
  });

  it('accepts the configured integration token, issues and revokes API tokens, and audits it', async () => {
    const me = await t.app.inject({
      url: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${t.apiToken}` },
    });
    expect(me.json()).toMatchObject({ role: 'integration' });
    const issued = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: { authorization: `Bearer ${t.adminToken}` },
      payload: { name: 'telephony gateway' },
    });
    expect(issued.statusCode).toBe(201);
    const { id, token } = issued.json();
    const ok = await t.app.inject({ url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
    expect(ok.statusCode).toBe(200);
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/tokens/${id}`,
      headers: { authorization: `Bearer ${t.adminToken}` },
    });
    expect(del.statusCode).toBe(204);
    const after = await t.app.inject({
      url: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(after.statusCode).toBe(401);
    const audit = await t.db.query<{ action: string }>(
      "SELECT action FROM audit_events WHERE entity_type = 'api-token' ORDER BY id",
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['token.issue', 'token.revoke']);
  });

  it('enforces roles: an operator may not list users', async () => {
    const op = await t.tokenFor('operator', 'lv-test');
    const r = await t.app.inject({ url: '/api/v1/users', headers: { authorization: `Bearer ${op}` } });
    expect(r.statusCode).toBe(403);
  });
});
