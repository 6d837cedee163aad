/**
 * The emergency-plan register (LV-7; docs/emergency-plans.md): the centre knows the emergency and
 * crisis-alert plans of the municipalities it serves — the plans, whom to alert and in which
 * order, and the plans' documents in the blob store — under /api/v1/emergency-plans. Mounted after
 * routing, whose data in force says which centre serves a municipality (and so who may read and
 * maintain its plans). A daily job sweeps document blobs that no row points to.
 */
import { defineModule } from '../platform/module.ts';
import { dailyAt } from '../platform/jobs/schedule.ts';
import { osloDate } from '../platform/time/calendar.ts';
import { routingModule } from '../routing/module.ts';
import { emergencyPlansConfigSchema, type EmergencyPlansConfig } from './config.ts';
import { municipalityDirectory, type MunicipalityDirectory } from './directory.ts';
import type { DocumentDeps } from './documents/attach-document.ts';
import { sweepOrphanDocuments } from './documents/sweep-orphan-documents.ts';
import { registerEmergencyPlanRoutes } from './http/routes.ts';
import { createExamplePlan } from './example-plan.ts';
import type { Actor } from '../platform/auth/actor.ts';

export interface EmergencyPlansApi {
  /** Where each municipality belongs by the routing data in force. */
  directory: MunicipalityDirectory;
  /** The example plan for Bergen of the embedded default's first start (example-plan.ts). */
  createExample(actor: Actor): Promise<{ planId: string } | null>;
}

export const emergencyPlansModule = defineModule<EmergencyPlansConfig, EmergencyPlansApi>({
  name: 'emergency-plans',
  config: emergencyPlansConfigSchema,
  init(ctx) {
    const routing = ctx.use(routingModule);
    const directory = municipalityDirectory(routing.runtime);
    const deps: DocumentDeps = {
      db: ctx.db,
      blobs: ctx.blobs,
      logger: ctx.logger,
      directory,
      today: () => osloDate(ctx.clock.nowMs()),
      maxDocumentBytes: ctx.config.maxDocumentBytes,
    };
    ctx.jobs.register({
      name: 'emergency-plans.sweep-orphan-documents',
      schedule: dailyAt('04:10'),
      async run(job) {
        const r = await sweepOrphanDocuments(job, { blobs: ctx.blobs, nowMs: job.clock.nowMs() });
        job.logger.info(r, 'orphan plan documents swept');
      },
    });
    return {
      api: { directory, createExample: (actor) => createExamplePlan(deps, routing.runtime, actor) },
      routes: (route, app) => registerEmergencyPlanRoutes(route, app, deps),
    };
  },
});
