/**
 * `nodmeld jobs list|run`: through the running server when one answers; else on the database —
 * refused with the owner's name while another process holds the embedded database.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRunningServer, type ServerClient } from '../cli/server-client.ts';
import { parseConfig, type PlatformConfig } from '../config.ts';
import { openDatabase, migrate, type Db } from '../db/index.ts';
import { createLogger } from '../logger.ts';
import { MetricsRegistry } from '../metrics.ts';
import { defineModule, type CliContext } from '../module.ts';
import { createTestApp, type TestApp } from '../testing/app.ts';
import { systemClock } from '../time/clock.ts';
import { jobsCommand } from './cli.ts';
import { manualOnly } from './schedule.ts';
import { JobScheduler } from './scheduler.ts';

const cliModule = defineModule({
  name: 'clidemo',
  init(ctx) {
    ctx.jobs.register({ name: 'demo.cli', schedule: manualOnly, run: async () => undefined });
    return { api: undefined };
  },
});

function cli(opts: {
  server: () => Promise<ServerClient | null>;
  openDb?: () => Promise<Db>;
  platform?: Partial<PlatformConfig>;
}) {
  const out: string[] = [];
  const err: string[] = [];
  const platform = { ...parseConfig({}, []).platform, ...opts.platform };
  const ctx: CliContext<PlatformConfig> = {
    out: (s) => out.push(s),
    err: (s) => err.push(s),
    config: platform,
    configOf: () => {
      throw new Error('not needed');
    },
    logger: createLogger('silent'),
    platform,
    openDb: opts.openDb ?? (() => Promise.reject(new Error('no database in this test'))),
    actor: { type: 'system', id: null, name: 'cli:test', role: 'admin', centreId: null },
    server: opts.server,
  };
  return { run: (...argv: string[]) => jobsCommand.run(argv, ctx), out, err };
}

describe('nodmeld jobs, with a running server (issue 9)', () => {
  let t: TestApp;
  let url: string;
  beforeAll(async () => {
    t = await createTestApp({ modules: [cliModule], env: { PORT: '0', NODMELD_JOBS_POLL_MS: '3600000' } });
    url = (await t.system.listen()).url;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('`jobs list` and `jobs run` ask the server; an unknown job is a usage error; a non-admin token is refused clearly', async () => {
    const admin = cli({ server: () => findRunningServer(url, t.adminToken) });
    expect(await admin.run('list')).toBe(0);
    expect(admin.out.join('\n')).toMatch(/^JOB +SCHEDULE .*\ndemo\.cli +manual +never run/);
    expect(await admin.run('run', 'demo.cli')).toBe(0);
    expect(admin.out.at(-1)).toContain(`Requested demo.cli at ${url}`);
    await t.system.jobs.idle();
    await expect.poll(async () => (await t.system.jobs.get('demo.cli'))?.lastOutcome).toBe('succeeded');
    await expect(admin.run('run', 'demo.nope')).rejects.toMatchObject({ name: 'UsageError' });
    await expect(admin.run('frobnicate')).rejects.toMatchObject({ name: 'UsageError' });
    const integration = cli({ server: () => findRunningServer(url, t.apiToken) });
    await expect(integration.run('list')).rejects.toThrow(
      'an administrator’s token is needed in NODMELD_API_TOKEN',
    );
  });
});

describe('nodmeld jobs, without a server, on the embedded database (issue 9)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'nodmeld-jobs-cli-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses with the owner named while another process holds the folder; marks the job requested when free', async () => {
    const dataDir = path.join(dir, 'pglite');
    const holder = await openDatabase({ dataDir });
    await migrate(holder);
    const scheduler = new JobScheduler({
      db: holder,
      clock: systemClock,
      logger: createLogger('silent'),
      metrics: new MetricsRegistry(),
      leaseMs: 60_000,
      pollMs: 5_000,
    });
    scheduler.register({ name: 'demo.offline', schedule: manualOnly, run: async () => undefined });
    await scheduler.start({ poll: false });
    const openDb = () => openDatabase({ dataDir });
    const c = cli({ server: async () => null, openDb });
    await expect(c.run('list')).rejects.toThrow(/is in use by another nodmeld process \(pid \d+/);
    await scheduler.stop();
    await holder.close();

    expect(await c.run('list')).toBe(0);
    expect(c.out.join('\n')).toMatch(/demo\.offline +manual +never run/);
    expect(await c.run('run', 'demo.offline')).toBe(0);
    expect(c.out.at(-1)).toContain('it runs when the server is next started');
    const db = await openDb();
    try {
      const row = await db.query<{ requested: boolean }>(
        `SELECT run_requested_at IS NOT NULL AS requested FROM jobs WHERE name = 'demo.offline'`,
      );
      expect(row.rows[0]!.requested).toBe(true);
      const audit = await db.query(`SELECT actor_name FROM audit_events WHERE action = 'job.run-requested'`);
      expect(audit.rows).toEqual([{ actor_name: 'cli:test' }]);
    } finally {
      await db.close();
    }
    await expect(c.run('run', 'demo.none')).rejects.toMatchObject({ name: 'UsageError' });
  });
});
