/**
 * Issue 8: the README's first try works as written on a fresh clone. `npm start` on the embedded
 * database with nothing configured writes a local integration token to `.data/api-token`
 * (owner-only), accepts it, and the README's `curl` with `$(cat .data/api-token)` and
 * `nodmeld route` both get the decision. A server on PostgreSQL or with NODMELD_API_TOKEN writes none.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startSystem, type RunningSystem } from './start.ts';
import { writeDataSetDir } from '../routing/data/write.ts';
import { buildDataSet } from '../routing/domain/testing.ts';
import { localTokenPath, withLocalToken } from '../platform/auth/local-token.ts';
import { platformConfigSchema } from '../platform/config.ts';

const exec = promisify(execFile);

describe('the README first try on a fresh embedded installation', () => {
  let running: RunningSystem;
  let home: string;
  let refData: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    home = await mkdtemp(path.join(tmpdir(), 'nodmeld-first-try-'));
    refData = path.join(home, 'refdata');
    await writeDataSetDir(refData, buildDataSet());
    env = {
      NODMELD_REFERENCE_DATA_DIR: refData,
      NODMELD_DATA_DIR: path.join(home, '.data', 'pglite'),
      HOST: '127.0.0.1',
      PORT: '0',
      NODMELD_LOG_LEVEL: 'silent',
      NODMELD_SIP_ENABLED: 'false',
      NODMELD_ADMIN_PASSWORD: 'first-try-admin-password',
    };
    running = await startSystem(env);
  });
  afterAll(async () => {
    await running?.stop();
    await rm(home, { recursive: true, force: true });
  });

  it('writes .data/api-token readable by its owner only, and the README curl gets a decision with it', async () => {
    const file = path.join(home, '.data', 'api-token');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const token = (await readFile(file, 'utf8')).trim();
    expect(token).toMatch(/^[0-9a-f]{48}$/);
    const r = await fetch(`${running.url}/api/v1/routing/decisions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ calledNumber: '116117', callingNumber: '55501234', network: 'fixed' }),
    });
    expect(r.status).toBe(200);
    expect(((await r.json()) as { centreId: string }).centreId).toBe('lv-bergen');
    const wrong = await fetch(`${running.url}/api/v1/routing/decisions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${'x'.repeat(48)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ calledNumber: '116117', callingNumber: '55501234', network: 'fixed' }),
    });
    expect(wrong.status).toBe(401);
  });

  it('`nodmeld route` with nothing set asks the running server with the local token', async () => {
    const r = await exec(
      process.execPath,
      ['bin/nodmeld.js', 'route', '--caller', '55501234', '--network', 'fixed'],
      {
        env: {
          ...process.env,
          DATABASE_URL: '',
          NODMELD_API_TOKEN: '',
          ...env,
          PORT: new URL(running.url).port,
        },
        timeout: 120_000,
      },
    );
    expect(r.stdout).toContain(`Decided by: the running server at ${running.url}`);
    expect(r.stdout).toMatch(/Centre: +.* \(lv-bergen\)/);
  });

  it('no local token on PostgreSQL, with a configured token, or for an in-memory database', () => {
    const base = platformConfigSchema.parse({});
    expect(localTokenPath({ ...base, DATABASE_URL: 'postgres://x@127.0.0.1/y' })).toBeNull();
    expect(localTokenPath({ ...base, NODMELD_DATA_DIR: 'memory' })).toBeNull();
    const set = { ...base, NODMELD_API_TOKEN: 'a-configured-token-of-24-or-more' };
    expect(withLocalToken(set, true)).toBe(set);
  });
});
