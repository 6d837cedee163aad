/**
 * Real PostgreSQL through a node-postgres pool, hardened for outages (issue 8):
 *
 * - An idle pooled connection that dies (server stopped, connection reset) emits 'error' on the
 *   pool; without a listener that event would kill the process. It is logged, the pool drops the
 *   client and opens a new one on the next query: the pool reconnects by itself.
 * - Nothing waits for the database without a limit: connecting (and waiting for a free pooled
 *   connection) gives up after `connectTimeoutMs`; the server cancels a statement after
 *   `queryTimeoutMs` (statement_timeout); the client gives up `CLIENT_GRACE_MS` later when the
 *   server does not answer at all (a network partition), and the pool then discards that
 *   connection. TCP keepalive finds dead idle connections the OS knows about. The server ends a
 *   session left idle inside a transaction (idle_in_transaction_session_timeout), so a partitioned
 *   instance cannot hold row locks that block the other instances.
 * - Connection failures and timeouts come out as `DatabaseUnavailableError` (503 over HTTP); other
 *   errors keep their type.
 * - A transaction whose COMMIT fails with `DatabaseUnavailableError` has an unknown outcome: the
 *   server may have committed before the connection died. Callers see 503 and should check before
 *   retrying a non-idempotent change.
 */
import pg from 'pg';
import type { Logger } from 'pino';
import type { Db, Listening, NotificationHandlers, Queryable } from './types.ts';
import { asDatabaseUnavailable, DatabaseUnavailableError } from './unavailable.ts';

export interface PostgresOptions {
  /** Pool size. */
  max?: number;
  /** Longest wait for a connection (new or pooled). */
  connectTimeoutMs?: number;
  /** statement_timeout on the server; the client gives up `CLIENT_GRACE_MS` later. */
  queryTimeoutMs?: number;
  /** Outage transitions and dropped connections are logged here (at most once per transition). */
  logger?: Logger;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
export const DEFAULT_QUERY_TIMEOUT_MS = 10_000;
/** Lets a reachable server report its own statement timeout (a clean 57014) before the client gives up. */
const CLIENT_GRACE_MS = 1_000;
/** First keepalive probe after this much silence; interval and count are the OS's settings. */
const KEEPALIVE_DELAY_MS = 10_000;

/** Opens a pool and checks that the server answers (start-up fails fast when it does not). */
export async function openPostgres(connectionString: string, opts: PostgresOptions = {}): Promise<Db> {
  const queryTimeoutMs = opts.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS;
  const pool = new pg.Pool({
    connectionString,
    max: opts.max ?? 10,
    connectionTimeoutMillis: opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    statement_timeout: queryTimeoutMs,
    query_timeout: queryTimeoutMs + CLIENT_GRACE_MS,
    idle_in_transaction_session_timeout: 2 * queryTimeoutMs,
    keepAlive: true,
    keepAliveInitialDelayMillis: KEEPALIVE_DELAY_MS,
  });
  const health = createHealthLog(opts.logger);
  pool.on('error', (err) => health.failed(err));

  /** Runs one driver call: failures that mean "unavailable" become `DatabaseUnavailableError`. */
  const run = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      const r = await call();
      health.ok();
      return r;
    } catch (err) {
      throw health.failed(err);
    }
  };

  // At start-up the driver's own message (e.g. "connect ECONNREFUSED 10.0.0.5:5432") is the
  // readable one for the operator.
  const client = await pool.connect();
  client.release();
  const listeners = new Set<{ close(): Promise<void> }>();
  /**
   * A pooled statement outside a transaction, once more when its connection had been terminated by
   * the server (57P01, e.g. pg_terminate_backend or a failover) before the pool learnt of it: an
   * idle client whose FATAL notice is still in flight can be handed out. A terminated backend
   * commits nothing of an autocommit statement, so running it again cannot apply it twice. Each
   * failed try drops its dead client from the pool; when the server ended every idle session at
   * once, every pooled client may be dead, so it tries once more than the pool holds — the last
   * try gets a fresh connection.
   */
  const maxTries = (opts.max ?? 10) + 1;
  const pooled = async (sql: string, params?: readonly unknown[]) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await pool.query(sql, params as unknown[] | undefined);
      } catch (err) {
        if ((err as { code?: string }).code !== '57P01' || attempt >= maxTries) throw err;
      }
    }
  };
  const q: Queryable = {
    async query<T>(sql: string, params?: readonly unknown[]) {
      const r = await run(() => pooled(sql, params));
      return { rows: r.rows as T[] };
    },
    async exec(sql: string) {
      await run(() => pooled(sql));
    },
  };
  return {
    kind: 'postgres',
    ...q,
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const c = await run(() => pool.connect());
      // A checked-out client has no pool listener: its connection dying between statements would
      // otherwise be an unhandled 'error' event. Remember it and give the client back as broken.
      let broken: unknown = null;
      const onError = (err: unknown): void => {
        broken = err;
        health.failed(err);
      };
      c.on('error', onError);
      const onClient = <R>(call: () => Promise<R>): Promise<R> =>
        run(call).catch((err: unknown) => {
          if (err instanceof DatabaseUnavailableError) broken ??= err;
          throw err;
        });
      try {
        await onClient(() => c.query('BEGIN'));
        const result = await fn({
          async query<R>(sql: string, params?: readonly unknown[]) {
            const r = await onClient(() => c.query(sql, params as unknown[] | undefined));
            return { rows: r.rows as R[] };
          },
          async exec(sql: string) {
            await onClient(() => c.query(sql));
          },
        });
        await onClient(() => c.query('COMMIT'));
        return result;
      } catch (err) {
        // On a broken connection the server rolls back by itself; asking it would only wait.
        if (!broken) await c.query('ROLLBACK').catch((e: unknown) => (broken = e));
        throw err;
      } finally {
        c.off('error', onError);
        // Releasing with an error makes the pool discard the connection instead of reusing it.
        c.release(broken ? (broken instanceof Error ? broken : new Error('broken connection')) : undefined);
      }
    },
    async close() {
      await Promise.all([...listeners].map((l) => l.close()));
      await pool.end();
    },
    async listen(channel: string, handlers: NotificationHandlers): Promise<Listening> {
      const l = createListener(connectionString, channel, handlers, {
        connectTimeoutMs: opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
        queryTimeoutMs,
        logger: opts.logger,
      });
      listeners.add(l);
      await l.started;
      return {
        async query<T>(sql: string, params?: readonly unknown[]) {
          const c = l.client();
          if (!c) return q.query<T>(sql, params);
          const r = await run(() => c.query(sql, params as unknown[] | undefined));
          return { rows: r.rows as T[] };
        },
        async close() {
          listeners.delete(l);
          await l.close();
        },
      };
    },
  };
}

/** A LISTEN connection is checked this often (a partition leaves a socket that looks open). */
export const LISTEN_CHECK_MS = 5_000;
const RECONNECT_MIN_MS = 100;
const RECONNECT_MAX_MS = 5_000;

/**
 * One dedicated connection that LISTENs on `channel` and keeps doing so: when the connection
 * fails, ends, or stops answering its periodic check (a partition), it is dropped and reopened with
 * a growing delay (100 ms … 5 s); `connected` fires after every (re)connection so the caller can
 * catch up on what it missed.
 */
function createListener(
  connectionString: string,
  channel: string,
  handlers: NotificationHandlers,
  opts: { connectTimeoutMs: number; queryTimeoutMs: number; logger?: Logger },
): { started: Promise<void>; client(): pg.Client | null; close(): Promise<void> } {
  let client: pg.Client | null = null;
  let ready: pg.Client | null = null;
  let closed = false;
  let delay = RECONNECT_MIN_MS;
  let retry: NodeJS.Timeout | null = null;
  let wasDown = false;
  const quoted = `"${channel.replace(/"/g, '""')}"`;

  const drop = (c: pg.Client, err: unknown): void => {
    if (client !== c) return;
    client = null;
    ready = null;
    c.removeAllListeners('notification');
    c.end().catch(() => undefined);
    if (closed) return;
    if (!wasDown) opts.logger?.warn({ err, channel }, 'event listener connection lost; reconnecting');
    wasDown = true;
    handlers.disconnected?.(err);
    schedule();
  };
  const schedule = (): void => {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = null;
      void connect();
    }, delay);
    retry.unref();
    delay = Math.min(delay * 2, RECONNECT_MAX_MS);
  };
  const connect = async (): Promise<void> => {
    const c = new pg.Client({
      connectionString,
      connectionTimeoutMillis: opts.connectTimeoutMs,
      query_timeout: opts.queryTimeoutMs + CLIENT_GRACE_MS,
      keepAlive: true,
      keepAliveInitialDelayMillis: KEEPALIVE_DELAY_MS,
    });
    c.on('error', (err) => drop(c, err));
    c.on('end', () => drop(c, new Error('connection ended')));
    c.on('notification', (n) => {
      if (n.channel === channel) handlers.notify(n.payload ?? '');
    });
    client = c;
    try {
      await c.connect();
      await c.query(`LISTEN ${quoted}`);
    } catch (err) {
      drop(c, err);
      return;
    }
    if (closed || client !== c) return;
    ready = c;
    delay = RECONNECT_MIN_MS;
    if (wasDown) opts.logger?.info({ channel }, 'event listener connected again');
    wasDown = false;
    handlers.connected?.();
  };
  const check = setInterval(() => {
    const c = client;
    if (!c || closed) return;
    c.query('SELECT 1').catch((err: unknown) => drop(c, err));
  }, LISTEN_CHECK_MS);
  check.unref();
  return {
    started: connect(),
    client: () => ready,
    async close() {
      closed = true;
      ready = null;
      clearInterval(check);
      if (retry) clearTimeout(retry);
      const c = client;
      client = null;
      if (c) {
        c.removeAllListeners();
        c.on('error', () => undefined);
        await c.end().catch(() => undefined);
      }
    },
  };
}

/**
 * Tracks whether the database answers, logging each change once (not once per failed request):
 * a warning when it stops answering, info with the outage's length when it answers again.
 */
function createHealthLog(logger: Logger | undefined) {
  let downSince: number | null = null;
  return {
    ok(): void {
      if (downSince === null) return;
      logger?.info({ outageMs: Date.now() - downSince }, 'database answers again');
      downSince = null;
    },
    /** Classifies `err`; returns what the caller should throw. */
    failed(err: unknown): unknown {
      const mapped = asDatabaseUnavailable(err);
      if (mapped instanceof DatabaseUnavailableError && downSince === null) {
        downSince = Date.now();
        logger?.warn(
          { err, reason: mapped.reason },
          'database unavailable: routing continues from memory; requests that need the database get 503',
        );
      }
      return mapped;
    },
  };
}
