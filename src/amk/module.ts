/**
 * The AMK picture (issue 14; NN-4, NN-5, AMK-2; docs/amk.md): the resources an AMK coordinates
 * with their status, crew and positions, safety alarms that must be acknowledged and escalate
 * when they are not, and missions — under /api/v1/amk. Mounted after routing (the AMK areas and
 * their municipalities come from its data in force). The Nødnett adapter feeds it through the
 * API's `recordPositions` and `raiseSafetyAlarm` (the same use cases as the JSON routes).
 */
import { defineModule } from '../platform/module.ts';
import type { Actor } from '../platform/auth/actor.ts';
import { dailyAt, every } from '../platform/jobs/schedule.ts';
import { routingModule } from '../routing/module.ts';
import { amkAreas, type AmkAreas } from './areas.ts';
import { amkConfigSchema, type AmkConfig } from './config.ts';
import type { AmkDeps } from './deps.ts';
import type { PositionReport } from './domain/position.ts';
import { escalateDueAlarms } from './alarms/escalate-alarms.ts';
import { raiseSafetyAlarm, type SafetyAlarmInput } from './alarms/raise-safety-alarm.ts';
import { AlarmInbox } from './alarms/alarm-inbox.ts';
import type { SafetyAlarm } from './alarms/alarm-store.ts';
import { AlertDelivery } from './alert-delivery/deliver-alerts.ts';
import { statusFromTerminal, type TerminalStatusOutcome } from './resources/status-from-terminal.ts';
import { answerFromTerminal, type TerminalAnswerOutcome } from './first-responders/answer-from-terminal.ts';
import type { FirstResponderAnswer, ResourceStatus } from './domain/resource.ts';
import { registerAmkRoutes } from './http/routes.ts';
import { prunePositions } from './positions/prune-positions.ts';
import { recordPositions, type RecordPositionsResult } from './positions/record-positions.ts';

export interface AmkApi {
  /** THE way positions enter (the Nødnett adapter, the simulator). */
  recordPositions(actor: Actor, reports: readonly PositionReport[]): Promise<RecordPositionsResult>;
  /** THE way safety alarms enter. Idempotent per ISSI and instant: retry until it resolves. */
  raiseSafetyAlarm(actor: Actor, input: SafetyAlarmInput): Promise<{ alarm: SafetyAlarm; created: boolean }>;
  /**
   * Where the Nødnett adapter hands alarms: raised now, or kept and retried while the database does
   * not answer (alarm-inbox.ts) — never dropped in a running process.
   */
  alarmInbox: AlarmInbox;
  /** A crew's status message from its terminal (NN-5): the unit's status follows, by the transition table. */
  statusFromTerminal(
    actor: Actor,
    input: { issi: string; status: ResourceStatus },
  ): Promise<TerminalStatusOutcome>;
  /** A first-responder group's answer from its terminal (NN-6): to its latest alert that can take it. */
  answerFromTerminal(
    actor: Actor,
    input: { issi: string; answer: FirstResponderAnswer },
  ): Promise<TerminalAnswerOutcome>;
  /** Escalates what is due now (the job's work; tests and tools). */
  escalateDueAlarms(): Promise<number>;
  areas: AmkAreas;
  deps: AmkDeps;
  /**
   * Alerts to recipients outside nodmeld (police, fire, rescue coordination, first-responder
   * groups): the Nødnett module attaches its channel and reports "consumed" messages here.
   */
  alertDelivery: Pick<AlertDelivery, 'attach' | 'consumed' | 'runDue'>;
}

export const amkModule = defineModule<AmkConfig, AmkApi>({
  name: 'amk',
  config: amkConfigSchema,
  init(ctx) {
    const routing = ctx.use(routingModule);
    const areas = amkAreas(routing.runtime, ctx.config.neighbours);
    // The worker is made before the deps it serves, and wakes through them (deps.alertDelivery.kick).
    let delivery: AlertDelivery | null = null;
    const deps: AmkDeps = {
      db: ctx.db,
      clock: ctx.clock,
      config: ctx.config,
      areas,
      logger: ctx.logger,
      alertDelivery: { kick: () => delivery?.kick() },
    };
    delivery = new AlertDelivery(deps);
    const alertDelivery = delivery;
    ctx.jobs.register({
      name: 'amk.deliver-alerts',
      schedule: every(ctx.config.alertDeliverySweepMs),
      async run(job) {
        const n = await alertDelivery.runDue();
        if (n > 0) job.logger.info({ attempts: n }, 'alert deliveries attempted');
      },
    });
    ctx.jobs.register({
      name: 'amk.escalate-alarms',
      schedule: every(ctx.config.escalationSweepMs),
      async run(job) {
        const n = await escalateDueAlarms({ ...deps, clock: job.clock });
        if (n > 0) job.logger.warn({ steps: n }, 'unacknowledged safety alarms escalated');
      },
    });
    ctx.jobs.register({
      name: 'amk.prune-positions',
      schedule: dailyAt('03:40'),
      async run(job) {
        const n = await prunePositions(job, ctx.config.positionRetentionMs);
        job.logger.info({ deleted: n }, 'old positions deleted');
      },
    });
    // Waiting alarms are kept through the blob port: a restart while the database is down loses none.
    const alarmInbox = new AlarmInbox(deps, 1000, ctx.blobs);
    void alarmInbox
      .recover()
      .catch((err: unknown) =>
        ctx.logger.error({ err }, 'the safety alarms kept by an earlier process could not be listed'),
      );
    return {
      api: {
        alarmInbox,
        recordPositions: (actor, reports) => recordPositions(deps, actor, reports),
        raiseSafetyAlarm: (actor, input) => raiseSafetyAlarm(deps, actor, input),
        escalateDueAlarms: () => escalateDueAlarms(deps),
        statusFromTerminal: (actor, input) => statusFromTerminal(deps, actor, input),
        answerFromTerminal: (actor, input) => answerFromTerminal(deps, actor, input),
        areas,
        deps,
        alertDelivery,
      },
      routes: (route) => registerAmkRoutes(route, deps),
      health: () =>
        alarmInbox.size() > 0
          ? { status: 'degraded', detail: { pendingAlarms: alarmInbox.size() } }
          : { status: 'ok' },
      stop: () => {
        alarmInbox.stop();
        alertDelivery.stop();
        return Promise.resolve();
      },
    };
  },
});
