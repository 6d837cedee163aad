/**
 * `nodmeld jobs list` and `nodmeld jobs run <name>`: ask the running server when one answers (it
 * holds the embedded database and runs the jobs); otherwise read or mark the jobs table directly —
 * on the embedded database only when no process holds it (opening it refuses with the owner's name
 * otherwise), on PostgreSQL always (an instance with jobs enabled runs the request on its next tick).
 */
import { parseArgs } from 'node:util';
import { recordAudit } from '../audit.ts';
import type { PlatformConfig } from '../config.ts';
import type { CliCommand, CliContext } from '../module.ts';
import { JOBS_URL } from './routes.ts';
import { readJobStatuses, type JobStatus } from './scheduler.ts';

/** A command-line mistake (exit code 2 in `nodmeld`). */
class UsageError extends Error {
  override name = 'UsageError';
}

function refused(status: number, body: unknown, text: string): Error {
  if (status === 401 || status === 403) {
    return new Error('The running server refused: an administrator’s token is needed in NODMELD_API_TOKEN');
  }
  const p = body as { detail?: string; title?: string };
  return new Error(`The server answered ${status}: ${p?.detail ?? p?.title ?? text.slice(0, 200)}`);
}

function printList(jobs: JobStatus[], out: (s: string) => void): void {
  if (jobs.length === 0) {
    out('No jobs are registered yet (they are written when a server with jobs enabled starts).');
    return;
  }
  const rows = jobs.map((j) => [
    j.name,
    j.schedule,
    j.running || j.leaseHolder
      ? `running on ${j.leaseHolder ?? 'this server'}`
      : (j.lastOutcome ?? 'never run'),
    j.lastFinishedAt ?? '-',
    j.nextDueAt ?? (j.runRequestedAt ? 'requested' : '-'),
    String(j.runs),
    String(j.failures),
  ]);
  const head = ['JOB', 'SCHEDULE', 'LAST OUTCOME', 'LAST FINISHED', 'NEXT DUE', 'RUNS', 'FAILURES'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const r of [head, ...rows])
    out(
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    );
  for (const j of jobs) if (j.lastOutcome === 'failed' && j.lastError) out(`${j.name}: ${j.lastError}`);
}

async function list(ctx: CliContext<PlatformConfig>, json: boolean): Promise<number> {
  let jobs: JobStatus[];
  const server = await ctx.server();
  if (server) {
    jobs = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const r: { status: number; body: { items: JobStatus[]; next: string | null }; text: string } =
        await server.request(
          'GET',
          `${JOBS_URL}?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
      if (r.status !== 200) throw refused(r.status, r.body, r.text);
      jobs.push(...r.body.items);
      cursor = r.body.next;
    }
  } else {
    const db = await ctx.openDb();
    try {
      jobs = await readJobStatuses(db);
    } finally {
      await db.close();
    }
  }
  if (json) ctx.out(JSON.stringify(jobs, null, 2));
  else printList(jobs, ctx.out);
  return 0;
}

async function run(ctx: CliContext<PlatformConfig>, name: string): Promise<number> {
  const server = await ctx.server();
  if (server) {
    const r = await server.request<JobStatus>('POST', `${JOBS_URL}/${encodeURIComponent(name)}/run`);
    if (r.status === 404)
      throw new UsageError(`No job "${name}" is registered on the server at ${server.url}`);
    if (r.status !== 202) throw refused(r.status, r.body, r.text);
    ctx.out(
      `Requested ${name} at ${server.url}: it runs on the next tick of an instance with jobs enabled (see \`nodmeld jobs list\`).`,
    );
    return 0;
  }
  const db = await ctx.openDb();
  try {
    const marked = await db.transaction(async (tx) => {
      const { rows } = await tx.query(
        'UPDATE jobs SET run_requested_at = COALESCE(run_requested_at, now()) WHERE name = $1 RETURNING name',
        [name],
      );
      if (rows.length > 0)
        await recordAudit(tx, ctx.actor, {
          action: 'job.run-requested',
          entityType: 'job',
          entityId: name,
          details: {},
        });
      return rows.length > 0;
    });
    if (!marked)
      throw new UsageError(`No job "${name}" is known to the database (see \`nodmeld jobs list\`)`);
  } finally {
    await db.close();
  }
  ctx.out(
    ctx.platform.DATABASE_URL
      ? `Requested ${name}: an instance with jobs enabled runs it on its next tick.`
      : `Requested ${name}: no server answered, so it runs when the server is next started (\`nodmeld start\`).`,
  );
  return 0;
}

export const jobsCommand: CliCommand<PlatformConfig> = {
  usage: `jobs list [--json]                     background jobs: schedule, last outcome, next run
  jobs run <name>                        run a background job now (on the next tick of an instance)`,
  async run(argv, ctx) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.help) {
      ctx.out(`Usage: nodmeld ${jobsCommand.usage}`);
      return 0;
    }
    const [sub, name, ...extra] = positionals;
    if (sub === 'list' && name === undefined) return list(ctx, values.json);
    if (sub === 'run' && name !== undefined && extra.length === 0) return run(ctx, name);
    throw new UsageError('jobs list [--json], or jobs run <name>');
  },
};
