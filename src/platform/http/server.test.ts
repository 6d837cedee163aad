/**
 * Issue 8: database failures map to 503 problem+json in one place, without the driver's text;
 * /readyz and /healthz say what works and what does not, with the status codes documented in
 * docs/operations.md ("Database outages").
 */
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger.ts';
import { DatabaseUnavailableError } from '../db/unavailable.ts';
import { createHttpPlatform, type HttpPlatformOptions } from './server.ts';

const LEAK = /ECONN|10\.1\.2\.3|Query read|terminat|secret/i;

async function platform(opts: Partial<HttpPlatformOptions> = {}, fail?: () => unknown) {
  const { app, route } = createHttpPlatform({
    logger: createLogger('silent'),
    authenticateToken: async () => null,
    health: async () => ({ status: 'ready' as const }),
    metrics: () => '',
    version: 'test',
    ...opts,
  });
  route({
    method: 'GET',
    url: '/test/fail',
    summary: 'Fail',
    tags: ['test'],
    auth: 'public',
    handler: async () => {
      throw fail?.();
    },
  });
  await app.ready();
  return app;
}

const driverError = (message: string, code?: string) =>
  Object.assign(new Error(message), code ? { code } : {});

describe('database errors over HTTP (issue 8)', () => {
  it.each([
    [
      'connection refused',
      () => driverError('connect ECONNREFUSED 10.1.2.3:5432', 'ECONNREFUSED'),
      'database-unreachable',
    ],
    ['connection reset', () => driverError('read ECONNRESET', 'ECONNRESET'), 'database-unreachable'],
    [
      'server shutting down',
      () => driverError('terminating connection due to administrator command', '57P01'),
      'database-unreachable',
    ],
    [
      'pool connect timeout',
      () => driverError('timeout exceeded when trying to connect'),
      'database-timeout',
    ],
    ['client query timeout', () => driverError('Query read timeout'), 'database-timeout'],
    [
      'statement timeout',
      () => driverError('canceling statement due to statement timeout', '57014'),
      'database-timeout',
    ],
    [
      'classified by the adapter',
      () => new DatabaseUnavailableError('database-timeout', new Error('secret')),
      'database-timeout',
    ],
  ])(
    '%s → 503 problem+json with a stable reason and Retry-After, no driver text',
    async (_name, fail, reason) => {
      const app = await platform({}, fail);
      const res = await app.inject({ url: '/test/fail' });
      expect(res.statusCode).toBe(503);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.headers['retry-after']).toBe('5');
      expect(res.json()).toMatchObject({ status: 503, code: 'unavailable', reason });
      expect(res.body).not.toMatch(LEAK);
      await app.close();
    },
  );

  it('other database errors stay 500 without their text', async () => {
    // (Constraint errors such as 23505 are mapped to 409/422 by database-errors.ts, tested there.)
    const app = await platform({}, () => driverError('relation "secret_table" does not exist', '42P01'));
    const res = await app.inject({ url: '/test/fail' });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toMatch(LEAK);
    await app.close();
  });
});

describe('/readyz and /healthz (issue 8)', () => {
  it('ready → 200; degraded → 200 (503 with ?strict=true); not-ready → 503; the body is the health', async () => {
    let status: 'ready' | 'degraded' | 'not-ready' = 'ready';
    const app = await platform({ health: async () => ({ status, database: { status: 'down' } }) });
    const get = async (url = '/readyz') => {
      const r = await app.inject({ url });
      return [r.statusCode, r.json().status];
    };
    expect(await get()).toEqual([200, 'ready']);
    expect(await get('/readyz?strict=true')).toEqual([200, 'ready']);
    status = 'degraded';
    expect(await get()).toEqual([200, 'degraded']);
    expect((await app.inject({ url: '/readyz' })).json()).toEqual({
      status: 'degraded',
      database: { status: 'down' },
    });
    expect(await get('/readyz?strict=true')).toEqual([503, 'degraded']);
    expect(await get('/readyz?strict')).toEqual([503, 'degraded']);
    status = 'not-ready';
    expect(await get()).toEqual([503, 'not-ready']);
    await app.close();
  });

  it('a readiness check that throws → 503 with a stable code, never the error text', async () => {
    const app = await platform({
      health: async () => {
        throw driverError('connect ECONNREFUSED 10.1.2.3:5432', 'ECONNREFUSED');
      },
    });
    const res = await app.inject({ url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ status: 'not-ready', code: 'health-check-failed' });
    await app.close();
  });

  it('/healthz stays 200 and says "degraded" with the details when liveness is degraded', async () => {
    let stale = false;
    const app = await platform({
      liveness: async () => ({
        status: stale ? ('degraded' as const) : ('ok' as const),
        modules: { routing: { detail: { state: { stale } } } },
      }),
    });
    expect((await app.inject({ url: '/healthz' })).json()).toMatchObject({
      status: 'ok',
      modules: { routing: { detail: { state: { stale: false } } } },
    });
    stale = true;
    const res = await app.inject({ url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'degraded',
      modules: { routing: { detail: { state: { stale: true } } } },
    });
    await app.close();
  });
});
