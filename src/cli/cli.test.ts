import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DEFAULT_DATA_DIR } from '../routing/data/load.ts';

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
  it('RT-2: `route` prints the decision and its trace for a fixed number', async () => {
    const r = await nodmeld(['route', '--caller', '55501234', '--network', 'fixed']);
    expect(r.code).toBe(0);
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
    const r = await nodmeld(['export', 'routing-table', '--format', 'csv']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split(/\r?\n/);
    expect(lines).toHaveLength(358); // header + 357 municipalities
    const p = await nodmeld(['export', 'phone-list', '--format', 'json']);
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
});
