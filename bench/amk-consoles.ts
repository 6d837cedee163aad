/**
 * The AMK consoles of `bench:nodnett`'s system run, in a process of their own (forked by
 * nodnett-system.ts) as browsers on other machines would be: each an AMK operator's event stream
 * (`/api/v1/events`), as the web's AMK picture opens it. Each notes when every unit position
 * (`amk.positions.recorded`) and every raised safety alarm (`amk.safety-alarm.changed`) reached it.
 *
 * Protocol (IPC): { start: { base, consoles } } → { ready } once every stream is open;
 * { measure } → positions noted from now; { finish } → { results } after the streams are closed.
 */
import { openEventStream, type SseConnection } from '../src/platform/events/sse-client.ts';

export interface ConsoleResults {
  /** Per console: `${issi}|${observedAt}` → arrival (ms since the epoch), for positions. */
  positions: { amkId: string; arrivals: [string, number][] }[];
  /** Raised safety alarms as each console heard them. */
  alarms: { console: number; amkId: string; issi: string; at: number }[];
  frames: number;
  bytes: number;
}

interface Start {
  base: string;
  consoles: { amkId: string; token: string }[];
}

const now = () => performance.timeOrigin + performance.now();

interface Frame {
  type: string;
  payload: {
    change?: string;
    issi?: string;
    audienceAmkId?: string | null;
    units?: { issi: string; observedAt: string }[];
  };
}

let measuring = false;
const results: ConsoleResults = { positions: [], alarms: [], frames: 0, bytes: 0 };
const conns: SseConnection[] = [];

async function start(s: Start): Promise<void> {
  await Promise.all(
    s.consoles.map(async ({ amkId, token }, index) => {
      const arrivals: [string, number][] = [];
      results.positions.push({ amkId, arrivals });
      const conn = openEventStream({
        url: `${s.base}/api/v1/events`,
        token,
        onMessage: (m) => {
          if (m.event !== 'message') return;
          const at = now();
          results.frames++;
          results.bytes += m.data.length;
          const e = JSON.parse(m.data) as Frame;
          if (e.type === 'amk.safety-alarm.changed' && e.payload.change === 'raised') {
            results.alarms.push({ console: index, amkId, issi: e.payload.issi!, at });
          } else if (e.type === 'amk.positions.recorded' && measuring) {
            for (const u of e.payload.units!) arrivals.push([`${u.issi}|${u.observedAt}`, at]);
          }
        },
      });
      conns.push(conn);
      if ((await conn.opened) !== 200) throw new Error('a console could not connect');
    }),
  );
}

process.on('message', (m: { start?: Start; measure?: true; finish?: true }) => {
  void (async () => {
    if (m.start) {
      await start(m.start);
      process.send!({ ready: true });
    } else if (m.measure) {
      measuring = true;
    } else if (m.finish) {
      measuring = false;
      // Frames already on the wire arrive first.
      await new Promise((r) => setTimeout(r, 2_000));
      for (const c of conns) c.close();
      process.send!({ results }, undefined, {}, () => process.exit(0));
    }
  })().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
});
