/**
 * Large API answers are compressed for clients that accept it (the wall-board's national read,
 * reports, lists); small ones (the routing decision, the queue) and answers with their own
 * encoding are sent as they are.
 */
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createLogger } from '../logger.ts';
import { chooseEncoding, MIN_BYTES } from './compress.ts';
import { createHttpPlatform } from './server.ts';

describe('chooseEncoding (RFC 9110 Accept-Encoding)', () => {
  it.each([
    [undefined, null],
    ['', null],
    ['identity', null],
    ['gzip', 'gzip'],
    ['gzip, deflate, br', 'br'],
    ['br;q=0, gzip', 'gzip'],
    ['gzip;q=0', null],
    ['gzip;q=0.8, br;q=0.5', 'gzip'],
    ['*', 'br'],
    ['*;q=0', null],
    ['GZIP ; Q=1', 'gzip'],
    ['br;q=abc', null],
  ] as const)('%j → %s', (header, expected) => {
    expect(chooseEncoding(header)).toBe(expected);
  });
});

describe('compressing large answers', () => {
  let app: FastifyInstance;
  const big = { rows: Array.from({ length: 400 }, (_, i) => ({ centre: `lv-${i}`, share: i / 400 })) };
  beforeAll(async () => {
    const platform = createHttpPlatform({
      logger: createLogger('silent'),
      authenticateToken: async () => null,
      health: async () => ({ status: 'ready' as const }),
      metrics: () => '',
      version: 'test',
    });
    app = platform.app;
    const get = (url: string, handler: Parameters<typeof platform.route>[0]['handler']) =>
      platform.route({ method: 'GET', url, summary: url, tags: ['test'], auth: 'public', handler });
    get('/test/big', async () => big);
    get('/test/small', async () => ({ ok: true }));
    get('/test/csv', async ({ reply }) => reply.type('text/csv; charset=utf-8').send('a;b\n'.repeat(5000)));
    // As the reports do: `reply.send` without returning the reply (the router answers once).
    get('/test/sent', async ({ reply }) => {
      void reply.type('text/csv; charset=utf-8').send('x;y\n'.repeat(5000));
    });
    get('/test/own', async ({ reply }) =>
      reply
        .type('application/json')
        .header('content-encoding', 'gzip')
        .send(gzipSync(JSON.stringify(big))),
    );
    await app.ready();
  });
  afterAll(async () => app.close());

  it('sends a large JSON answer Brotli- or gzip-encoded as the client asks, the same JSON inside', async () => {
    const plain = await app.inject({ url: '/test/big' });
    expect(plain.rawPayload.length).toBeGreaterThan(MIN_BYTES);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/accept-encoding/);
    const br = await app.inject({ url: '/test/big', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/application\/json/);
    expect(Number(br.headers['content-length'])).toBe(br.rawPayload.length);
    expect(JSON.parse(brotliDecompressSync(br.rawPayload).toString())).toEqual(big);
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 4);
    const gz = await app.inject({ url: '/test/big', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(gz.rawPayload).toString())).toEqual(big);
  });

  it('leaves small answers, refused encodings and answers with their own encoding alone', async () => {
    const small = await app.inject({ url: '/test/small', headers: { 'accept-encoding': 'br, gzip' } });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.json()).toEqual({ ok: true });
    const refused = await app.inject({
      url: '/test/big',
      headers: { 'accept-encoding': 'br;q=0, gzip;q=0' },
    });
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(refused.json()).toEqual(big);
    const own = await app.inject({ url: '/test/own', headers: { 'accept-encoding': 'br' } });
    expect(own.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(own.rawPayload).toString())).toEqual(big);
  });

  it('a handler that sends without returning the reply: one answer, compressed, over a real socket', async () => {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    for (let i = 0; i < 3; i++) {
      const r = await fetch(`http://127.0.0.1:${port}/test/sent`, { headers: { 'accept-encoding': 'gzip' } });
      expect(r.status).toBe(200);
      expect(r.headers.get('content-encoding')).toBe('gzip');
      expect(await r.text()).toBe('x;y\n'.repeat(5000));
    }
  });

  it('compresses CSV too; a problem+json 404 stays readable', async () => {
    const csv = await app.inject({ url: '/test/csv', headers: { 'accept-encoding': 'gzip' } });
    expect(csv.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(csv.rawPayload).toString()).toBe('a;b\n'.repeat(5000));
    const missing = await app.inject({ url: '/test/none', headers: { 'accept-encoding': 'gzip' } });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ status: 404 });
  });
});
