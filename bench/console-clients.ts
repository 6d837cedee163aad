/**
 * The consoles of `bench:console`, in a process of their own (forked by console.bench.ts), so the
 * 50 consoles' stream parsing and re-reads do not run on the server's event loop — in production
 * they are browsers on other machines. Each console does what the web console does
 * (web/src/features/control-room): one SSE stream; on a `calls.centres.changed` naming its centre
 * it schedules a re-read of its queue and service level RELOAD_WAIT_MS later, one re-read at a time.
 *
 * Protocol (IPC): the parent sends { base, tokens, centre, reloadWaitMs }; the child answers
 * { ready } once every stream is open; the parent sends { finish, expected } once it has posted;
 * the child waits for `expected` frames (at most 30 s), closes and sends { results }.
 */
import { openEventStream, type SseConnection } from '../src/platform/events/sse-client.ts';

export interface ConsoleResults {
  push: number[];
  view: number[];
  getTimes: Record<string, number[]>;
  readErrors: number;
}

interface Start {
  base: string;
  tokens: string[];
  centre: string;
  reloadWaitMs: number;
}

const now = () => performance.timeOrigin + performance.now();

async function runConsoles(start: Start) {
  const results: ConsoleResults = { push: [], view: [], getTimes: {}, readErrors: 0 };
  const conns: SseConnection[] = [];
  await Promise.all(
    start.tokens.map(async (token) => {
      let reading = false;
      let again = false;
      /** Frames heard since the read under way started (their `at`): its end is their view time. */
      let waitingFor: number[] = [];
      let scheduled: ReturnType<typeof setTimeout> | null = null;
      const get = async (path: string) => {
        const t0 = now();
        const r = await fetch(`${start.base}${path}?centre=${start.centre}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        if (r.status !== 200) results.readErrors++;
        await r.arrayBuffer();
        (results.getTimes[path] ??= []).push(now() - t0);
      };
      const read = async (): Promise<void> => {
        reading = true;
        const covers = waitingFor;
        waitingFor = [];
        await Promise.all([get('/api/v1/calls/queue'), get('/api/v1/calls/service-level')]);
        const at = now();
        for (const written of covers) results.view.push(at - written);
        reading = false;
        if (again) {
          again = false;
          void read();
        }
      };
      const schedule = () => {
        if (scheduled) return;
        scheduled = setTimeout(() => {
          scheduled = null;
          if (reading) again = true;
          else void read();
        }, start.reloadWaitMs);
      };
      const conn = openEventStream({
        url: `${start.base}/api/v1/events`,
        token,
        onMessage: (m) => {
          if (m.event !== 'message') return;
          const e = JSON.parse(m.data) as { type: string; at: string; payload: { centreIds: string[] } };
          if (e.type !== 'calls.centres.changed') return;
          // Every accepted post's frame (a routed-only call names no centre yet: no re-read).
          const written = Date.parse(e.at);
          results.push.push(now() - written);
          if (!e.payload.centreIds.includes(start.centre)) return;
          waitingFor.push(written);
          schedule();
        },
      });
      conns.push(conn);
      if ((await conn.opened) !== 200) throw new Error('a console could not connect');
    }),
  );
  return {
    results,
    async finish(expected: number): Promise<ConsoleResults> {
      const deadline = now() + 30_000;
      while (results.push.length < expected && now() < deadline) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 500));
      for (const c of conns) c.close();
      return results;
    },
  };
}

let consoles: Awaited<ReturnType<typeof runConsoles>> | null = null;
process.on('message', (m: { start?: Start; finish?: number }) => {
  void (async () => {
    if (m.start) {
      consoles = await runConsoles(m.start);
      process.send!({ ready: true });
    } else if (m.finish !== undefined && consoles) {
      process.send!({ results: await consoles.finish(m.finish) }, undefined, {}, () => process.exit(0));
    }
  })().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
});
