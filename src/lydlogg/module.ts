/**
 * The recordings module, "lydlogg" (issue 12; REC-1, LV-5, AMK-5; docs/lydlogg.md): sound
 * recordings of calls as part of the patient record — streamed into the kernel's blob store
 * (encrypted there, decision 0008), played back with ranges and a stated reason (every access logged), held for cases,
 * and deleted 3 years after the recording date by the job `lydlogg.retention` unless held. The
 * job `lydlogg.verify` clears dead uploads and re-hashes every stored recording.
 *
 * A recording belongs to a call (`call_id`, no foreign key: the recording outlives the call
 * metadata's retention). Mounted after routing, whose data gives a centre's AMK area.
 */
import { defineModule } from '../platform/module.ts';
import { dailyAt, manualOnly } from '../platform/jobs/schedule.ts';
import { routingModule } from '../routing/module.ts';
import { routingDirectory } from '../calls/reports/routing-directory.ts';
import { lydloggCommand } from './cli.ts';
import { lydloggConfigSchema, type LydloggConfig } from './config.ts';
import { registerLydloggHttp } from './http/routes.ts';
import { recordingLocks } from './object-lock.ts';
import type { Faults, RecordingDeps } from './recordings.ts';
import { runRetention, type RetentionResult } from './retention/retention.ts';
import { verifyRecordings, type VerifyReport } from './retention/verify.ts';

export interface LydloggApi {
  /** The services the routes use (tests: fault injection through `setFaults`). */
  deps: RecordingDeps;
  setFaults(faults: Faults | undefined): void;
  lastRetention(): RetentionResult | null;
  lastVerify(): VerifyReport | null;
}

export const lydloggModule = defineModule<LydloggConfig, LydloggApi>({
  name: 'lydlogg',
  config: lydloggConfigSchema,
  cli: { lydlogg: lydloggCommand },
  init(ctx) {
    const routing = ctx.find(routingModule);
    // A centre's AMK area from routing's data (an AMK centre is its own area), as the calls module reads it.
    const directory = routingDirectory(routing?.runtime);
    const amkAreaOf = (centreId: string): string | null => directory.amkOf(centreId);
    const deps: RecordingDeps = {
      db: ctx.db,
      blobs: ctx.blobs,
      clock: ctx.clock,
      maxBytes: ctx.config.maxBytes,
      uploadStaleMs: ctx.config.uploadStaleMs,
      amkAreaOf,
    };
    const locks = recordingLocks(ctx.blobs, ctx.logger);
    if (locks) deps.locks = locks;
    let lastRetention: RetentionResult | null = null;
    let lastVerify: VerifyReport | null = null;
    ctx.jobs.register({
      name: 'lydlogg.retention',
      schedule: dailyAt('02:40'),
      async run(job) {
        lastRetention = await runRetention(job, {
          db: ctx.db,
          blobs: ctx.blobs,
          now: job.clock.now(),
          batch: ctx.config.retentionBatch,
          faults: deps.faults,
          locks: deps.locks,
        });
        job.logger.info(lastRetention, 'recordings past their retention deleted');
      },
    });
    ctx.jobs.register({
      name: 'lydlogg.verify',
      schedule: manualOnly,
      async run(job) {
        const report = await verifyRecordings({
          db: ctx.db,
          blobs: ctx.blobs,
          now: job.clock.now(),
          uploadStaleMs: ctx.config.uploadStaleMs,
          signal: job.signal,
          locks: deps.locks,
        });
        lastVerify = report;
        const bad =
          report.mismatches.length +
          report.missing.length +
          report.orphans.length +
          report.lockFailures.length;
        job.logger[bad > 0 ? 'error' : 'info'](
          { ...report, mismatches: report.mismatches.length, orphans: report.orphans.length },
          'recordings verified',
        );
        if (bad > 0)
          throw new Error(`recordings failed verification: ${bad} (see the log and the audit row)`);
      },
    });
    return {
      api: {
        deps,
        setFaults(f) {
          deps.faults = f;
        },
        lastRetention: () => lastRetention,
        lastVerify: () => lastVerify,
      },
      health() {
        return ctx.blobs.encryption
          ? { status: 'ok' }
          : { status: 'ok', detail: { uploads: 'refused: no storage key (NODMELD_STORAGE_KEY) configured' } };
      },
      routes(route, app) {
        registerLydloggHttp(route, app, deps, amkAreaOf);
      },
    };
  },
});
