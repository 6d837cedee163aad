/**
 * `npm run bench:console` — the control room under load (issue 11): 50 consoles connected (operators
 * of one centre, each with its SSE stream), call events posted through the integration API at 50
 * events/s (one POST per event, as a telephone system reports them: 10 calls/s, each routed,
 * offered, queued, ringing and then answered or abandoned), for BENCH_SECONDS (default 10).
 *
 * Posts are paced by the clock and not awaited one by one (several in flight, as from many
 * telephone systems). Measured per (event, console):
 * - push: from the event's write in the ingest (the `at` of the `calls.centres.changed` it
 *   appends, the same machine's clock) to the console's parsing of its frame;
 * - view: to the end of the console's re-read of its queue and service level after that frame,
 *   as the web console does it: the first push naming its centre schedules a re-read 100 ms later
 *   (BENCH_RELOAD_WAIT_MS) that covers the burst; one re-read at a time.
 * Target (issue 11): push p99 < 200 ms (aim 50 ms), on one instance and across two on PostgreSQL.
 * Also: the queue read with 200 calls waiting (a console's first load), median of 20.
 *
 * Scenarios: one instance on PGlite; one on PostgreSQL; two instances on one PostgreSQL (events
 * posted on A, the consoles on B). The consoles run in a process of their own (console-clients.ts);
 * servers and poster share this one, and all share the machine's two cores: figures are an upper
 * bound for a dedicated server.
 */
import { fork } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import type { ConsoleResults } from './console-clients.ts';
import { createTestSchema } from '../src/platform/db/testing.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { openPostgres } from '../src/platform/db/postgres.ts';
import { postgresForTests } from '../src/platform/db/test-postgres.ts';
import type { Db } from '../src/platform/db/types.ts';
import { createTestApp, type TestApp } from '../src/platform/testing/app.ts';
import { buildDataSet } from '../src/routing/domain/testing.ts';
import { createRoutingModule } from '../src/routing/module.ts';
import { callsModule } from '../src/calls/module.ts';
import { scriptCallEvents } from '../src/calls/testing/call-events.ts';
import type { CallEvent } from '../src/calls/domain/call-event.ts';

const CONSOLES = Number(process.env.BENCH_CONSOLES ?? 50);
const RATE = Number(process.env.BENCH_EVENTS_PER_S ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CENTRE = 'lv-oslo';
/** The web console's wait before it re-reads after a push (control-room-page.tsx). */
const RELOAD_WAIT_MS = Number(process.env.BENCH_RELOAD_WAIT_MS ?? 100);

const now = () => performance.timeOrigin + performance.now();

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function listen(t: TestApp): Promise<string> {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

async function instance(db?: Db): Promise<TestApp> {
  const routing = createRoutingModule({ seed: async () => buildDataSet() });
  return createTestApp({
    ...(db ? { db } : { kind: 'pglite' as const }),
    modules: [routing, callsModule],
    env: { NODMELD_LOG_LEVEL: 'silent' },
  });
}

/** The events of the run, in the order they are posted: calls overlap as in a real queue. */
function eventStream(total: number, run: string): CallEvent[] {
  const perCall: CallEvent[][] = [];
  const calls = Math.ceil(total / 5);
  const t0 = Date.now();
  for (let i = 0; i < calls; i++) {
    perCall.push(
      scriptCallEvents({
        callId: `bench-${run}-${i}`,
        centreId: CENTRE,
        municipality: '0301',
        offeredAt: t0 + i * 100,
        menuMs: 2_000,
        ...(i % 10 === 9 ? { abandonAfterMs: 30_000 } : { answerMs: 20_000 + (i % 7) * 10_000 }),
      }).slice(0, 5),
    );
  }
  // Interleave: call i's k-th event goes out with call i+2k's first (a few calls in flight at once).
  const out: CallEvent[] = [];
  for (let step = 0; out.length < total; step++) {
    for (let k = 0; k < 5; k++) {
      const e = perCall[step - 2 * k]?.[k];
      if (e && out.length < total) out.push(e);
    }
  }
  return out;
}

async function scenario(name: string, poster: TestApp, consoles: TestApp): Promise<void> {
  const base = await listen(consoles);
  const total = RATE * SECONDS;
  const events = eventStream(total, `${name.replace(/\W+/g, '-')}-${Date.now().toString(36)}`);
  let posted = 0;
  const operatorTokens = await Promise.all(
    Array.from({ length: CONSOLES }, () => consoles.tokenFor('operator', CENTRE)),
  );
  // The consoles in their own process (console-clients.ts), as browsers are.
  const child = fork(path.join(import.meta.dirname, 'console-clients.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const reply = <T>(key: string) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (m: Record<string, unknown>) => {
        if (!(key in m)) return;
        child.off('message', onMessage);
        resolve(m[key] as T);
      };
      child.on('message', onMessage);
      child.once('exit', (code) => reject(new Error(`the consoles' process ended (${code})`)));
    });
  const ready = reply<boolean>('ready');
  child.send({ start: { base, tokens: operatorTokens, centre: CENTRE, reloadWaitMs: RELOAD_WAIT_MS } });
  await ready;

  const load1 = os.loadavg()[0]!;
  const started = now();
  // Paced by the clock; several posts in flight when the server is slower than the pace.
  const inflight = new Set<Promise<void>>();
  let refused = 0;
  for (let n = 0; n < total; n++) {
    const due = started + (n * 1000) / RATE;
    const wait = due - now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const p = poster.app
      .inject({
        method: 'POST',
        url: '/api/v1/calls/events',
        headers: { authorization: `Bearer ${poster.adminToken}` },
        payload: { events: [events[n]] },
      })
      .then((r) => {
        if (r.statusCode === 200 && r.json<{ accepted: number }>().accepted === 1) posted++;
        else refused++;
      })
      .finally(() => inflight.delete(p));
    inflight.add(p);
  }
  await Promise.all(inflight);
  const elapsed = (now() - started) / 1000;
  const finished = reply<ConsoleResults>('results');
  child.send({ finish: posted * CONSOLES });
  const { push: pushLatency, view: viewLatency, getTimes, readErrors } = await finished;

  // The first load: 200 calls waiting.
  const waitingEvents = Array.from({ length: 200 }, (_, i) =>
    scriptCallEvents({
      callId: `bench-waiting-${name.replace(/\W+/g, '-')}-${Date.now().toString(36)}-${i}`,
      centreId: CENTRE,
      municipality: '0301',
      offeredAt: Date.now() - 60_000 + i * 100,
      menuMs: 1_000,
    }),
  ).flat();
  await poster.app.inject({
    method: 'POST',
    url: '/api/v1/calls/events',
    headers: { authorization: `Bearer ${poster.adminToken}` },
    payload: { events: waitingEvents },
  });
  const loads: number[] = [];
  let shown = 0;
  for (let i = 0; i < 20; i++) {
    const t = now();
    const r = await fetch(`${base}/api/v1/calls/queue?centre=${CENTRE}`, {
      headers: { authorization: `Bearer ${operatorTokens[0]}` },
    });
    shown = (await r.json()).calls.length;
    loads.push(now() - t);
  }
  loads.sort((a, b) => a - b);
  // They hang up: the next scenario (same schema) starts with an empty queue.
  await poster.app.inject({
    method: 'POST',
    url: '/api/v1/calls/events',
    headers: { authorization: `Bearer ${poster.adminToken}` },
    payload: {
      events: waitingEvents
        .filter((e) => e.type === 'offered')
        .map((e) => ({
          eventId: `${e.callId}:abandoned`,
          callId: e.callId,
          occurredAt: new Date().toISOString(),
          source: 'centre-telephony',
          type: 'abandoned',
        })),
    },
  });

  const fmt = (xs: number[]) => {
    xs.sort((a, b) => a - b);
    return `p50 ${percentile(xs, 50).toFixed(1)} ms, p99 ${percentile(xs, 99).toFixed(1)} ms, max ${xs.at(-1)?.toFixed(1)} ms`;
  };
  process.stdout.write(
    `${name}: ${posted} events posted in ${elapsed.toFixed(1)} s (${(posted / elapsed).toFixed(0)}/s) to ${CONSOLES} consoles; ` +
      `push (event in → console) ${fmt(pushLatency)}; view (event in → queue read) ${fmt(viewLatency)}; ` +
      `missing ${posted * CONSOLES - pushLatency.length}; posts refused ${refused}; queue read errors ${readErrors}; ` +
      `GET ${Object.entries(getTimes)
        .map(([path, xs]) => `${path.split('/').at(-1)} ×${xs.length} ${fmt(xs)}`)
        .join('; ')}; ` +
      `first load (${shown} calls waiting) median ${percentile(loads, 50).toFixed(1)} ms; ` +
      `load average ${load1.toFixed(2)} → ${os.loadavg()[0]!.toFixed(2)}\n`,
  );
}

async function main(): Promise<void> {
  process.stdout.write(
    `# bench:console — ${new Date().toISOString()} — ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, ` +
      `Node ${process.version}; ${CONSOLES} consoles, ${RATE} call events/s for ${SECONDS} s\n`,
  );
  const only = process.env.BENCH_ONLY;
  if (!only || only === 'pglite') {
    const t = await instance();
    await scenario('one instance, PGlite', t, t);
    await t.close();
  }
  const server =
    process.env.BENCH_DATABASE_URL !== undefined
      ? { url: process.env.BENCH_DATABASE_URL, stop: async () => undefined }
      : await postgresForTests();
  if (server.url === null) {
    process.stdout.write(`PostgreSQL scenarios skipped: ${'why' in server ? server.why : ''}\n`);
    return;
  }
  const schema = await createTestSchema(server.url);
  try {
    const open = async () => openPostgres(schema.url, { max: 10 });
    const setup = await open();
    await migrate(setup);
    await setup.close();
    if (!only || only === 'pg') {
      const db = await open();
      const t = await instance(db);
      await scenario('one instance, PostgreSQL', t, t);
      await t.close();
      await db.close();
    }
    if (!only || only === 'pg2') {
      const dbA = await open();
      const dbB = await open();
      const a = await instance(dbA);
      const b = await instance(dbB);
      await scenario('two instances, PostgreSQL (events posted on A, consoles on B)', a, b);
      await a.close();
      await b.close();
      await dbA.close();
      await dbB.close();
    }
  } finally {
    await schema.drop();
    await server.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
