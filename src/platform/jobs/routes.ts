/**
 * Administration of background jobs: the list with each job's lease and last outcome, and "run
 * now" (the next tick of some instance runs it; this one looks at once). `nodmeld jobs` uses these
 * when a server answers.
 */
import { z } from 'zod';
import { recordAudit } from '../audit.ts';
import { notFound } from '../errors.ts';
import type { Db } from '../db/types.ts';
import { pageOf, pageQuery, pageSchema } from '../http/paging.ts';
import type { Route } from '../http/route.ts';
import type { JobScheduler } from './scheduler.ts';

export const JOBS_URL = '/api/v1/admin/jobs';

const ts = z.string().nullable();
export const jobStatusSchema = z.object({
  name: z.string(),
  schedule: z.string(),
  registered: z.boolean(),
  running: z.boolean(),
  leaseHolder: z.string().nullable(),
  leaseUntil: ts,
  fence: z.number(),
  slot: z.string().nullable(),
  nextDueAt: ts,
  runRequestedAt: ts,
  lastStartedAt: ts,
  lastFinishedAt: ts,
  lastOutcome: z.enum(['succeeded', 'failed', 'aborted']).nullable(),
  lastError: z.string().nullable(),
  lastDurationMs: z.number().nullable(),
  runs: z.number(),
  failures: z.number(),
  consecutiveFailures: z.number(),
  retryAfter: ts,
});

export function registerJobRoutes(route: Route, jobs: JobScheduler, db: Db): void {
  route({
    method: 'GET',
    url: JOBS_URL,
    summary: 'List background jobs',
    description:
      'Every job with its schedule, lease (which instance runs it now), next due time and last outcome.',
    tags: ['admin'],
    auth: { roles: ['admin'] },
    query: pageQuery,
    response: pageSchema(jobStatusSchema),
    handler: async ({ query }) => pageOf(await jobs.list(), query),
  });

  route({
    method: 'POST',
    url: `${JOBS_URL}/:name/run`,
    summary: 'Run a background job now',
    description:
      'Marks the job as requested: the next tick of an instance with jobs enabled runs it once (this instance looks at once).',
    tags: ['admin'],
    auth: { roles: ['admin'] },
    params: z.object({ name: z.string().min(1).max(200) }),
    response: jobStatusSchema,
    successStatus: 202,
    errors: [404],
    handler: async ({ params, actor }) => {
      const status = await jobs.requestRun(params.name);
      if (!status) throw notFound(`The job ${params.name}`);
      await recordAudit(db, actor, {
        action: 'job.run-requested',
        entityType: 'job',
        entityId: params.name,
        details: {},
      });
      return status;
    },
  });
}
