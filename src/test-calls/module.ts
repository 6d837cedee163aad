/**
 * The test-call regime (RT-8; docs/test-calls.md): real SIP calls to every centre's public
 * 8-digit number and to 116117 as a caller from each municipality the centre serves, through the
 * live routing (the 116117 redirect server and on to where its 302 points), after every
 * routing-data activation and re-route (the kernel's event bus), on a schedule (a kernel job, once
 * per cluster) and on request; failures raise alarms for the operations centre and the centre;
 * centre leaders and municipalities see their history and sign off. In demo and test deployments
 * the centres are simulated SIP endpoints (simulated-centres.ts). Mounted after routing and
 * telephony.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { defineModule, ListenError, type Listener } from '../platform/module.ts';
import { dailyAt, every, manualOnly } from '../platform/jobs/schedule.ts';
import { SYSTEM_ACTOR } from '../platform/auth/actor.ts';
import { routingModule } from '../routing/module.ts';
import { dataVersionActivated, rerouteCreated, rerouteEnded } from '../routing/events.ts';
import { SipUserAgent, type SipTarget } from '../telephony/sip-client/user-agent.ts';
import { testCallsConfigSchema, type TestCallsConfig } from './config.ts';
import { NATIONAL_NUMBER, planRun } from './domain/plan.ts';
import { registerTestCallRoutes } from './http/routes.ts';
import { placeCall } from './place-call.ts';
import { TestCallRuns } from './run-service.ts';
import { startSimulatedCentres, type SimulatedCentres } from './simulated-centres.ts';
import { testCallsCommand } from './cli.ts';

export interface TestCallsApi {
  runs: TestCallRuns;
  /** The simulated centres (started on first use), or null when calls go to a real trunk. */
  simulated(): Promise<SimulatedCentres | null>;
}

export interface TestCallsModuleOptions {
  /** Where the 116117 redirect server is (tests: a server started on a random port). */
  redirect?: () => SipTarget;
  /** A process name for run ownership (tests run two "processes" in one). */
  owner?: string;
}

/** The module; options are for tests. */
export function createTestCallsModule(options: TestCallsModuleOptions = {}) {
  return defineModule<TestCallsConfig, TestCallsApi>({
    name: 'test-calls',
    config: testCallsConfigSchema,
    cli: { 'test-calls': testCallsCommand },
    init(ctx) {
      const cfg = ctx.config;
      const routing = ctx.use(routingModule);
      const runtime = routing.runtime;
      const owner = options.owner ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

      // The SIP user agent and the simulated centres are opened on first use (a run) or at listen.
      let sip: Promise<{ ua: SipUserAgent; sim: SimulatedCentres | null }> | null = null;
      const openSip = () =>
        (sip ??= (async () => {
          const ua = await SipUserAgent.open({ host: '127.0.0.1' });
          let sim: SimulatedCentres | null = null;
          if (cfg.centres.mode === 'simulated') {
            try {
              sim = await startSimulatedCentres({
                host: '127.0.0.1',
                port: cfg.simulated.port,
                answerDelayMs: cfg.simulated.answerDelayMs,
                behaviours: cfg.simulated.faults,
              });
            } catch (err) {
              await ua.close();
              throw err;
            }
            // The numbers terminated at the simulated centres: those of the data in force now.
            if (runtime.hasData()) sim.terminate(runtime.current().data);
          }
          return { ua, sim };
        })().catch((err: unknown) => {
          sip = null;
          throw err;
        }));

      const runs = new TestCallRuns({
        db: ctx.db,
        clock: ctx.clock,
        logger: ctx.logger,
        owner,
        concurrency: cfg.concurrency,
        callTimeoutMs: cfg.callTimeoutMs,
        staleMs: cfg.staleMs,
        async plan(centreIds) {
          // The activation or re-route that triggered the run may not be applied here yet.
          await runtime.syncNow();
          const snap = runtime.current();
          const at = ctx.clock.now();
          const locate = (n: string) => {
            const d = routing.decider.preview(
              { calledNumber: NATIONAL_NUMBER, callingNumber: n, network: 'fixed' },
              at,
            );
            const byNumber =
              d.outcome === 'connect' && (d.method === 'number-series' || d.locatedBy === 'number-series');
            return byNumber ? d.municipality : undefined;
          };
          return { version: snap.version, calls: planRun(snap.data, centreIds, locate, cfg.directCaller) };
        },
        async place(runId, call, signal) {
          const { ua, sim } = await openSip();
          const trunk = cfg.centres.mode === 'trunk' ? cfg.centres.target : sim!.address;
          return placeCall(
            {
              ua,
              redirect: options.redirect?.() ?? cfg.redirect,
              centres: () => trunk,
              data: () => {
                const s = runtime.current();
                return { version: s.version, data: s.data };
              },
              headerPrefix: cfg.headerPrefix,
              hopTimeoutMs: cfg.callTimeoutMs,
            },
            runId,
            call,
            signal,
          );
        },
      });

      // Triggers: one run per event across the cluster (the event's outbox position is its key).
      const subscriptions = cfg.enabled
        ? [
            ctx.events.subscribe({
              types: [dataVersionActivated.type],
              handler: async (e) => {
                await runs.request({
                  trigger: 'activation',
                  triggerKey: `event:${e.position}`,
                  centreIds: null,
                  actor: SYSTEM_ACTOR,
                });
              },
            }),
            ctx.events.subscribe({
              types: [rerouteCreated.type, rerouteEnded.type],
              handler: async (e) => {
                const p = e.payload as { fromCentreId: string; toCentreId: string };
                const centreIds = [...new Set([p.fromCentreId, p.toCentreId])].sort();
                await runs.request({
                  trigger: 'reroute',
                  triggerKey: `event:${e.position}`,
                  centreIds,
                  actor: SYSTEM_ACTOR,
                });
              },
            }),
          ]
        : [];

      ctx.jobs.register({
        name: 'test-calls.scheduled-run',
        schedule: cfg.enabled && cfg.schedule ? dailyAt(cfg.schedule) : manualOnly,
        async run(job) {
          await runs.request({
            trigger: 'schedule',
            triggerKey: `schedule:${job.slot}`,
            centreIds: null,
            actor: SYSTEM_ACTOR,
          });
        },
      });
      ctx.jobs.register({
        name: 'test-calls.sweep-interrupted',
        schedule: every(cfg.staleMs),
        async run(job) {
          await runs.sweep(job.clock.nowMs());
        },
      });

      return {
        api: {
          runs,
          simulated: async () => (cfg.centres.mode === 'simulated' ? (await openSip()).sim : null),
        },
        routes: (route) => registerTestCallRoutes(route, { db: ctx.db, clock: ctx.clock, runtime, runs }),
        async listen(): Promise<Listener[]> {
          if (!cfg.enabled) return [];
          try {
            const { ua, sim } = await openSip();
            const where = sim ? `, simulated centres udp ${sim.address.host}:${sim.address.port}` : '';
            // Queued runs left by an earlier start.
            runs.kick();
            return [
              {
                describe: `test calls: SIP UA udp ${ua.address.host}:${ua.address.port}${where}`,
                close: async () => {},
              },
            ];
          } catch (err) {
            throw new ListenError('test calls (SIP UA and simulated centres)', '127.0.0.1', err);
          }
        },
        async stop() {
          for (const s of subscriptions) s.close();
          await runs.stop();
          if (sip) {
            const { ua, sim } = await sip.catch(() => ({ ua: null, sim: null }));
            await ua?.close();
            await sim?.close();
          }
        },
      };
    },
  });
}

/** The module as `nodmeld start` mounts it. */
export const testCallsModule = createTestCallsModule();
