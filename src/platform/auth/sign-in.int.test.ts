import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hash, verify } from '@node-rs/argon2';
import { dbKinds } from '../db/testing.ts';
import { createTestApp, TEST_ADMIN_PASSWORD, type TestApp } from '../testing/app.ts';
import { AuthService, type PasswordHasher } from './auth-service.ts';
import { SYSTEM_ACTOR } from './actor.ts';

const PASSWORD = 'a-long-enough-password';

/** argon2 with every verification recorded (which hash was checked). */
function recordingHasher(): PasswordHasher & { verified: string[] } {
  const verified: string[] = [];
  return {
    verified,
    hash: (p) => hash(p),
    verify: (h, p) => {
      verified.push(h);
      return verify(h, p);
    },
  };
}

/** The argon2 parameters of an encoded hash: `$argon2id$v=19$m=…,t=…,p=…`. */
const paramsOf = (encoded: string) => encoded.split('$').slice(1, 4).join('$');

describe.each(dbKinds())('sign-in throttling, failure audit and equal work (issue 8) on %s', (kind) => {
  let t: TestApp;
  let clock = Date.now();
  const now = () => clock;
  const service = (opts: ConstructorParameters<typeof AuthService>[2] = {}) =>
    new AuthService(t.db, undefined, {
      now,
      throttle: { accountFreeFailures: 3, sourceFreeFailures: 6 },
      ...opts,
    });

  beforeAll(async () => {
    t = await createTestApp({ kind });
    for (const name of ['alice', 'bob', 'carol', 'dave'])
      await t.auth.createUser(SYSTEM_ACTOR, {
        username: name,
        displayName: name,
        password: PASSWORD,
        role: 'auditor',
      });
  });
  afterAll(async () => {
    await t.close();
  });

  it('locks an account after its free failures with 429 problem+json and Retry-After, even for the right password', async () => {
    const login = (password: string) =>
      t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'alice', password } });
    for (let i = 0; i < 6; i++) expect((await login('wrong-password')).statusCode).toBe(401);
    const locked = await login(PASSWORD);
    expect(locked.statusCode).toBe(429);
    expect(locked.headers['content-type']).toContain('application/problem+json');
    expect(locked.json()).toMatchObject({ status: 429, code: 'too-many-requests' });
    expect(Number(locked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });

  it('backs off exponentially and lets the account in once the window has passed', async () => {
    const a = service();
    clock = Date.now();
    for (let i = 0; i < 3; i++)
      await expect(a.login('bob', 'nope', 'src-b')).rejects.toMatchObject({ code: 'unauthenticated' });
    // The 4th failure opens a 1 s window, the 5th a 2 s one.
    await expect(a.login('bob', 'nope', 'src-b')).rejects.toMatchObject({ code: 'unauthenticated' });
    await expect(a.login('bob', PASSWORD, 'src-b')).rejects.toMatchObject({
      code: 'too-many-requests',
      extra: { retryAfter: 1 },
    });
    clock += 1_001;
    await expect(a.login('bob', 'nope', 'src-b')).rejects.toMatchObject({ code: 'unauthenticated' });
    await expect(a.login('bob', PASSWORD, 'src-b')).rejects.toMatchObject({
      code: 'too-many-requests',
      extra: { retryAfter: 2 },
    });
    clock += 2_001;
    await expect(a.login('bob', PASSWORD, 'src-b')).resolves.toMatchObject({ actor: { name: 'bob' } });
    // Success cleared the account: three free failures again.
    for (let i = 0; i < 3; i++)
      await expect(a.login('bob', 'nope', 'src-b2')).rejects.toMatchObject({ code: 'unauthenticated' });
  });

  it('throttles a source address across usernames, and a lock set on one instance holds on another', async () => {
    clock = Date.now();
    const one = service();
    const two = service();
    const names = ['ghost-1', 'ghost-2', 'ghost-3', 'ghost-4', 'ghost-5', 'ghost-6', 'ghost-7'];
    for (const [i, name] of names.entries()) {
      const instance = i % 2 === 0 ? one : two;
      await expect(instance.login(name, 'x', '203.0.113.9')).rejects.toMatchObject({
        code: 'unauthenticated',
      });
    }
    // carol never failed, but the source did: refused on both instances before any password check.
    await expect(one.login('carol', PASSWORD, '203.0.113.9')).rejects.toMatchObject({
      code: 'too-many-requests',
    });
    await expect(two.login('carol', PASSWORD, '203.0.113.9')).rejects.toMatchObject({
      code: 'too-many-requests',
    });
    // Another address is not affected.
    await expect(two.login('carol', PASSWORD, '198.51.100.1')).resolves.toMatchObject({
      actor: { name: 'carol' },
    });
  });

  it('audits every failed sign-in with username, source and reason, never the password', async () => {
    clock = Date.now();
    const a = service();
    await expect(a.login('dave', 'secret-wrong-pw', '192.0.2.7')).rejects.toThrow();
    await expect(a.login('nobody-here', 'secret-wrong-pw', '192.0.2.7')).rejects.toThrow();
    const rows = await t.db.query<{
      actor_name: string;
      entity_id: string;
      details: Record<string, unknown>;
    }>(
      "SELECT actor_name, entity_id, details FROM audit_events WHERE action = 'auth.login-failed' AND details->>'source' = '192.0.2.7' ORDER BY id",
    );
    expect(rows.rows.map((r) => r.details)).toEqual([
      expect.objectContaining({ username: 'dave', reason: 'wrong-password' }),
      expect.objectContaining({ username: 'nobody-here', reason: 'unknown-user' }),
    ]);
    expect(rows.rows[0]!.actor_name).toBe('anonymous');
    expect(JSON.stringify(rows.rows)).not.toContain('secret-wrong-pw');
  });

  it('verifies an unknown username against a hash with the same argon2 parameters as a real one', async () => {
    clock = Date.now();
    const passwords = recordingHasher();
    const a = service({ passwords });
    const stored = await t.db.query<{ password_hash: string }>(
      "SELECT password_hash FROM users WHERE username = 'dave'",
    );
    await expect(a.login('no-such-user', 'whatever', '192.0.2.8')).rejects.toMatchObject({
      code: 'unauthenticated',
    });
    await expect(a.login('dave', 'whatever', '192.0.2.8')).rejects.toMatchObject({ code: 'unauthenticated' });
    expect(passwords.verified).toHaveLength(2);
    expect(passwords.verified[1]).toBe(stored.rows[0]!.password_hash);
    expect(paramsOf(passwords.verified[0]!)).toBe(paramsOf(stored.rows[0]!.password_hash));
    expect(passwords.verified[0]).not.toBe(passwords.verified[1]);
  });
});

describe.each(dbKinds())(
  'password sign-in for administrators only (NODMELD_PASSWORD_LOGIN=admins, issue 11) on %s',
  (kind) => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ kind, env: { NODMELD_PASSWORD_LOGIN: 'admins' } });
      await t.auth.createUser(SYSTEM_ACTOR, {
        username: 'erik',
        displayName: 'Erik',
        password: PASSWORD,
        role: 'operator',
        centreId: 'lv-bergen',
      });
    });
    afterAll(async () => {
      await t.close();
    });
    const login = (username: string, password: string) =>
      t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });

    it('the login page is told, administrators sign in, anyone else is refused (403, audited) after the password check', async () => {
      expect((await t.app.inject({ url: '/api/v1/auth/methods' })).json()).toEqual({
        password: 'admins',
        oidc: null,
      });
      expect((await login('admin', TEST_ADMIN_PASSWORD)).statusCode).toBe(200);
      const refused = await login('erik', PASSWORD);
      expect(refused.statusCode).toBe(403);
      expect(refused.json()).toMatchObject({ code: 'forbidden', detailCode: 'auth.password-admins-only' });
      // A wrong password says only that: nothing about who may use passwords.
      expect((await login('erik', 'wrong-password')).json()).toMatchObject({ status: 401 });
      const audit = await t.db.query<{ details: Record<string, unknown> }>(
        "SELECT details FROM audit_events WHERE action = 'auth.login-failed' AND details->>'username' = 'erik' ORDER BY id",
      );
      expect(audit.rows.map((r) => r.details.reason)).toEqual([
        'password-login-admins-only',
        'wrong-password',
      ]);
      const sessions = await t.db.query(
        "SELECT 1 FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.username = 'erik'",
      );
      expect(sessions.rows).toEqual([]);
    });
  },
);
