import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DEFAULT_DATA_DIR } from '../routing/data/load.ts';
import { startSystem, type RunningSystem } from '../server/start.ts';
import { writeDataSetDir } from '../routing/data/write.ts';
import { buildDataSet } from '../routing/domain/testing.ts';

const exec = promisify(execFile);

async function nodmeld(args: string[], env: Record<string, string> = {}) {
  try {
    const r = await exec(process.execPath, ['bin/nodmeld.js', ...args], {
      env: { ...process.env, DATABASE_URL: '', NODMELD_LOG_LEVEL: 'silent', ...env },
      timeout: 120_000,
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('nodmeld CLI', () => {
  it('RT-2: `route --what-if` prints the decision and its trace for a fixed number, and says it is a what-if', async () => {
    const r = await nodmeld(['route', '--caller', '55501234', '--network', 'fixed', '--what-if']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /Decided by: WHAT-IF on the data files in .*: no stored version, re-routes or availability applied/,
    );
    expect(r.stdout).toMatch(/Centre: +Bergen legevaktsentral \(lv-bergen\)/);
    expect(r.stdout).toMatch(/Method: +number-series/);
    expect(r.stdout).toMatch(/Trace:\n +1\. \[call\]/);
  });

  it('RT-3: `route --json` for a positioned mobile call', async () => {
    const r = await nodmeld([
      'route',
      '--caller',
      '91234567',
      '--network',
      'mobile',
      '--position',
      '5001',
      '--json',
      '--what-if',
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      outcome: 'connect',
      method: 'mobile-position',
      municipality: '5001',
    });
  });

  it('refuses bad arguments with a clear message and exit code 2', async () => {
    const r = await nodmeld(['route', '--caller', '55501234', '--network', 'satellite']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--network must be fixed, mobile or ip');
    const p = await nodmeld(['route', '--caller', '55501234', '--network', 'mobile', '--position', '12']);
    expect(p.code).toBe(2);
    expect(p.stderr).toContain('four-digit municipality number');
  });

  it('RT-8/RT-9: `export` writes the routing table and phone list as CSV', async () => {
    const r = await nodmeld(['export', 'routing-table', '--format', 'csv', '--what-if']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split(/\r?\n/);
    expect(lines).toHaveLength(358); // header + 357 municipalities
    const p = await nodmeld(['export', 'phone-list', '--format', 'json', '--what-if']);
    expect(JSON.parse(p.stdout).length).toBeGreaterThan(80);
  });

  it('`data validate` names the file and line of a bad row and exits 1', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'nodmeld-data-'));
    try {
      await cp(DEFAULT_DATA_DIR, dir, { recursive: true });
      const file = path.join(dir, 'centres.csv');
      const lines = (await readFile(file, 'utf8')).split('\n');
      lines[3] = lines[3]!.replace(/,\d{8},/, ',12AB5678,');
      await writeFile(file, lines.join('\n'));
      const r = await nodmeld(['data', 'validate', dir]);
      expect(r.code).toBe(1);
      expect(r.stdout + r.stderr).toMatch(/centres\.csv:4:/);
      const ok = await nodmeld(['data', 'validate', DEFAULT_DATA_DIR]);
      expect(ok.code).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a two-word command (`simulate nodnett`) is found before the one-word `simulate`: its own usage errors, exit 2', async () => {
    const bad = await nodmeld(['simulate', 'nodnett', '--terminals', '0'], { NODMELD_DATA_DIR: 'memory' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('simulate nodnett: --terminals must be a whole number 1–20000 (got "0")');
    const dry = await nodmeld(['simulate', 'nodnett', '--dry-run', '--terminals', '10', '--duration', '1'], {
      NODMELD_DATA_DIR: 'memory',
    });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('10 simulated Nødnett terminals');
    const calls = await nodmeld(['simulate', '--year', '2023'], { NODMELD_DATA_DIR: 'memory' });
    expect(calls.code).toBe(2);
    expect(calls.stderr).toContain('simulate: give either --what-if');
  });

  it('`route --help` prints the usage; `--data` without `--what-if` is refused', async () => {
    const h = await nodmeld(['route', '--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('Usage: nodmeld route --caller N');
    const d = await nodmeld([
      'route',
      '--caller',
      '55501234',
      '--network',
      'fixed',
      '--data',
      DEFAULT_DATA_DIR,
    ]);
    expect(d.code).toBe(2);
    expect(d.stderr).toContain('add --what-if');
  });

  it('piped into a reader that closes early, the CLI ends quietly (no EPIPE crash)', async () => {
    const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['bin/nodmeld.js', 'export', 'routing-table', '--what-if'], {
        env: { ...process.env, DATABASE_URL: '', NODMELD_LOG_LEVEL: 'silent' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      // Read one chunk, then close the pipe, as `head -1` does.
      child.stdout.once('data', () => child.stdout.destroy());
      child.on('close', (code) => resolve({ code, stderr }));
    });
    expect(r.stderr).not.toMatch(/EPIPE|Error/);
    expect(r.code).toBe(0);
  });
});

describe('nodmeld CLI on the live system (RT-7: the CLI decides as the API and SIP do)', () => {
  let running: RunningSystem;
  let dataDir: string;
  const token = 'cli-test-integration-token-0123456789';
  beforeAll(async () => {
    // The small factory data set (Bergen's number series 55, Sogndal as a neighbour).
    dataDir = await mkdtemp(path.join(tmpdir(), 'nodmeld-cli-live-'));
    await writeDataSetDir(dataDir, buildDataSet());
    running = await startSystem({
      NODMELD_REFERENCE_DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      NODMELD_DATA_DIR: 'memory',
      NODMELD_LOG_LEVEL: 'silent',
      NODMELD_SIP_ENABLED: 'false',
      NODMELD_ADMIN_PASSWORD: 'cli-test-admin-password',
      NODMELD_API_TOKEN: token,
    });
  });
  afterAll(async () => {
    await running?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("during an urgent re-route Bergen → Sogndal, `route` asks the running server and sends Bergen's caller to Sogndal", async () => {
    const login = await running.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: 'cli-test-admin-password' },
    });
    const created = await running.app.inject({
      method: 'POST',
      url: '/api/v1/routing/reroutes',
      headers: { authorization: `Bearer ${login.json().token}` },
      payload: {
        fromCentreId: 'lv-bergen',
        toCentreId: 'lv-sogndal',
        kind: 'urgent',
        reason: 'Strømbrudd (CLI test)',
      },
    });
    expect(created.statusCode).toBe(201);
    const port = new URL(running.url).port;
    const env = {
      HOST: '127.0.0.1',
      PORT: port,
      NODMELD_API_TOKEN: token,
      NODMELD_DATA_DIR: 'memory',
      NODMELD_REFERENCE_DATA_DIR: dataDir,
    };
    const live = await nodmeld(['route', '--caller', '55501234', '--network', 'fixed'], env);
    expect(live.code).toBe(0);
    expect(live.stdout).toMatch(/Centre: +.* \(lv-sogndal\)/);
    expect(live.stdout).toContain(`Decided by: the running server at ${running.url}`);
    // The what-if on files does not know the re-route, and says so.
    const whatIf = await nodmeld(['route', '--caller', '55501234', '--network', 'fixed', '--what-if'], env);
    expect(whatIf.stdout).toMatch(/Centre: +.* \(lv-bergen\)/);
    expect(whatIf.stdout).toContain('WHAT-IF');
    // The decision counted at the server, by its door.
    const metrics = (await running.app.inject({ url: '/metrics' })).body;
    expect(metrics).toMatch(/nodmeld_routing_decisions_total\{door="http",outcome="connect"\} 1\n/);
  });
});
