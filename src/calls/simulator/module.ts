/**
 * The traffic simulator as a module: the `nodmeld simulate` command, and light background traffic
 * in the embedded default server so that a new user sees a living system (config.ts: `auto` is on
 * only for the embedded database on disk; `NODMELD_SIMULATE=off` turns it off).
 *
 * The background traffic decides every call through the live routing decider (door "simulator",
 * counted in `nodmeld_routing_decisions_total`) and hands the centres' events to the calls
 * module's in-process ingest (`CallsApi.record`: today the reports' in-memory source, the calls
 * store when it lands — the same call), so the reports show a living system. Without the calls
 * module the events are counted and dropped.
 */
import { defineModule } from '../../platform/module.ts';
import { mulberry32 } from '../../platform/seeded-random.ts';
import { routingModule } from '../../routing/module.ts';
import { menuInput, startMenu } from '../../routing/domain/menu.ts';
import { DEFAULT_POLICY } from '../../routing/domain/types.ts';
import { DEFAULT_PARAMETERS } from './core/parameters.ts';
import { MS_PER_HOUR } from './core/profile.ts';
import { TrafficModel, type SimRouter } from './core/traffic-model.ts';
import { simulatorConfigSchema, type SimulatorConfig } from './config.ts';
import { simulateCommand } from './cli.ts';
import { RealtimeSimulator } from './realtime.ts';
import { CountingCallEventSink, RecordingCallEventSink, type CallEventSink } from './sink.ts';
import { callsModule } from '../module.ts';
import { loadStaffingFile } from './staffing-file.ts';

export interface SimulatorApi {
  /** The running background traffic, when on. */
  background: RealtimeSimulator | null;
}

/** One simulated week at a time; a new model (new seed) follows when it is used up. */
const BACKGROUND_HOURS = 24 * 7;

export const simulatorModule = defineModule<SimulatorConfig, SimulatorApi>({
  name: 'simulator',
  config: simulatorConfigSchema,
  cli: { simulate: simulateCommand },
  async init(ctx) {
    if (!ctx.config.backgroundTraffic) return { api: { background: null } };
    const routing = ctx.use(routingModule);
    const staffing = await loadStaffingFile();
    const calls = ctx.find(callsModule);
    const sink: CallEventSink = calls
      ? new RecordingCallEventSink((events) => calls.record(events))
      : new CountingCallEventSink();
    const sent = ctx.metrics.counter({
      name: 'nodmeld_simulator_calls_total',
      help: 'Calls played by the background traffic simulator',
      labels: [],
    });
    const cell = sent.cell();
    const router: SimRouter = {
      preview: (call, atMs) => routing.decider.preview(call, atMs),
      menuPostcode(callingNumber, postcode, atMs) {
        const c = {
          data: routing.runtime.current().compiled,
          state: routing.runtime.state(),
          at: atMs,
          policy: DEFAULT_POLICY,
          callingNumber,
        };
        return menuInput(menuInput(startMenu({ entry: 'fallback' }).state, '1', c).state, postcode, c)
          .decision;
      },
    };
    let round = 0;
    let sim: RealtimeSimulator | null = null;
    const startRound = () => {
      const fromMs = Math.floor(ctx.clock.nowMs() / MS_PER_HOUR) * MS_PER_HOUR;
      const seed = (fromMs / MS_PER_HOUR + round++) >>> 0;
      const model = new TrafficModel({
        data: routing.runtime.current().compiled.source,
        router,
        params: { ...DEFAULT_PARAMETERS, scale: ctx.config.NODMELD_SIMULATE_SCALE },
        staffing,
        fromMs,
        toMs: fromMs + BACKGROUND_HOURS * MS_PER_HOUR,
        seed,
        makeRandom: mulberry32,
        callIdPrefix: `bg-${fromMs.toString(36)}-`,
      });
      sim = new RealtimeSimulator({
        model,
        routing: {
          decide: async (call, atMs) =>
            (await routing.decider.decide(call, 'simulator', { at: atMs })).decision,
        },
        sink,
        clock: ctx.clock,
        speed: ctx.config.NODMELD_SIMULATE_SPEED,
        startAtMs: ctx.clock.nowMs(),
        tickMs: 1000,
        onCall: () => cell.v++,
        onError: (err) => ctx.logger.warn({ err }, 'background traffic: a call failed'),
      }).start();
    };
    startRound();
    const rollover = ctx.clock
      .setInterval(() => {
        if (sim?.done()) {
          void sim.stop();
          startRound();
        }
      }, 60_000)
      .unref();
    ctx.logger.info(
      { scale: ctx.config.NODMELD_SIMULATE_SCALE },
      'background traffic simulator started (NODMELD_SIMULATE=off turns it off)',
    );
    return {
      api: {
        get background() {
          return sim;
        },
      },
      stop: async () => {
        rollover.cancel();
        await sim?.stop();
      },
    };
  },
});
