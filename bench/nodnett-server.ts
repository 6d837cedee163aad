/**
 * The server of `bench:nodnett`'s system run (nodnett-system.ts), in a process of its own so that
 * its CPU and memory are its own: the national data, the AMK and Nødnett modules with the simulated
 * network of BENCH_TERMINALS terminals (the simulator stands where the Nødnett gateway would: its
 * movement and LIP encoding run in this process too, and are counted in its CPU), every terminal
 * registered as a unit of the AMK area it moves in, listening on 127.0.0.1.
 *
 * Protocol (IPC): the child sends { ready: { base, consoles, areaOf, registerSeconds } } once set up; the parent
 * sends { start } (terminals move), { measure } (the window opens: CPU, memory and event-loop delay
 * from now), { alarm: issi } (the terminal presses its emergency button; answered with
 * { raised: { issi, at, ok } }), { finish } (the window closes; answered with { stats }), { exit }.
 */
import { randomUUID } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { amkModule } from '../src/amk/module.ts';
import type { DbKind } from '../src/platform/db/testing.ts';
import { createTestApp } from '../src/platform/testing/app.ts';
import { nodnettModule } from '../src/nodnett/module.ts';
import type { NodnettPosition } from '../src/nodnett/terminal-feed.ts';
import { createRoutingModule } from '../src/routing/module.ts';

export interface ServerStats {
  seconds: number;
  cpuPercent: number;
  rssPeakMb: number;
  rssEndMb: number;
  heapUsedMb: number;
  eventLoopP99Ms: number;
  feed: { positions: number; alarms: number; undecodable: number; listenerErrors: number };
  /** `${issi}|${observedAt}` → when the report reached nodmeld (ms since the epoch). */
  received: Record<string, number>;
}

const TERMINALS = Number(process.env.BENCH_TERMINALS ?? 10_000);
const CONSOLES = Number(process.env.BENCH_CONSOLES ?? 20);
const KIND = (process.env.BENCH_DB ?? 'pglite') as DbKind;
const now = () => performance.timeOrigin + performance.now();

const t = await createTestApp({
  kind: KIND,
  modules: [createRoutingModule(), amkModule, nodnettModule],
  env: {
    NODMELD_LOG_LEVEL: 'silent',
    NODMELD_NODNETT: 'simulator',
    NODMELD_NODNETT_TERMINALS: String(TERMINALS),
    NODMELD_NODNETT_MOVE: 'off',
  },
});
const nodnett = t.use(nodnettModule);
const sim = nodnett.simulator!;
const terminals = sim.terminals();

// Every terminal a unit of the area it moves in. Written straight into the register with one
// statement (as bench:national writes its calls): through the API, 10,000 registrations take
// minutes on this machine and are not what is measured here; the register has no cache to bypass.
const registerStarted = now();
await t.db.query(
  `INSERT INTO amk_resources (id, call_sign, kind, amk_id, station_name, station_lat, station_lon, issi, status_changed_at)
   SELECT id, 'SIM-' || issi, 'ambulance-car', amk_id, 'Stasjon ' || issi, lat, lon, issi, now()
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::float8[], $5::float8[]) AS t(id, issi, amk_id, lat, lon)`,
  [
    terminals.map(() => randomUUID()),
    terminals.map((x) => String(x.issi)),
    terminals.map((x) => x.area),
    terminals.map((x) => x.lat),
    terminals.map((x) => x.lon),
  ],
);
const registerSeconds = (now() - registerStarted) / 1000;

// The consoles: AMK operators spread over the simulated areas.
const areas = [...new Set(terminals.map((x) => x.area))];
const consoles = await Promise.all(
  Array.from({ length: CONSOLES }, async (_, i) => {
    const amkId = areas[i % areas.length]!;
    return { amkId, token: await t.tokenFor('amk-operator', amkId) };
  }),
);

await t.app.listen({ port: 0, host: '127.0.0.1' });
const address = t.app.server.address();
const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

// When each position report reached nodmeld (from the feed, in-process), for the parent to
// measure position-to-map from arrival: a long report's time of position has whole seconds.
let measuring = false;
const received: Record<string, number> = {};
nodnett.subscribe((e) => {
  if (!measuring) return;
  const p: NodnettPosition | null =
    e.kind === 'position' ? e.position : e.kind === 'emergency-alarm' ? e.alarm.position : null;
  if (p) received[`${p.issi}|${p.observedAt}`] = Date.parse(p.receivedAt);
});

const eld = monitorEventLoopDelay({ resolution: 10 });
let cpu0 = process.cpuUsage();
let wall0 = now();
let rssPeak = 0;
const sampler = setInterval(() => {
  rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
}, 250);
let feed0 = nodnett.counts();

process.send!({
  ready: {
    base,
    consoles,
    areaOf: Object.fromEntries(terminals.map((x) => [String(x.issi), x.area])),
    registerSeconds,
  },
});

process.on('message', (m: { start?: true; measure?: true; alarm?: number; finish?: true; exit?: true }) => {
  if (m.start) sim.start();
  else if (m.measure) {
    measuring = true;
    cpu0 = process.cpuUsage();
    wall0 = now();
    rssPeak = process.memoryUsage.rss();
    feed0 = nodnett.counts();
    eld.reset();
    eld.enable();
  } else if (m.alarm !== undefined) {
    const at = now();
    const ok = sim.raiseEmergency(m.alarm);
    process.send!({ raised: { issi: m.alarm, at, ok } });
  } else if (m.finish) {
    measuring = false;
    eld.disable();
    clearInterval(sampler);
    const cpu = process.cpuUsage(cpu0);
    const seconds = (now() - wall0) / 1000;
    const mem = process.memoryUsage();
    const feed = nodnett.counts();
    const stats: ServerStats = {
      seconds,
      cpuPercent: ((cpu.user + cpu.system) / 1e6 / seconds) * 100,
      rssPeakMb: Math.max(rssPeak, mem.rss) / 2 ** 20,
      rssEndMb: mem.rss / 2 ** 20,
      heapUsedMb: mem.heapUsed / 2 ** 20,
      eventLoopP99Ms: eld.percentile(99) / 1e6,
      feed: {
        positions: feed.positions - feed0.positions,
        alarms: feed.alarms - feed0.alarms,
        undecodable: feed.undecodable - feed0.undecodable,
        listenerErrors: feed.listenerErrors - feed0.listenerErrors,
      },
      received,
    };
    process.send!({ stats });
  } else if (m.exit) {
    void t.close().finally(() => process.exit(0));
  }
});
