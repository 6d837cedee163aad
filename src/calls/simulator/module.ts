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
import { RealtimeSimulator, type PeopleCentres, type RealtimeOptions, type RoutingPort } from './realtime.ts';
import { centresWithRole } from '../../platform/auth/auth-service.ts';
import { CountingCallEventSink, RecordingCallEventSink, type CallEventSink } from './sink.ts';
import { callsModule } from '../module.ts';
import { loadStaffingFile } from './staffing-file.ts';

export interface SimulatorApi {
  /** The running background traffic, when on. */
  background: RealtimeSimulator | null;
  /** The calls of the people's centres (NODMELD_SIMULATE_PEOPLE), when any. */
  people: RealtimeSimulator | null;
}

/** One simulated week at a time; a new model (new seed) follows when it is used up. */
const BACKGROUND_HOURS = 24 * 7;
const HOURS_PER_YEAR = 8760;
/** The people's model is at most this many times the national volume (its callers are skipped outside the centres' counties). */
const MAX_PEOPLE_SCALE = 200;

export const simulatorModule = defineModule<SimulatorConfig, SimulatorApi>({
  name: 'simulator',
  config: simulatorConfigSchema,
  cli: { simulate: simulateCommand },
  async init(ctx) {
    if (!ctx.config.backgroundTraffic) return { api: { background: null, people: null } };
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
    const decide: RoutingPort = {
      decide: async (call, atMs) => (await routing.decider.decide(call, 'simulator', { at: atMs })).decision,
    };
    const gaveUp = sent.cell();
    // A hang-up at a people's centre goes straight to the ingest: the fold refuses it when a
    // person answered first (or the call is gone), which is the answer, not an error.
    const people: PeopleCentres = {
      has: (centreId) => peopleSet.has(centreId),
      async giveUp(event) {
        if (!calls) return false;
        const [r] = await calls.record([event]);
        if (r?.outcome === 'accepted') return true;
        if (r?.outcome === 'refused' && r.problem?.code !== 'call.transition-refused') {
          throw new Error(`a simulated hang-up was refused: ${r.problem?.message ?? ''}`);
        }
        return false;
      },
    };
    let peopleSet: ReadonlySet<string> = new Set();
    let round = 0;
    let sim: RealtimeSimulator | null = null;
    let peopleSim: RealtimeSimulator | null = null;
    const modelOf = (scale: number, owns: (centreId: string | undefined) => boolean, kind: string) => {
      const fromMs = Math.floor(ctx.clock.nowMs() / MS_PER_HOUR) * MS_PER_HOUR;
      const seed = (fromMs / MS_PER_HOUR + round++) >>> 0;
      return new TrafficModel({
        data: routing.runtime.current().compiled.source,
        router,
        params: { ...DEFAULT_PARAMETERS, scale },
        staffing,
        fromMs,
        toMs: fromMs + BACKGROUND_HOURS * MS_PER_HOUR,
        seed,
        makeRandom: mulberry32,
        callIdPrefix: `${kind}-${fromMs.toString(36)}-${round.toString(36)}-`,
        owns,
      });
    };
    const run = (model: TrafficModel, extra: Partial<RealtimeOptions>) =>
      new RealtimeSimulator({
        model,
        routing: decide,
        sink,
        clock: ctx.clock,
        speed: ctx.config.NODMELD_SIMULATE_SPEED,
        startAtMs: ctx.clock.nowMs(),
        tickMs: 1000,
        onCall: () => cell.v++,
        onError: (err) => ctx.logger.warn({ err }, 'background traffic: a call failed'),
        ...extra,
      }).start();
    const startRound = () => {
      sim = run(
        modelOf(ctx.config.NODMELD_SIMULATE_SCALE, (c) => c === undefined || !peopleSet.has(c), 'bg'),
        {},
      );
    };
    /**
     * The calls of the people's centres: a model of their own, scaled so that they get
     * `peoplePerHour` calls an hour together on average (the day's profile still shapes the
     * hours); only callers of their counties are decided (the model's misrouted callers stay in
     * their county), so a large scale costs no decisions for the rest of the country.
     */
    const startPeopleRound = () => {
      if (peopleSet.size === 0) return;
      const probe = modelOf(1, () => false, 'probe');
      const { share, counties } = probe.reachOf(peopleSet, ctx.clock.nowMs());
      if (share <= 0) {
        ctx.logger.warn(
          { centres: [...peopleSet] },
          "background traffic: no caller reaches the people's centres",
        );
        return;
      }
      const scale = Math.min(
        MAX_PEOPLE_SCALE,
        (ctx.config.peoplePerHour * HOURS_PER_YEAR) / (DEFAULT_PARAMETERS.callsPerYear * share),
      );
      const model = modelOf(scale, (c) => c !== undefined && peopleSet.has(c), 'people');
      peopleSim = run(model, {
        // People answer in real time: their calls' instants are the wall clock's, whatever the speed.
        speed: 1,
        people,
        skip: (a) => !counties.has(model.countyOf(a.municipality) ?? ''),
        onGaveUp: () => gaveUp.v++,
      });
      ctx.logger.info(
        { centres: [...peopleSet], perHour: ctx.config.peoplePerHour },
        'background traffic: calls of these centres ring for people at the console',
      );
    };
    const centreIds = () => new Set(routing.runtime.current().compiled.source.centres.map((c) => c.id));
    const resolvePeople = async (): Promise<ReadonlySet<string>> => {
      const setting = ctx.config.people;
      if (setting === 'none') return new Set();
      const known = centreIds();
      const wanted = setting === 'auto' ? await centresWithRole(ctx.db, 'operator') : setting;
      const unknown = wanted.filter((id) => !known.has(id));
      if (unknown.length > 0 && setting !== 'auto') {
        ctx.logger.warn({ unknown }, 'NODMELD_SIMULATE_PEOPLE: no such centre in the routing data');
      }
      return new Set(wanted.filter((id) => known.has(id)));
    };
    const refreshPeople = async () => {
      const next = await resolvePeople();
      if ([...next].join() === [...peopleSet].join()) return;
      peopleSet = next;
      const old = peopleSim;
      peopleSim = null;
      await old?.stop();
      startPeopleRound();
    };
    peopleSet = await resolvePeople().catch((err: unknown) => {
      ctx.logger.warn({ err }, "background traffic: the people's centres could not be read");
      return new Set<string>();
    });
    startRound();
    startPeopleRound();
    let ticks = 0;
    const rollover = ctx.clock
      .setInterval(() => {
        if (sim?.done()) {
          void sim.stop();
          startRound();
        }
        if (peopleSim?.done()) {
          void peopleSim.stop();
          peopleSim = null;
          startPeopleRound();
        }
        // Operators come and go (`auto`): look again every minute.
        if (++ticks % 4 === 0)
          refreshPeople().catch((err: unknown) =>
            ctx.logger.warn({ err }, "background traffic: the people's centres could not be read"),
          );
      }, 15_000)
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
        get people() {
          return peopleSim;
        },
      },
      stop: async () => {
        rollover.cancel();
        await sim?.stop();
        await peopleSim?.stop();
      },
    };
  },
});
