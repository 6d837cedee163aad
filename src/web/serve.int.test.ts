import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { createTestApp, type TestApp } from '../platform/testing/app.ts';
import { createWebModule } from './module.ts';

describe('web app serving (src/web/serve.ts)', () => {
  let dir: string;
  let built: TestApp;
  let unbuilt: TestApp;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nodmeld-web-'));
    await mkdir(join(dir, 'dist', 'assets'), { recursive: true });
    await writeFile(
      join(dir, 'dist', 'index.html'),
      '<!doctype html><title>nodmeld</title><div id="root"></div>',
    );
    await writeFile(join(dir, 'dist', 'assets', 'app-abc123.js'), 'console.log(1)');
    // What web/precompress.ts writes beside a large file at build time.
    const big = `console.log(${JSON.stringify('x'.repeat(4096))});`;
    await writeFile(join(dir, 'dist', 'assets', 'big-def456.js'), big);
    await writeFile(join(dir, 'dist', 'assets', 'big-def456.js.br'), brotliCompressSync(big));
    await writeFile(join(dir, 'dist', 'assets', 'big-def456.js.gz'), gzipSync(big));
    built = await createTestApp({ modules: [createWebModule({ distDir: join(dir, 'dist') })] });
    unbuilt = await createTestApp({ modules: [createWebModule({ distDir: join(dir, 'missing') })] });
  });
  afterAll(async () => {
    await built.close();
    await unbuilt.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves index.html at / without caching and with a CSP', async () => {
    const r = await built.app.inject({ method: 'GET', url: '/' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/text\/html/);
    expect(r.body).toContain('<div id="root">');
    expect(r.headers['cache-control']).toBe('no-cache');
    expect(r.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    // Recordings play from the same origin or from bytes the page read once (issue 12, Opus).
    expect(r.headers['content-security-policy']).toContain("media-src 'self' blob:");
  });

  it('falls back to index.html for client routes', async () => {
    const r = await built.app.inject({ method: 'GET', url: '/readiness/onboarding/kommune-4601?tab=1' });
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('<div id="root">');
  });

  it('serves hashed assets with a long cache', async () => {
    const r = await built.app.inject({ method: 'GET', url: '/assets/app-abc123.js' });
    expect(r.statusCode).toBe(200);
    expect(r.body).toBe('console.log(1)');
    expect(r.headers['cache-control']).toContain('immutable');
  });

  it('sends the Brotli or gzip copy made at build time to a browser that takes it, else the file', async () => {
    const url = '/assets/big-def456.js';
    const plain = await built.app.inject({ method: 'GET', url });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/accept-encoding/i);
    const br = await built.app.inject({
      method: 'GET',
      url,
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers['cache-control']).toContain('immutable');
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(plain.body);
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 4);
    const gz = await built.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(plain.body);
  });

  it('answers a missing file with a problem+json 404, not the page', async () => {
    const r = await built.app.inject({ method: 'GET', url: '/assets/gone-000.js' });
    expect(r.statusCode).toBe(404);
    expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it.each(['/api/v1/nothing-here', '/api', '/api/openapi-x.json'])(
    'never falls back for API paths (%s): problem+json 404',
    async (url) => {
      const r = await built.app.inject({ method: 'GET', url });
      expect(r.statusCode).toBe(404);
      expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(r.json()).toMatchObject({ code: 'not-found' });
    },
  );

  it('leaves the platform endpoints alone', async () => {
    const health = await built.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.json()).toMatchObject({ status: 'ok' });
    const metrics = await built.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.headers['content-type']).toMatch(/text\/plain/);
    const me = await built.app.inject({ method: 'GET', url: '/api/v1/auth/me' });
    expect(me.statusCode).toBe(401);
  });

  it('refuses path traversal and dot files', async () => {
    for (const url of ['/../package.json', '/%2e%2e/package.json', '/.env']) {
      const r = await built.app.inject({ method: 'GET', url });
      expect(r.body).not.toContain('"dependencies"');
      expect([200, 404]).toContain(r.statusCode);
    }
  });

  it('explains a missing build with a problem+json 503 on / and client routes', async () => {
    for (const url of ['/', '/readiness/training']) {
      const r = await unbuilt.app.inject({ method: 'GET', url });
      expect(r.statusCode).toBe(503);
      expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(r.json().detail).toContain('npm run build:web');
    }
    const api = await unbuilt.app.inject({ method: 'GET', url: '/api/v1/auth/me' });
    expect(api.statusCode).toBe(401);
  });
});
