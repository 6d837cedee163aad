/**
 * `npm run bench:events` — publish-to-every-subscriber latency of the event push (issue 9):
 * 50 SSE subscribers (real HTTP connections to the server's /api/v1/events), 500 events/s
 * published through `recordChange` (one transaction each: audit row + outbox row + NOTIFY, several
 * in flight at once), for BENCH_SECONDS (default 10). Latency is measured per (event, subscriber)
 * from just before the publishing transaction starts to the moment the subscriber has parsed the
 * frame — write, commit, NOTIFY, outbox read, filtering, SSE and parsing included.
 *
 * Scenarios: one instance on PGlite; one instance on PostgreSQL; two instances on one PostgreSQL
 * (published on A, the 50 subscribers on B). PostgreSQL: BENCH_DATABASE_URL, TEST_DATABASE_URL or
 * the local server (a fresh schema, dropped afterwards). Subscribers, servers and publisher share
 * this process (and the machine's cores): figures are an upper bound for a dedicated server.
 * Targets: p99 < 50 ms on one instance, < 100 ms across two.
 */
import os from 'node:os';
import { z } from 'zod';
import { SYSTEM_ACTOR } from '../src/platform/auth/actor.ts';
import { createTestSchema } from '../src/platform/db/testing.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { openPostgres } from '../src/platform/db/postgres.ts';
import { postgresForTests } from '../src/platform/db/test-postgres.ts';
import type { Db } from '../src/platform/db/types.ts';
import { defineEvent } from '../src/platform/events/define-event.ts';
import { recordChange } from '../src/platform/events/record-change.ts';
import { openEventStream, type SseConnection } from '../src/platform/events/sse-client.ts';
import { createTestApp, type TestApp } from '../src/platform/testing/app.ts';

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 50);
const RATE = Number(process.env.BENCH_EVENTS_PER_S ?? 500);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

const ping = defineEvent({
  type: 'bench.ping.sent',
  scope: () => ({ kind: 'centre', id: 'lv-bench' }),
  payload: z.object({ n: z.number().int(), t: z.number() }),
});

const now = () => performance.timeOrigin + performance.now();

async function listen(t: TestApp): Promise<string> {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function scenario(name: string, publishDb: Db, subscriberApp: TestApp): Promise<void> {
  const base = await listen(subscriberApp);
  /** Per event: when its publishing transaction started and when its commit was confirmed. */
  const startedAt: number[] = [];
  const committedAt: number[] = [];
  const receipts: { n: number; at: number }[] = [];
  const received = new Array<number>(SUBSCRIBERS).fill(0);
  const conns: SseConnection[] = [];
  // Subscribers: operators of the benchmark centre (the default canSee runs for every event).
  let reconnects = 0;
  let running = true;
  // A subscriber that is disconnected (too slow: its queue overflowed) resumes with its last id,
  // as a browser's EventSource does; the replay comes from the outbox.
  const subscribe = async (i: number, token: string, lastEventId: string | null): Promise<void> => {
    const conn = openEventStream({
      url: `${base}/api/v1/events`,
      token,
      lastEventId,
      onMessage: (m) => {
        if (m.event !== 'message') return;
        const at = now();
        const e = JSON.parse(m.data) as { type: string; payload: { n: number } };
        if (e.type !== ping.type) return;
        receipts.push({ n: e.payload.n, at });
        received[i]!++;
      },
    });
    conns[i] = conn;
    if ((await conn.opened) !== 200) throw new Error('a subscriber could not connect');
    void conn.ended.then(() => {
      if (!running) return;
      reconnects++;
      return subscribe(i, token, conn.lastEventId);
    });
  };
  // Subscribers: half administrators, half operators of the benchmark centre (canSee runs for each).
  for (let i = 0; i < SUBSCRIBERS; i++) {
    const token =
      i % 2 === 0 ? subscriberApp.adminToken : await subscriberApp.tokenFor('operator', 'lv-bench');
    await subscribe(i, token, null);
  }
  const total = RATE * SECONDS;
  const load1 = os.loadavg()[0]!;
  let sent = 0;
  let failed = 0;
  const inflight = new Set<Promise<unknown>>();
  const started = now();
  // Paced by the clock: every tick publishes what is due, each in its own transaction.
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const due = Math.min(total, Math.floor(((now() - started) / 1000) * RATE));
      while (sent < due) {
        const n = sent++;
        startedAt[n] = now();
        const p = publishDb
          .transaction((tx) =>
            recordChange(tx, SYSTEM_ACTOR, {
              audit: { action: 'bench.ping', entityType: 'bench', entityId: String(n) },
              event: ping.of({ n, t: startedAt[n]! }),
            }),
          )
          .then(() => (committedAt[n] = now()))
          .catch(() => failed++)
          .finally(() => inflight.delete(p));
        inflight.add(p);
      }
      if (sent >= total) {
        clearInterval(tick);
        resolve();
      }
    }, 5);
  });
  await Promise.all(inflight);
  const elapsed = (now() - started) / 1000;
  const published = total - failed;
  const deadline = now() + 30_000;
  while (received.some((r) => r < published) && now() < deadline) await new Promise((r) => setTimeout(r, 50));
  running = false;
  for (const c of conns) c.close();
  // Push: commit confirmed → subscriber (a frame may arrive before the publisher hears of its
  // commit: 0). End to end: publish call → subscriber (includes waiting to write when the database
  // cannot take the rate).
  const push = receipts.map((r) => Math.max(0, r.at - committedAt[r.n]!)).sort((a, b) => a - b);
  const e2e = receipts.map((r) => r.at - startedAt[r.n]!).sort((a, b) => a - b);
  const missing = received.reduce((s, r) => s + (published - r), 0);
  const fmt = (xs: number[]) =>
    `p50 ${percentile(xs, 50).toFixed(1)} ms, p99 ${percentile(xs, 99).toFixed(1)} ms, max ${xs.at(-1)?.toFixed(1)} ms`;
  process.stdout.write(
    `${name}: ${published} events × ${SUBSCRIBERS} subscribers, published in ${elapsed.toFixed(1)} s ` +
      `(${(published / elapsed).toFixed(0)}/s); push (commit → subscriber) ${fmt(push)}; ` +
      `end to end (publish call → subscriber) ${fmt(e2e)}; missing ${missing}; publish failures ${failed}; ` +
      `slow-subscriber disconnects (resumed) ${reconnects}; ` +
      `load average ${load1.toFixed(2)} → ${os.loadavg()[0]!.toFixed(2)}\n`,
  );
}

async function main(): Promise<void> {
  process.stdout.write(
    `# bench:events — ${new Date().toISOString()} — ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, ` +
      `Node ${process.version}; ${SUBSCRIBERS} SSE subscribers, ${RATE} events/s for ${SECONDS} s\n`,
  );
  const env = { NODMELD_LOG_LEVEL: 'silent' };
  const only = process.env.BENCH_ONLY;

  if (!only || only === 'pglite') {
    const t = await createTestApp({ kind: 'pglite', env });
    await scenario('one instance, PGlite', t.db, t);
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
      const t = await createTestApp({ db, env });
      await scenario('one instance, PostgreSQL', db, t);
      await t.close();
      await db.close();
    }
    if (!only || only === 'pg2') {
      const dbA = await open();
      const dbB = await open();
      const a = await createTestApp({ db: dbA, env });
      const b = await createTestApp({ db: dbB, env });
      await scenario('two instances, PostgreSQL (published on A, subscribers on B)', dbA, b);
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
