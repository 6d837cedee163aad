/**
 * The embedded database on its own thread: the `Db` port backed by a worker thread that owns the
 * PGlite instance (pglite-thread.worker.ts).
 *
 * Why a thread: PGlite runs each statement to its end in WebAssembly without returning to the
 * event loop. On the main thread a batch of the calls record (17 ms), a national report (seconds)
 * or an import held up every routing decision, SIP answer and timer for that long. On its own
 * thread the database is to routing what a PostgreSQL server is: another place where work runs,
 * reached by messages. Semantics are those of the in-thread PGlite (wrapPglite): one statement at
 * a time, a transaction holds the database until it ends, NOTIFY delivered after commit.
 *
 * Faults: if the thread dies (a WebAssembly abort, out of memory), every call under way and every
 * later call fails at once with `DatabaseUnavailableError` ('database-unreachable'): the health
 * checks say so, routing goes on from memory, and the operator restarts the process (the folder
 * recovers from its write-ahead log like a PostgreSQL after a crash). Nothing waits forever.
 *
 * The thread holds the process open only while a request is waiting for its answer, so a CLI
 * command ends as it did with the in-thread database.
 */
import type { Worker } from 'node:worker_threads';
import { startTsWorker } from '../threads/ts-worker.ts';
import type { ThreadReply, ThreadRequest, ThreadStart, WireError } from './pglite-thread-protocol.ts';
import type { Db, Listening, NotificationHandlers, Queryable } from './types.ts';
import { DatabaseUnavailableError } from './unavailable.ts';

/** Distributive Omit: a request without its id, per variant. */
type Request = ThreadRequest extends infer R ? (R extends ThreadRequest ? Omit<R, 'id'> : never) : never;
type OkReply = Extract<ThreadReply, { ok: true }>;

/** The error as the in-thread database raised it: its message and PostgreSQL fields. */
function fromWire(e: WireError): Error {
  const err = new Error(e.message);
  err.name = e.name;
  if (e.fields) Object.assign(err, e.fields);
  return err;
}

/**
 * Opens the embedded database (`dataDir` undefined: in memory) on a thread of its own.
 * `onThread` hands the thread to a fault test (to end it mid-way).
 */
export async function openPgliteThread(
  dataDir?: string,
  opts: { onThread?: (thread: Worker) => void } = {},
): Promise<Db> {
  const start: ThreadStart = dataDir ? { dataDir } : {};
  const worker = startTsWorker(new URL('./pglite-thread.worker.ts', import.meta.url), {
    workerData: start,
  });
  opts.onThread?.(worker);
  const conn = new ThreadConnection(worker);
  try {
    await conn.ready;
  } catch (err) {
    await worker.terminate();
    throw err;
  }
  return conn.db();
}

class ThreadConnection {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(r: OkReply): void; reject(e: Error): void }>();
  private readonly notifications = new Map<number, NotificationHandlers>();
  private dead: DatabaseUnavailableError | null = null;
  private closed = false;
  readonly ready: Promise<void>;

  constructor(private readonly worker: Worker) {
    let opened!: () => void;
    let failed!: (e: Error) => void;
    this.ready = new Promise<void>((resolve, reject) => {
      opened = resolve;
      failed = reject;
    });
    worker.on('message', (m: ThreadReply) => {
      if ('ready' in m) {
        if (m.ready) opened();
        else failed(fromWire(m.error));
        return;
      }
      if ('notify' in m) {
        this.notifications.get(m.notify)?.notify(m.payload);
        return;
      }
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      this.refWhileWaiting();
      if (m.ok) p.resolve(m);
      else p.reject(fromWire(m.error));
    });
    const died = (cause: unknown) => {
      this.dead ??= new DatabaseUnavailableError('database-unreachable', cause);
      failed(this.dead);
      for (const p of this.pending.values()) p.reject(this.dead);
      this.pending.clear();
      this.refWhileWaiting();
      for (const h of this.notifications.values()) h.disconnected?.(this.dead);
    };
    worker.on('error', died);
    worker.on('exit', (code) => {
      if (!this.closed) died(new Error(`the embedded database's thread ended (exit code ${code})`));
    });
  }

  /** The thread keeps the process alive only while an answer is awaited. */
  private refWhileWaiting(): void {
    if (this.pending.size > 0) this.worker.ref();
    else this.worker.unref();
  }

  call(req: Request, transfer?: ArrayBuffer[]): Promise<OkReply> {
    if (this.dead) return Promise.reject(this.dead);
    if (this.closed) return Promise.reject(new Error('the embedded database is closed'));
    const id = this.nextId++;
    return new Promise<OkReply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      if (this.pending.size === 1) this.worker.ref();
      this.worker.postMessage({ ...req, id }, transfer ?? []);
    });
  }

  private queryable(tx?: number): Queryable {
    return {
      query: async <T>(sql: string, params?: readonly unknown[]) => {
        const r = await this.call({
          op: 'query',
          sql,
          ...(params && { params }),
          ...(tx !== undefined && { tx }),
        });
        return { rows: (r.rows ?? []) as T[] };
      },
      exec: async (sql: string) => {
        await this.call({ op: 'exec', sql, ...(tx !== undefined && { tx }) });
      },
    };
  }

  db(): Db {
    const q = this.queryable();
    return {
      kind: 'pglite',
      ...q,
      transaction: async <T>(fn: (tx: Queryable) => Promise<T>): Promise<T> => {
        const begun = await this.call({ op: 'begin' });
        const tx = begun.tx!;
        let result: T;
        try {
          result = await fn(this.queryable(tx));
        } catch (err) {
          await this.call({ op: 'rollback', tx }).catch(() => undefined);
          throw err;
        }
        await this.call({ op: 'commit', tx });
        return result;
      },
      close: async () => {
        if (this.closed) return;
        if (!this.dead) await this.call({ op: 'close' }).catch(() => undefined);
        this.closed = true;
        this.notifications.clear();
        await this.worker.terminate();
      },
      listen: async (channel: string, handlers: NotificationHandlers): Promise<Listening> => {
        // Registered before the request, so a notification sent right after it is not missed.
        const id = this.nextId;
        this.notifications.set(id, handlers);
        try {
          await this.call({ op: 'listen', channel });
        } catch (err) {
          this.notifications.delete(id);
          throw err;
        }
        handlers.connected?.();
        return {
          query: (sql, params) => q.query(sql, params),
          close: async () => {
            if (!this.notifications.delete(id) || this.closed || this.dead) return;
            await this.call({ op: 'unlisten', listener: id });
          },
        };
      },
      backup: async () => {
        const r = await this.call({ op: 'backup' });
        return new Uint8Array(r.bytes!);
      },
    };
  }
}
