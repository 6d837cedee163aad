/**
 * The start sequence of `nodmeld start` (issue 8): every listener is bound before the system says
 * it is ready; a port that cannot be bound stops everything, names the service and port, and exits
 * non-zero; decisions are counted once per door (RT-1) and views count none.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import dgram from 'node:dgram';
import net from 'node:net';
import { spawn } from 'node:child_process';
import { ListenError } from '../platform/module.ts';
import { startSystem, type RunningSystem } from './start.ts';
import { createUdpClient, inviteText, responseStatus } from '../telephony/sip/testing.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeDataSetDir } from '../routing/data/write.ts';
import { buildDataSet } from '../routing/domain/testing.ts';
import { DEMO_USERS, wantsDemoUsers } from './demo-users.ts';

// The small factory data set on disk: a start imports it in well under a second.
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'nodmeld-start-'));
  await writeDataSetDir(dataDir, buildDataSet());
  BASE_ENV.NODMELD_REFERENCE_DATA_DIR = dataDir;
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const BASE_ENV: Record<string, string> = {
  HOST: '127.0.0.1',
  PORT: '0',
  NODMELD_DATA_DIR: 'memory',
  NODMELD_LOG_LEVEL: 'silent',
  NODMELD_ADMIN_PASSWORD: 'start-test-admin-password',
  NODMELD_API_TOKEN: 'start-test-integration-token-0123456789',
  NODMELD_SIP_HOST: '127.0.0.1',
};

async function busyUdpPort(): Promise<{ port: number; close(): void }> {
  const sock = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => sock.bind(0, '127.0.0.1', () => resolve()));
  return { port: sock.address().port, close: () => sock.close() };
}

describe('nodmeld start: listeners before ready, bind failures stop everything', () => {
  it('RT-1: a busy SIP port stops the start with an error naming SIP and the port', async () => {
    const busy = await busyUdpPort();
    try {
      const err = await startSystem({ ...BASE_ENV, NODMELD_SIP_PORT: String(busy.port) }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ListenError);
      expect((err as ListenError).message).toContain(
        `SIP (UDP and TCP) could not listen on 127.0.0.1:${busy.port}`,
      );
      expect((err as ListenError).message).toContain('already in use');
    } finally {
      busy.close();
    }
  });

  it('a busy HTTP port stops the start with an error naming HTTP and the port', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const err = await startSystem({ ...BASE_ENV, PORT: String(port), NODMELD_SIP_ENABLED: 'false' }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ListenError);
      expect((err as Error).message).toContain(`HTTP could not listen on 127.0.0.1:${port}`);
    } finally {
      blocker.close();
    }
  });

  it('`nodmeld start` with the SIP port taken exits non-zero and says which service and port', async () => {
    const busy = await busyUdpPort();
    try {
      const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, ['bin/nodmeld.js', 'start'], {
          env: { ...process.env, ...BASE_ENV, DATABASE_URL: '', NODMELD_SIP_PORT: String(busy.port) },
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        let stderr = '';
        child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
        child.on('close', (code) => resolve({ code, stderr }));
      });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`SIP (UDP and TCP) could not listen on 127.0.0.1:${busy.port}`);
      expect(r.stderr).toContain('Nothing was started');
    } finally {
      busy.close();
    }
  });
});

describe('a running system', () => {
  let running: RunningSystem;
  let sipPort: number;
  beforeAll(async () => {
    // A free port for SIP: bind, read, release (the system binds it at once).
    const probe = await busyUdpPort();
    sipPort = probe.port;
    probe.close();
    running = await startSystem({ ...BASE_ENV, NODMELD_SIP_PORT: String(sipPort) });
  });
  afterAll(async () => {
    await running?.stop();
  });

  it('is ready only once every listener is bound, and says so per module', async () => {
    const r = await running.app.inject({ url: '/readyz' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({
      status: 'ready',
      phase: 'running',
      database: { status: 'ok' },
      modules: { routing: { status: 'ok', detail: { dataVersion: 1 } } },
    });
  });

  it('RT-1: a SIP call counts as a decision at the sip door; listing municipalities counts none', async () => {
    // 55501234: Bergen by its number series in the factory set.
    const metric = async (door: string) => {
      const text = (await running.app.inject({ url: '/metrics' })).body;
      const m = new RegExp(
        `nodmeld_routing_decisions_total\\{door="${door}",outcome="connect"\\} (\\d+)`,
      ).exec(text);
      return m ? Number(m[1]) : 0;
    };
    const before = { sip: await metric('sip'), http: await metric('http') };
    const client = await createUdpClient(sipPort);
    try {
      client.send(inviteText({ clientPort: client.port, callId: 'count-1', from: '55501234' }));
      let status: number | undefined;
      for (let i = 0; i < 5 && status !== 302; i++) status = responseStatus(await client.next(5000));
      expect(status).toBe(302);
    } finally {
      client.close();
    }
    const token = BASE_ENV.NODMELD_API_TOKEN;
    const list = await running.app.inject({
      url: '/api/v1/routing/municipalities',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(list.statusCode).toBe(200);
    expect(await metric('sip')).toBe(before.sip + 1);
    expect(await metric('http')).toBe(before.http);
  });
});

describe('demo users on the first start (issue 11)', () => {
  it('makes one user per role with one printed password; each may what its role may, at its scope; and an example emergency plan for Bergen (LV-7)', async () => {
    const printed: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed.push(String(chunk));
      return true;
    });
    let demo: RunningSystem | undefined;
    try {
      demo = await startSystem({
        ...BASE_ENV,
        NODMELD_SIP_ENABLED: 'false',
        NODMELD_DEMO_USERS: 'on',
        NODMELD_STORAGE_DIR: path.join(dataDir, 'blobs'),
      });
    } finally {
      write.mockRestore();
    }
    try {
      const text = printed.join('');
      const password = /all with the password "([^"]+)"/.exec(text)?.[1];
      expect(password).toBeDefined();
      for (const u of DEMO_USERS) expect(text).toContain(u.username);
      const login = async (username: string) => {
        const r = await demo.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { username, password },
        });
        expect(r.statusCode).toBe(200);
        return r.json<{ token: string }>().token;
      };
      const get = async (token: string, url: string) =>
        (await demo.app.inject({ url, headers: { authorization: `Bearer ${token}` } })).statusCode;
      const operator = await login('operator.bergen');
      expect(await get(operator, '/api/v1/calls/queue?centre=lv-bergen')).toBe(200);
      expect(await get(operator, '/api/v1/calls/queue?centre=lv-oslo')).toBe(403);
      const amk = await login('amk.bergen');
      expect(await get(amk, '/api/v1/calls/queue?centre=amk-bergen')).toBe(200);
      expect(await get(amk, '/api/v1/calls/queue?centre=lv-bergen')).toBe(200);
      const operations = await login('operasjon');
      expect(await get(operations, '/api/v1/calls/queue?centre=lv-oslo')).toBe(200);
      const kommune = await login('kommune.bergen');
      const period = 'from=2026-03-02&to=2026-03-08';
      expect(await get(kommune, `/api/v1/calls/reports/municipality/4601?${period}`)).toBe(200);
      expect(await get(kommune, `/api/v1/calls/reports/municipality/4627?${period}`)).toBe(403);
      expect(await get(kommune, '/api/v1/calls/queue?centre=lv-bergen')).toBe(403);
      for (const u of DEMO_USERS) await login(u.username);
      // The example emergency plan for Bergen, with its PDF (LV-7).
      expect(text).toContain('An example emergency plan for Bergen');
      const bergen = (
        await demo.app.inject({
          url: '/api/v1/emergency-plans/municipalities/4601',
          headers: { authorization: `Bearer ${operator}` },
        })
      ).json<{ plans: { title: string; contacts: unknown[]; documents: { id: string }[] }[] }>();
      expect(bergen.plans).toHaveLength(1);
      expect(bergen.plans[0]!.title).toMatch(/^EKSEMPEL/);
      expect(bergen.plans[0]!.contacts).toHaveLength(3);
      const pdf = await demo.app.inject({
        url: `/api/v1/emergency-plans/documents/${bergen.plans[0]!.documents[0]!.id}`,
        headers: { authorization: `Bearer ${operator}` },
      });
      expect(pdf.statusCode).toBe(200);
      expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      // Bergen kommune's own reader sees its municipality's plans only.
      const own = await demo.app.inject({
        url: '/api/v1/emergency-plans/municipalities',
        headers: { authorization: `Bearer ${kommune}` },
      });
      expect(own.json<{ items: { number: string }[] }>().items.map((m) => m.number)).toEqual(['4601']);
    } finally {
      await demo?.stop();
    }
  });

  it('are not made on a database in memory or on PostgreSQL unless asked for (auto)', () => {
    expect(wantsDemoUsers('auto', true)).toBe(true);
    expect(wantsDemoUsers('auto', false)).toBe(false);
    expect(wantsDemoUsers('on', false)).toBe(true);
    expect(wantsDemoUsers('off', true)).toBe(false);
  });
});
