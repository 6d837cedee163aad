/**
 * The HTTP edge (issue 8): a body over the limit is answered 413 problem+json (not a connection
 * reset), every response carries no-store / nosniff, and /metrics is open, token-protected or off
 * as configured.
 */
import net from 'node:net';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../platform/testing/app.ts';
import { loadConfig } from './config.ts';
import { createTestDb } from '../platform/db/testing.ts';
import { createWebModule } from '../web/module.ts';
import { readinessModule } from '../readiness/module.ts';

interface RawResult {
  /** The raw response bytes (status line, headers, body) as far as they came. */
  response: string;
  /** A socket error seen while sending or reading, e.g. EPIPE or ECONNRESET. */
  error: string | null;
  /** Whether the whole body was handed to the socket before the answer was read. */
  sentAll: boolean;
}

/**
 * A raw HTTP/1.1 client: sends the request head, then the whole body (with Content-Length or
 * chunked), and only then reads the response — as curl, browsers and most libraries do for a
 * small answer to a large upload. Resolves once a complete response has arrived or the socket ends.
 */
function rawPost(port: number, urlPath: string, size: number, chunked: boolean): Promise<RawResult> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let response = '';
    let error: string | null = null;
    let sentAll = false;
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve({ response, error, sentAll });
    };
    socket.on('error', (e: NodeJS.ErrnoException) => {
      error = e.code ?? e.message;
      finish();
    });
    socket.on('close', finish);
    socket.on('data', (d: Buffer) => {
      response += d.toString('latin1');
      const head = response.indexOf('\r\n\r\n');
      const len = /content-length: (\d+)/i.exec(response)?.[1];
      if (sentAll && head !== -1 && len && response.length >= head + 4 + Number(len)) finish();
    });
    const head = [
      `POST ${urlPath} HTTP/1.1`,
      'Host: 127.0.0.1',
      'Content-Type: application/json',
      chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${size}`,
      '',
      '',
    ].join('\r\n');
    socket.write(head);
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const pump = (): void => {
      while (sent < size) {
        const n = Math.min(chunk.length, size - sent);
        const part = chunk.subarray(0, n);
        sent += n;
        const data = chunked
          ? Buffer.concat([Buffer.from(`${n.toString(16)}\r\n`), part, Buffer.from('\r\n')])
          : part;
        if (!socket.write(data)) {
          socket.once('drain', pump);
          return;
        }
      }
      socket.write(chunked ? '0\r\n\r\n' : '', () => {
        sentAll = true;
        // The answer may already be complete in the buffer.
        socket.emit('data', Buffer.alloc(0));
      });
    };
    pump();
  });
}

describe('HTTP edge (issue 8)', () => {
  let t: TestApp;
  let port: number;
  let dist: string;
  beforeAll(async () => {
    dist = await mkdtemp(path.join(tmpdir(), 'nodmeld-edge-'));
    await mkdir(path.join(dist, 'assets'));
    await writeFile(path.join(dist, 'index.html'), '<!doctype html><title>x</title>');
    await writeFile(path.join(dist, 'assets', 'app-abc123.js'), 'console.log(1)');
    t = await createTestApp({ modules: [readinessModule, createWebModule({ distDir: dist })] });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    await t?.close();
    await rm(dist, { recursive: true, force: true });
  });

  const LIMIT = 5 * 1024 * 1024;
  for (const chunked of [false, true]) {
    it(`a body over the limit (${chunked ? 'chunked' : 'Content-Length'}) is answered 413 problem+json, not a reset`, async () => {
      const r = await rawPost(port, '/api/v1/auth/login', 6 * LIMIT, chunked);
      expect(r.error).toBeNull();
      expect(r.sentAll).toBe(true);
      expect(r.response).toMatch(/^HTTP\/1\.1 413 /);
      expect(r.response).toMatch(/content-type: application\/problem\+json/i);
      const body = JSON.parse(r.response.slice(r.response.indexOf('\r\n\r\n') + 4)) as Record<
        string,
        unknown
      >;
      expect(body).toMatchObject({ status: 413, code: 'payload-too-large', limit: LIMIT });
    });
  }

  it('a body just under the limit is read and validated as usual', async () => {
    const r = await rawPost(port, '/api/v1/auth/login', LIMIT - 1024, false);
    expect(r.error).toBeNull();
    // Only spaces: not JSON, a plain 400 with its problem.
    expect(r.response).toMatch(/^HTTP\/1\.1 400 /);
  });

  it('every API answer, problem and 404 is no-store and nosniff; hashed web assets keep their caching', async () => {
    const auth = { authorization: `Bearer ${t.adminToken}` };
    const answers = [
      await t.app.inject({ url: '/api/v1/auth/me', headers: auth }),
      await t.app.inject({ url: '/api/v1/readiness/organisations?limit=1', headers: auth }),
      await t.app.inject({ url: '/api/v1/auth/me' }),
      await t.app.inject({ url: '/api/v1/nothing-here', headers: auth }),
      await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'x' } }),
      await t.app.inject({ url: '/healthz' }),
      await t.app.inject({ url: '/metrics' }),
      await t.app.inject({ url: '/api/openapi.json' }),
    ];
    for (const r of answers) {
      expect(r.headers['cache-control'], r.body.slice(0, 80)).toBe('no-store');
      expect(r.headers['x-content-type-options']).toBe('nosniff');
    }
    const asset = await t.app.inject({ url: '/assets/app-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    expect(asset.headers['x-content-type-options']).toBe('nosniff');
    const page = await t.app.inject({ url: '/readiness' });
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
  });

  it('/metrics is open by default (the server listens on 127.0.0.1)', async () => {
    expect(loadConfig({}).platform.NODMELD_METRICS_ACCESS).toBe('open');
    const r = await t.app.inject({ url: '/metrics' });
    expect(r.statusCode).toBe(200);
  });
});

describe('/metrics access (issue 8)', () => {
  const token = 'metrics-token-0123456789abcdef';
  it('token: only with the configured bearer token', async () => {
    const t = await createTestApp({ env: { NODMELD_METRICS_ACCESS: 'token', NODMELD_METRICS_TOKEN: token } });
    try {
      expect((await t.app.inject({ url: '/metrics' })).statusCode).toBe(401);
      const wrong = await t.app.inject({
        url: '/metrics',
        headers: { authorization: `Bearer ${t.adminToken}` },
      });
      expect(wrong.statusCode).toBe(401);
      expect(wrong.headers['www-authenticate']).toContain('Bearer');
      expect(wrong.json()).toMatchObject({ code: 'unauthenticated' });
      const ok = await t.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${token}` } });
      expect(ok.statusCode).toBe(200);
      expect(ok.headers['content-type']).toContain('text/plain');
    } finally {
      await t.close();
    }
  });

  it('off: /metrics is not served', async () => {
    const t = await createTestApp({ env: { NODMELD_METRICS_ACCESS: 'off' } });
    try {
      const r = await t.app.inject({ url: '/metrics' });
      expect(r.statusCode).toBe(404);
      expect(r.headers['content-type']).toContain('application/problem+json');
    } finally {
      await t.close();
    }
  });

  it('token without a token is refused at start-up, with the setting named', async () => {
    const db = await createTestDb();
    try {
      await expect(createTestApp({ db, env: { NODMELD_METRICS_ACCESS: 'token' } })).rejects.toThrow(
        /NODMELD_METRICS_TOKEN/,
      );
    } finally {
      await db.close();
    }
  });
});
