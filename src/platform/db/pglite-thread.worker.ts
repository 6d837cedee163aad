/**
 * The embedded database's own thread (pglite-thread.ts): owns the PGlite instance and answers the
 * main thread's requests one message at a time. PGlite runs each statement to its end in
 * WebAssembly without returning to the event loop; here that blocks only this thread, never the
 * routing on the main one.
 */
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { parentPort, workerData } from 'node:worker_threads';
import type { ThreadReply, ThreadRequest, ThreadStart, WireError } from './pglite-thread-protocol.ts';

const port = parentPort!;
const start = workerData as ThreadStart;

/** The fields of a PostgreSQL error the application reads (database-errors.ts, unavailable.ts). */
const ERROR_FIELDS = [
  'code',
  'detail',
  'hint',
  'constraint',
  'table',
  'column',
  'schema',
  'severity',
  'position',
  'where',
  'dataType',
  'routine',
] as const;

function wireError(err: unknown): WireError {
  const e = (err ?? {}) as Record<string, unknown>;
  const out: WireError = {
    name: typeof e.name === 'string' ? e.name : 'Error',
    message: typeof e.message === 'string' ? e.message : String(err),
  };
  const fields: Record<string, string> = {};
  for (const f of ERROR_FIELDS) if (typeof e[f] === 'string') fields[f] = e[f];
  if (Object.keys(fields).length > 0) out.fields = fields;
  return out;
}

const reply = (r: ThreadReply, transfer?: ArrayBuffer[]) => port.postMessage(r, transfer ?? []);

/** Transactions under way: their handle, and how to end them. */
const transactions = new Map<number, { tx: Transaction; end(commit: boolean): void; done: Promise<void> }>();
const listeners = new Map<number, () => Promise<void>>();
/** Thrown into PGlite's transaction callback to make it roll back. */
const ROLLBACK = new Error('rolled back by the caller');

async function open(): Promise<PGlite> {
  const pg = start.dataDir ? new PGlite(start.dataDir) : new PGlite();
  await pg.waitReady;
  return pg;
}

async function handle(pg: PGlite, m: ThreadRequest): Promise<void> {
  switch (m.op) {
    case 'query': {
      const target = m.tx === undefined ? pg : transactions.get(m.tx)?.tx;
      if (!target) throw new Error(`transaction ${m.tx} is not open`);
      const r = await target.query(m.sql, m.params as unknown[] | undefined);
      return reply({ id: m.id, ok: true, rows: r.rows });
    }
    case 'exec': {
      const target = m.tx === undefined ? pg : transactions.get(m.tx)?.tx;
      if (!target) throw new Error(`transaction ${m.tx} is not open`);
      await target.exec(m.sql);
      return reply({ id: m.id, ok: true });
    }
    case 'begin': {
      // PGlite's transaction holds its lock until the callback settles; the callback waits for
      // the main thread's commit or rollback. Statements outside it queue behind it, as in-thread.
      let began!: (entry: { tx: Transaction; end(commit: boolean): void }) => void;
      const ready = new Promise<{ tx: Transaction; end(commit: boolean): void }>((r) => (began = r));
      const done = pg
        .transaction(
          (tx) =>
            new Promise<void>((resolve, reject) =>
              began({ tx, end: (commit) => (commit ? resolve() : reject(ROLLBACK)) }),
            ),
        )
        .then(() => undefined);
      done.catch(() => undefined); // settled by commit/rollback below; never an unhandled rejection
      const entry = await Promise.race([ready, done.then(() => null)]);
      if (!entry) throw new Error('the transaction ended before it began');
      transactions.set(m.id, { ...entry, done });
      return reply({ id: m.id, ok: true, tx: m.id });
    }
    case 'commit':
    case 'rollback': {
      const t = transactions.get(m.tx);
      if (!t) throw new Error(`transaction ${m.tx} is not open`);
      transactions.delete(m.tx);
      t.end(m.op === 'commit');
      try {
        await t.done;
      } catch (err) {
        if (err !== ROLLBACK) throw err;
      }
      return reply({ id: m.id, ok: true });
    }
    case 'listen': {
      const unlisten = await pg.listen(m.channel, (payload) =>
        reply({ notify: m.id, payload } satisfies ThreadReply),
      );
      listeners.set(m.id, unlisten);
      return reply({ id: m.id, ok: true });
    }
    case 'unlisten': {
      const unlisten = listeners.get(m.listener);
      listeners.delete(m.listener);
      if (unlisten && !pg.closed) await unlisten();
      return reply({ id: m.id, ok: true });
    }
    case 'backup': {
      // One statement at a time: the dump is taken between statements, so it is consistent.
      const blob = await pg.dumpDataDir('gzip');
      const bytes = await blob.arrayBuffer();
      return reply({ id: m.id, ok: true, bytes }, [bytes]);
    }
    case 'close': {
      if (!pg.closed) await pg.close();
      return reply({ id: m.id, ok: true });
    }
  }
}

try {
  const pg = await open();
  port.on('message', (m: ThreadRequest) => {
    handle(pg, m).catch((err: unknown) => reply({ id: m.id, ok: false, error: wireError(err) }));
  });
  reply({ ready: true });
} catch (err) {
  reply({ ready: false, error: wireError(err) });
}
