/**
 * Issue 9 part 3: the web signs in with an HttpOnly, SameSite session cookie and a CSRF token
 * (double submit) instead of a bearer token in sessionStorage; sign-out, revocation and disabling
 * a user take effect at once (the auth invalidation hook, which an event bus can carry across
 * instances); administrators disable users and edit memberships, audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../db/testing.ts';
import { createTestApp, TEST_ADMIN_PASSWORD, type TestApp } from '../testing/app.ts';
import { AuthService } from './auth-service.ts';
import { AuthInvalidation } from './auth-invalidation.ts';
import { SYSTEM_ACTOR } from './actor.ts';

const cookiesOf = (setCookie: string | string[] | undefined) =>
  Array.isArray(setCookie) ? setCookie : [setCookie ?? ''];

describe.each(dbKinds())('web session cookie, CSRF, invalidation and user administration on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ kind });
  });
  afterAll(async () => t?.close());

  const newUser = async (role: 'auditor' | 'operations' = 'auditor') => {
    const name = `u-${Math.random().toString(36).slice(2, 10)}`;
    const u = await t.auth.createUser(SYSTEM_ACTOR, {
      username: name,
      displayName: name,
      password: TEST_ADMIN_PASSWORD,
      role,
    });
    return { ...u, name };
  };
  const webLogin = async (username: string) => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password: TEST_ADMIN_PASSWORD },
    });
    expect(r.statusCode).toBe(200);
    const set = cookiesOf(r.headers['set-cookie']);
    const session = set.find((c) => c.startsWith('nodmeld_session='))!;
    const csrfCookie = set.find((c) => c.startsWith('nodmeld_csrf='))!;
    const cookie = [session, csrfCookie].map((c) => c.split(';')[0]).join('; ');
    return { session, csrfCookie, cookie, csrf: r.json().csrfToken as string };
  };

  it('sets an HttpOnly SameSite=Strict session cookie and a readable CSRF cookie; Secure only over TLS (auto)', async () => {
    const u = await newUser();
    const { session, csrfCookie, csrf } = await webLogin(u.name);
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Strict/);
    expect(session).not.toMatch(/Secure/);
    expect(csrfCookie).not.toMatch(/HttpOnly/);
    expect(csrfCookie).toContain(`nodmeld_csrf=${csrf}`);
  });

  it('marks the cookies Secure when configured to (behind TLS)', async () => {
    const s = await createTestApp({ kind, db: t.db, env: { NODMELD_COOKIE_SECURE: 'always' } });
    try {
      const r = await s.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'admin', password: TEST_ADMIN_PASSWORD },
      });
      for (const c of cookiesOf(r.headers['set-cookie'])) expect(c).toMatch(/; Secure/);
    } finally {
      await s.system.stop();
    }
  });

  it('authenticates reads by the cookie, and refuses a change without the CSRF token (403) but not with it', async () => {
    const u = await newUser('operations');
    const { cookie, csrf } = await webLogin(u.name);
    const me = await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json().name).toBe(u.name);
    const issue = (headers: Record<string, string>) =>
      t.app.inject({ method: 'POST', url: '/api/v1/tokens', headers, payload: { name: 'gateway' } });
    const forged = await issue({ cookie });
    expect(forged.statusCode).toBe(403);
    expect(forged.json()).toMatchObject({ code: 'forbidden', reason: 'csrf' });
    expect(
      (await issue({ cookie, 'x-csrf-token': 'wrong-value-of-the-same-size-abcdefgh' })).statusCode,
    ).toBe(403);
    expect((await issue({ cookie, 'x-csrf-token': csrf })).statusCode).toBe(201);
  });

  it('signs out through the cookie at once, and clears the cookies', async () => {
    const u = await newUser();
    const { cookie, csrf } = await webLogin(u.name);
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie } })).statusCode).toBe(200);
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie, 'x-csrf-token': csrf },
    });
    expect(out.statusCode).toBe(204);
    expect(cookiesOf(out.headers['set-cookie']).every((c) => /Max-Age=0/.test(c))).toBe(true);
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('a sign-out on one instance is forgotten at once by another that shares the invalidation events', async () => {
    const u = await newUser();
    const events = new AuthInvalidation();
    const one = new AuthService(t.db, undefined, { invalidation: events });
    const two = new AuthService(t.db, undefined, { invalidation: events });
    const { token } = await one.login(u.name, TEST_ADMIN_PASSWORD);
    expect(await two.authenticateToken(token)).toMatchObject({ name: u.name }); // now cached on two
    await one.logout(token);
    expect(await two.authenticateToken(token)).toBeNull();
  });

  it('disabling a user ends their sessions at once, audited; enabling does not revive them', async () => {
    const u = await newUser();
    const { token } = await t.auth.login(u.name, TEST_ADMIN_PASSWORD);
    const bearer = { authorization: `Bearer ${token}` };
    const admin = { authorization: `Bearer ${t.adminToken}` };
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: bearer })).statusCode).toBe(200);
    const off = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${u.id}`,
      headers: admin,
      payload: { disabled: true },
    });
    expect(off.statusCode).toBe(200);
    expect(off.json().disabled).toBe(true);
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: bearer })).statusCode).toBe(401);
    await expect(t.auth.login(u.name, TEST_ADMIN_PASSWORD)).rejects.toMatchObject({
      code: 'unauthenticated',
    });
    await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${u.id}`,
      headers: admin,
      payload: { disabled: false },
    });
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: bearer })).statusCode).toBe(401);
    await expect(t.auth.login(u.name, TEST_ADMIN_PASSWORD)).resolves.toBeDefined();
    const audit = await t.db.query<{ action: string; details: unknown }>(
      "SELECT action, details FROM audit_events WHERE entity_type = 'user' AND entity_id = $1 AND action = 'user.update' ORDER BY id",
      [u.id],
    );
    expect(audit.rows).toEqual([
      { action: 'user.update', details: { changes: { disabled: { from: false, to: true } } } },
      { action: 'user.update', details: { changes: { disabled: { from: true, to: false } } } },
    ]);
  });

  it('edits memberships (admin only, audited before/after); the next request sees them', async () => {
    const u = await newUser();
    const { token } = await t.auth.login(u.name, TEST_ADMIN_PASSWORD);
    const me = async () =>
      (await t.app.inject({ url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } })).json();
    expect((await me()).memberships).toEqual([{ role: 'auditor', scope: { level: 'national' } }]);
    const memberships = [
      { role: 'operator', scope: { level: 'centre', id: 'lv-bergen' } },
      { role: 'operator', scope: { level: 'centre', id: 'lv-kinn' } },
    ];
    const put = (authorization: string, body: object) =>
      t.app.inject({
        method: 'PUT',
        url: `/api/v1/users/${u.id}/memberships`,
        headers: { authorization },
        payload: body,
      });
    expect((await put(`Bearer ${token}`, { memberships })).statusCode).toBe(403);
    expect(
      (
        await put(`Bearer ${t.adminToken}`, {
          memberships: [{ role: 'operator', scope: { level: 'national' } }],
        })
      ).statusCode,
    ).toBe(400);
    const ok = await put(`Bearer ${t.adminToken}`, { memberships });
    expect(ok.statusCode).toBe(200);
    expect((await me()).memberships).toEqual(memberships);
    const audit = await t.db.query<{ details: { changes: { memberships: { from: unknown; to: unknown } } } }>(
      "SELECT details FROM audit_events WHERE action = 'user.memberships' AND entity_id = $1",
      [u.id],
    );
    expect(audit.rows[0]!.details.changes.memberships).toEqual({
      from: [{ role: 'auditor', scope: { level: 'national' } }],
      to: memberships,
    });
    const list = await t.app.inject({
      url: '/api/v1/users?limit=1000',
      headers: { authorization: `Bearer ${t.adminToken}` },
    });
    expect(list.json().items.find((x: { id: string }) => x.id === u.id).memberships).toEqual(memberships);
  });
});
