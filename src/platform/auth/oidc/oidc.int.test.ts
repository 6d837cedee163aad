/**
 * Issue 11 "Sign-in and roles": OpenID Connect sign-in (HelseID-compatible) beside the local
 * accounts, against a REAL OpenID provider run in this process (oidc-provider, testing/
 * test-provider.ts) that requires what HelseID requires: `private_key_jwt` client authentication
 * (no secret), PKCE S256 and pushed authorization requests. The whole flow goes over HTTP: nodmeld
 * listens on a port, the test browser follows the redirects and submits the provider's login form.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds, withFaultSwitch } from '../../db/testing.ts';
import { createTestApp, TEST_ADMIN_PASSWORD, type TestApp } from '../../testing/app.ts';
import { SYSTEM_ACTOR, type Membership } from '../actor.ts';
import { SignInAttempts } from './sign-in-attempts.ts';
import {
  browser,
  createClientKey,
  freePort,
  PID_CLAIM,
  PID_SCOPE,
  startTestProvider,
  type TestClientKey,
  type TestProvider,
} from './testing/test-provider.ts';

const CALLBACK = '/api/v1/auth/oidc/callback';
const JSON_ACCEPT = 'application/json';

const oidcEnv = (p: { issuer: string; keyFile: string; clientId: string }, base: string, more = {}) => ({
  NODMELD_OIDC_ISSUER: p.issuer,
  NODMELD_OIDC_CLIENT_ID: p.clientId,
  NODMELD_OIDC_CLIENT_KEY_FILE: p.keyFile,
  NODMELD_OIDC_REDIRECT_URL: `${base}${CALLBACK}`,
  NODMELD_OIDC_SCOPES: `openid profile ${PID_SCOPE}`,
  NODMELD_OIDC_MATCH_CLAIM: PID_CLAIM,
  NODMELD_OIDC_ALLOW_HTTP: 'true',
  NODMELD_OIDC_TIMEOUT_MS: '2000',
  ...more,
});

const uniq = (p: string) => `${p}-${Math.random().toString(36).slice(2, 10)}`;

describe.each(dbKinds())('OpenID Connect sign-in against a real provider (issue 11) on %s', (kind) => {
  let provider: TestProvider;
  let t: TestApp;
  let base: string;
  const admin = () => ({ authorization: `Bearer ${t.adminToken}` });

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    provider = await startTestProvider({ redirectUrl: `${base}${CALLBACK}` });
    t = await createTestApp({ kind, env: oidcEnv(provider, base) });
    await t.app.listen({ port, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await t?.close();
    await provider?.stop();
  });

  /** A user with these memberships and a person at the provider linked to it (by `sub` or pid). */
  const linkedUser = async (
    memberships: Membership[],
    how: 'sub' | 'pid' = 'sub',
  ): Promise<{ id: string; username: string; sub: string; pid: string }> => {
    const username = uniq('oidc');
    const user = await t.auth.createUser(SYSTEM_ACTOR, {
      username,
      displayName: username,
      password: TEST_ADMIN_PASSWORD,
      role: memberships[0]!.role,
      memberships,
    });
    const sub = uniq('sub');
    const pid = String(10_000_000_000 + Math.floor(Math.random() * 89_999_999_999));
    provider.addAccount(sub, { name: 'Kari Nordmann', [PID_CLAIM]: pid });
    const r = await t.app.inject({
      method: 'POST',
      url: `/api/v1/users/${user.id}/identities`,
      headers: admin(),
      payload: how === 'sub' ? { claim: 'sub', value: sub } : { claim: PID_CLAIM, value: pid },
    });
    expect(r.statusCode).toBe(201);
    return { id: user.id, username, sub, pid };
  };

  const failures = async (reason: string) =>
    (
      await t.db.query<{ details: Record<string, unknown> }>(
        `SELECT details FROM audit_events WHERE action = 'auth.login-failed' AND details->>'method' = 'oidc' AND details->>'reason' = $1`,
        [reason],
      )
    ).rows.map((r) => r.details);

  it('tells the login page which methods there are (public)', async () => {
    const r = await t.app.inject({ url: '/api/v1/auth/methods' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({
      password: 'all',
      oidc: { name: 'HelseID', startUrl: '/api/v1/auth/oidc/start', linkClaims: ['sub', PID_CLAIM] },
    });
  });

  it('signs in over HTTP through the provider (PAR, PKCE, private_key_jwt) and the session carries the linked user’s memberships', async () => {
    const memberships: Membership[] = [
      { role: 'operator', scope: { level: 'centre', id: 'lv-bergen' } },
      { role: 'auditor', scope: { level: 'national' } },
    ];
    const user = await linkedUser(memberships);
    const b = browser();
    const start = await b.request(
      `${base}/api/v1/auth/oidc/start?returnTo=${encodeURIComponent('/samtaler?x=1')}`,
    );
    expect(start.status).toBe(303);
    // Pushed: the browser carries only a request_uri, never the PKCE challenge or the nonce.
    const authorize = new URL(start.location!);
    expect(authorize.origin).toBe(provider.issuer);
    expect(authorize.searchParams.get('request_uri')).toMatch(/^urn:ietf:params:oauth:request_uri:/);
    expect(authorize.searchParams.has('code_challenge')).toBe(false);
    expect(b.cookie(base, 'nodmeld_oidc_state')).toBeTruthy();

    const callback = await b.loginAtProvider(start.url, user.sub, provider.issuer);
    expect(callback.startsWith(`${base}${CALLBACK}?`)).toBe(true);
    const done = await b.request(callback);
    expect(done.status).toBe(303);
    expect(done.location).toBe(`${base}/samtaler?x=1`);
    expect(b.cookie(base, 'nodmeld_oidc_state')).toBeNull();

    // The session cookies of a password sign-in: the API answers as the linked user.
    const session = b.cookie(base, 'nodmeld_session')!;
    const csrf = b.cookie(base, 'nodmeld_csrf')!;
    expect(session).toMatch(/^nms_/);
    const cookie = `nodmeld_session=${session}; nodmeld_csrf=${csrf}`;
    const me = await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ type: 'user', id: user.id, name: user.username });
    expect(me.json().memberships).toHaveLength(2);
    expect(me.json().memberships).toEqual(expect.arrayContaining(memberships));
    // Roles come from the memberships: an operator may not administer users.
    expect((await t.app.inject({ url: '/api/v1/users', headers: { cookie } })).statusCode).toBe(403);
    const login = await t.db.query<{ actor_id: string; details: Record<string, unknown> }>(
      "SELECT actor_id, details FROM audit_events WHERE action = 'auth.login' AND entity_id = $1",
      [user.id],
    );
    expect(login.rows).toEqual([
      {
        actor_id: user.id,
        details: expect.objectContaining({
          method: 'oidc',
          issuer: provider.issuer,
          subject: user.sub,
          claim: 'sub',
        }),
      },
    ]);
  });

  it('matches on the configured claim (HelseID pid) when an administrator linked the person by it', async () => {
    const user = await linkedUser([{ role: 'admin', scope: { level: 'national' } }], 'pid');
    const b = browser();
    const callback = await b.loginAtProvider(`${base}/api/v1/auth/oidc/start`, user.sub, provider.issuer);
    const done = await b.request(callback);
    expect(done.status).toBe(303);
    expect(done.location).toBe(`${base}/`);
    const cookie = `nodmeld_session=${b.cookie(base, 'nodmeld_session')}`;
    expect((await t.app.inject({ url: '/api/v1/users', headers: { cookie } })).statusCode).toBe(200);
    // The national identity number is in the link only, never in the audit trail.
    const audit = await t.db.query<{ details: unknown }>(
      "SELECT details FROM audit_events WHERE action IN ('user.identity-link', 'auth.login') AND details->>'userId' = $1 OR entity_id = $1",
      [user.id],
    );
    expect(JSON.stringify(audit.rows)).not.toContain(user.pid);
  });

  it('refuses an identity no administrator linked: 403 auth.oidc.unknown-identity, audited; a browser goes back to the login page with the code', async () => {
    const sub = uniq('stranger');
    provider.addAccount(sub, { name: 'Ukjent', [PID_CLAIM]: '01010012345' });
    const api = browser();
    const callback = await api.loginAtProvider(`${base}/api/v1/auth/oidc/start`, sub, provider.issuer);
    const refused = await api.request(callback, { accept: JSON_ACCEPT });
    expect(refused.status).toBe(403);
    expect(refused.contentType).toContain('application/problem+json');
    expect(JSON.parse(refused.body)).toMatchObject({
      code: 'forbidden',
      detailCode: 'auth.oidc.unknown-identity',
    });
    expect(api.cookie(base, 'nodmeld_session')).toBeNull();
    expect(await failures('unknown-identity')).toContainEqual(
      expect.objectContaining({ issuer: provider.issuer, subject: sub, matchClaimPresent: true }),
    );

    const page = browser();
    const again = await page.loginAtProvider(`${base}/api/v1/auth/oidc/start`, sub, provider.issuer);
    const back = await page.request(again);
    expect(back.status).toBe(303);
    expect(back.location).toBe(`${base}/login?signInError=auth.oidc.unknown-identity`);
  });

  it('refuses a tampered state (400 auth.oidc.invalid-state), a forged state cookie too, audited', async () => {
    const user = await linkedUser([{ role: 'auditor', scope: { level: 'national' } }]);
    const b = browser();
    const callback = new URL(
      await b.loginAtProvider(`${base}/api/v1/auth/oidc/start`, user.sub, provider.issuer),
    );
    callback.searchParams.set('state', `${callback.searchParams.get('state')}x`);
    const tampered = await b.request(callback.href, { accept: JSON_ACCEPT });
    expect(tampered.status).toBe(400);
    expect(JSON.parse(tampered.body)).toMatchObject({
      code: 'bad-request',
      detailCode: 'auth.oidc.invalid-state',
    });
    // A cookie forged to match: the state was never issued.
    b.setCookie(base, 'nodmeld_oidc_state', callback.searchParams.get('state')!);
    const forged = await b.request(callback.href, { accept: JSON_ACCEPT });
    expect(forged.status).toBe(400);
    expect(JSON.parse(forged.body).detailCode).toBe('auth.oidc.invalid-state');
    expect(b.cookie(base, 'nodmeld_session')).toBeNull();
    expect((await failures('state-mismatch')).length).toBeGreaterThan(0);
    expect((await failures('state-unknown')).length).toBeGreaterThan(0);
  });

  it('refuses a callback replayed after the sign-in (400 auth.oidc.state-used), and one sent to another browser', async () => {
    const user = await linkedUser([{ role: 'auditor', scope: { level: 'national' } }]);
    const b = browser();
    const callback = await b.loginAtProvider(`${base}/api/v1/auth/oidc/start`, user.sub, provider.issuer);
    const state = b.cookie(base, 'nodmeld_oidc_state')!;
    // Someone else's browser (no state cookie): the sign-in CSRF a callback link would be.
    const other = await browser().request(callback, { accept: JSON_ACCEPT });
    expect(other.status).toBe(400);
    expect(JSON.parse(other.body).detailCode).toBe('auth.oidc.invalid-state');
    expect((await b.request(callback)).status).toBe(303);
    // The same answer again, with the state cookie put back.
    b.setCookie(base, 'nodmeld_oidc_state', state);
    const replay = await b.request(callback, { accept: JSON_ACCEPT });
    expect(replay.status).toBe(400);
    expect(JSON.parse(replay.body).detailCode).toBe('auth.oidc.state-used');
    expect((await failures('state-replayed')).length).toBeGreaterThan(0);
  });

  it('refuses an ID token whose nonce is not this sign-in’s (401 auth.oidc.invalid-token), audited', async () => {
    const user = await linkedUser([{ role: 'auditor', scope: { level: 'national' } }]);
    const b = browser();
    const callback = await b.loginAtProvider(`${base}/api/v1/auth/oidc/start`, user.sub, provider.issuer);
    // The nonce this server expects is no longer the one the provider put in the ID token.
    await t.db.query(
      "UPDATE oidc_sign_in_attempts SET nonce = 'not-the-nonce-that-was-sent' WHERE consumed_at IS NULL",
    );
    const r = await b.request(callback, { accept: JSON_ACCEPT });
    expect(r.status).toBe(401);
    expect(JSON.parse(r.body)).toMatchObject({
      code: 'unauthenticated',
      detailCode: 'auth.oidc.invalid-token',
    });
    expect((await failures('nonce-mismatch')).length).toBeGreaterThan(0);
    expect(b.cookie(base, 'nodmeld_session')).toBeNull();
  });

  it('refuses an expired code (401 auth.oidc.code-rejected), audited with the provider’s error', async () => {
    const user = await linkedUser([{ role: 'auditor', scope: { level: 'national' } }]);
    const b = browser();
    const callback = await b.loginAtProvider(`${base}/api/v1/auth/oidc/start`, user.sub, provider.issuer);
    provider.expireCodes();
    const r = await b.request(callback, { accept: JSON_ACCEPT });
    expect(r.status).toBe(401);
    expect(JSON.parse(r.body).detailCode).toBe('auth.oidc.code-rejected');
    expect(await failures('code-rejected')).toContainEqual(
      expect.objectContaining({ detail: 'invalid_grant' }),
    );
  });

  it('refuses a sign-in the person cancelled at the provider (401 auth.oidc.denied)', async () => {
    const b = browser();
    const hops = await b.follow(`${base}/api/v1/auth/oidc/start`, (h) => h.status === 200);
    const page = hops.at(-1)!;
    const abort = /href="([^"]*\/abort)"/.exec(page.body)?.[1];
    expect(abort).toBeTruthy();
    let hop = await b.request(new URL(abort!, page.url).href);
    while (hop.location?.startsWith(provider.issuer)) hop = await b.request(hop.location);
    const r = await b.request(hop.location!, { accept: JSON_ACCEPT });
    expect(r.status).toBe(401);
    expect(JSON.parse(r.body).detailCode).toBe('auth.oidc.denied');
    expect(await failures('denied')).toContainEqual(expect.objectContaining({ detail: 'access_denied' }));
  });

  it('refuses a disabled user (403 auth.oidc.user-disabled)', async () => {
    const user = await linkedUser([{ role: 'auditor', scope: { level: 'national' } }]);
    await t.auth.setDisabled(SYSTEM_ACTOR, user.id, true);
    const b = browser();
    const callback = await b.loginAtProvider(`${base}/api/v1/auth/oidc/start`, user.sub, provider.issuer);
    const r = await b.request(callback, { accept: JSON_ACCEPT });
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body).detailCode).toBe('auth.oidc.user-disabled');
  });

  it('administrators link and unlink identities (audited); an unlinked person is refused again', async () => {
    const user = await linkedUser([{ role: 'auditor', scope: { level: 'national' } }]);
    const list = await t.app.inject({ url: `/api/v1/users/${user.id}/identities`, headers: admin() });
    expect(list.statusCode).toBe(200);
    const [link] = list.json().items;
    expect(link).toMatchObject({ user_id: user.id, issuer: provider.issuer, claim: 'sub', value: user.sub });
    // Taken (by anyone), a claim the server does not match on, a user that does not exist.
    const post = (userId: string, payload: object) =>
      t.app.inject({ method: 'POST', url: `/api/v1/users/${userId}/identities`, headers: admin(), payload });
    expect((await post(user.id, { value: user.sub })).json()).toMatchObject({
      status: 409,
      detailCode: 'auth.identity.taken',
    });
    expect((await post(user.id, { claim: 'email', value: 'x@example.no' })).json()).toMatchObject({
      status: 400,
      detailCode: 'auth.identity.claim-not-configured',
    });
    expect((await post('00000000-0000-4000-8000-000000000000', { value: uniq('s') })).statusCode).toBe(404);
    const del = () =>
      t.app.inject({
        method: 'DELETE',
        url: `/api/v1/users/${user.id}/identities/${link.id}`,
        headers: admin(),
      });
    expect((await del()).statusCode).toBe(204);
    expect((await del()).statusCode).toBe(404);
    const audit = await t.db.query<{ action: string; details: Record<string, unknown> }>(
      "SELECT action, details FROM audit_events WHERE entity_type = 'user-identity' AND entity_id = $1 ORDER BY id",
      [link.id],
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['user.identity-link', 'user.identity-unlink']);
    expect(audit.rows[1]!.details).toMatchObject({ userId: user.id, claim: 'sub', value: user.sub });

    const b = browser();
    const callback = await b.loginAtProvider(`${base}/api/v1/auth/oidc/start`, user.sub, provider.issuer);
    expect((await b.request(callback, { accept: JSON_ACCEPT })).status).toBe(403);
  });

  it('a sign-in started on one instance is finished by another (the attempt is in the database, not in the process)', async () => {
    const user = await linkedUser([{ role: 'auditor', scope: { level: 'national' } }]);
    const other = await createTestApp({ kind, db: t.db, env: oidcEnv(provider, base) });
    try {
      const b = browser();
      const callback = new URL(
        await b.loginAtProvider(`${base}/api/v1/auth/oidc/start`, user.sub, provider.issuer),
      );
      // The first instance is gone; the load balancer sends the callback to the other one.
      const done = await other.app.inject({
        url: `${callback.pathname}${callback.search}`,
        headers: {
          cookie: `nodmeld_oidc_state=${b.cookie(base, 'nodmeld_oidc_state')}`,
          accept: 'text/html',
        },
      });
      expect(done.statusCode).toBe(303);
      const session = /nodmeld_session=([^;]+)/.exec(String(done.headers['set-cookie']))?.[1];
      const me = await t.app.inject({
        url: '/api/v1/auth/me',
        headers: { cookie: `nodmeld_session=${session}` },
      });
      expect(me.json()).toMatchObject({ id: user.id });
    } finally {
      await other.system.stop();
    }
  });

  it('the provider dies between the sign-in and the callback: 503 auth.oidc.provider-unavailable, audited; the person starts again', async () => {
    const user = await linkedUser([{ role: 'auditor', scope: { level: 'national' } }]);
    const key = await createClientKey();
    const port = await freePort();
    const dying = await startTestProvider({ redirectUrl: `${base}${CALLBACK}`, port, clientKey: key });
    dying.addAccount(user.sub);
    const other = await createTestApp({ kind, db: t.db, env: oidcEnv(dying, base) });
    try {
      // This instance does not listen: its start and callback are sent to it directly.
      const start = await other.app.inject({ url: '/api/v1/auth/oidc/start' });
      expect(start.statusCode).toBe(303);
      const state = /nodmeld_oidc_state=([^;]+)/.exec(String(start.headers['set-cookie']))![1]!;
      const callback = new URL(
        await browser().loginAtProvider(start.headers.location!, user.sub, dying.issuer),
      );
      await dying.stop();
      const r = await other.app.inject({
        url: `${callback.pathname}${callback.search}`,
        headers: { cookie: `nodmeld_oidc_state=${state}` },
      });
      expect(r.statusCode).toBe(503);
      expect(r.json().detailCode).toBe('auth.oidc.provider-unavailable');
      expect(await failures('unavailable')).toContainEqual(expect.objectContaining({ issuer: dying.issuer }));
      // The attempt was used up by the failed exchange: the person starts again.
      const again = await other.app.inject({
        url: `${callback.pathname}${callback.search}`,
        headers: { cookie: `nodmeld_oidc_state=${state}` },
      });
      expect(again.json().detailCode).toBe('auth.oidc.state-used');
    } finally {
      await other.system.stop();
      await key.dispose();
    }
  });

  it('the database is down: start is a 503, and so is the callback, which does not use the sign-in up: the same callback works once it is back', async () => {
    const user = await linkedUser([{ role: 'auditor', scope: { level: 'national' } }]);
    const sw = withFaultSwitch(t.db);
    const other = await createTestApp({ kind, db: sw.db, env: oidcEnv(provider, base) });
    try {
      const start = await other.app.inject({ url: '/api/v1/auth/oidc/start' });
      const state = /nodmeld_oidc_state=([^;]+)/.exec(String(start.headers['set-cookie']))![1]!;
      const callback = new URL(
        await browser().loginAtProvider(start.headers.location!, user.sub, provider.issuer),
      );
      const send = (accept: string) =>
        other.app.inject({
          url: `${callback.pathname}${callback.search}`,
          headers: { cookie: `nodmeld_oidc_state=${state}`, accept },
        });
      sw.set('down');
      // A new sign-in cannot start either: 503, nothing half-stored.
      const cannotStart = await other.app.inject({
        url: '/api/v1/auth/oidc/start',
        headers: { accept: JSON_ACCEPT },
      });
      expect(cannotStart.statusCode).toBe(503);
      const down = await send(JSON_ACCEPT);
      expect(down.statusCode).toBe(503);
      expect(down.json()).toMatchObject({ code: 'unavailable', reason: 'database-unreachable' });
      // A browser is sent back to the login page, never shown a raw error.
      const page = await send('text/html');
      expect(page.statusCode).toBe(303);
      expect(page.headers.location).toBe('/login?signInError=auth.oidc.failed');
      sw.set('up');
      // The state was not consumed and the code not exchanged: the same answer signs in now.
      const up = await send('text/html');
      expect(up.statusCode).toBe(303);
      expect(up.headers.location).toBe('/');
      expect(String(up.headers['set-cookie'])).toContain('nodmeld_session=nms_');
    } finally {
      sw.set('up');
      await other.system.stop();
    }
  });

  it('a started sign-in expires after 10 minutes (400 auth.oidc.state-expired)', async () => {
    let now = Date.now();
    const attempts = new SignInAttempts(t.db, () => now);
    await attempts.create('state-of-an-old-sign-in', { nonce: 'n', codeVerifier: 'v', returnTo: '/' });
    now += 10 * 60_000 + 1;
    expect(await attempts.consume('state-of-an-old-sign-in')).toEqual({ refused: 'expired' });
    expect(await attempts.consume('state-of-an-old-sign-in')).toEqual({ refused: 'replayed' });
    expect(await attempts.consume('never-issued')).toEqual({ refused: 'unknown' });
  });
});

describe('OpenID Connect sign-in when the provider is down (issue 11)', () => {
  let key: TestClientKey;
  const servers: Server[] = [];
  beforeAll(async () => {
    key = await createClientKey();
  });
  afterAll(async () => {
    for (const s of servers) await new Promise((r) => s.close(r));
    await key?.dispose();
  });

  it('the server starts; start answers 503 auth.oidc.provider-unavailable (a browser goes back to the login page); once the provider is up, sign-in starts without a restart', async () => {
    const port = await freePort();
    const providerPort = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const issuer = `http://127.0.0.1:${providerPort}`;
    const t = await createTestApp({
      env: oidcEnv({ issuer, keyFile: key.keyFile, clientId: 'nodmeld' }, base),
    });
    let provider: TestProvider | undefined;
    try {
      const down = await t.app.inject({ url: '/api/v1/auth/oidc/start', headers: { accept: JSON_ACCEPT } });
      expect(down.statusCode).toBe(503);
      expect(down.headers['content-type']).toContain('application/problem+json');
      expect(down.json()).toMatchObject({
        code: 'unavailable',
        detailCode: 'auth.oidc.provider-unavailable',
      });
      const page = await t.app.inject({ url: '/api/v1/auth/oidc/start', headers: { accept: 'text/html' } });
      expect(page.statusCode).toBe(303);
      expect(page.headers.location).toBe('/login?signInError=auth.oidc.provider-unavailable');
      // Nothing was stored for a sign-in that could not start.
      expect((await t.db.query('SELECT 1 FROM oidc_sign_in_attempts')).rows).toEqual([]);
      // Password sign-in is not affected.
      const password = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'admin', password: TEST_ADMIN_PASSWORD },
      });
      expect(password.statusCode).toBe(200);
      // The provider comes up: the next sign-in discovers it.
      provider = await startTestProvider({
        redirectUrl: `${base}${CALLBACK}`,
        port: providerPort,
        clientKey: key,
      });
      const up = await t.app.inject({ url: '/api/v1/auth/oidc/start', headers: { accept: JSON_ACCEPT } });
      expect(up.statusCode).toBe(303);
      expect(up.headers.location).toMatch(new RegExp(`^${issuer}/`));
    } finally {
      await t.close();
      await provider?.stop();
    }
  });

  it('a provider that accepts connections but never answers is a 503 after the timeout, not a hang', async () => {
    const silentSockets: Socket[] = [];
    const silent = createServer((socket) => void silentSockets.push(socket));
    servers.push(silent);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as { port: number }).port;
    const t = await createTestApp({
      env: oidcEnv(
        { issuer: `http://127.0.0.1:${port}`, keyFile: key.keyFile, clientId: 'nodmeld' },
        'http://127.0.0.1:1',
        {
          NODMELD_OIDC_TIMEOUT_MS: '300',
        },
      ),
    });
    try {
      const r = await t.app.inject({ url: '/api/v1/auth/oidc/start', headers: { accept: JSON_ACCEPT } });
      expect(r.statusCode).toBe(503);
      expect(r.json().detailCode).toBe('auth.oidc.provider-unavailable');
    } finally {
      await t.close();
      for (const c of silentSockets) c.destroy();
    }
  });
});
