/**
 * Background jobs that run on exactly one instance of a cluster (decision 0005).
 *
 * Each job has one row in `jobs` (migration 0022). An instance claims a due job with one
 * compare-and-set UPDATE on the row's fencing token: the claim takes a lease (holder, until) and
 * increments the fence. The database's row lock makes two concurrent claims serialise, and the
 * second sees the new fence and matches nothing — on PostgreSQL with any number of instances, and
 * on PGlite in one process alike. While the job runs the holder renews the lease; when it finishes
 * it records the outcome and the next due instant, again only if its fence is still current.
 *
 * Faults:
 * - the holder dies (crash, kill -9, partition): its lease expires and the next instance that polls
 *   claims the same slot with a new fence; the job's work was done in fenced, idempotent steps and
 *   batches (`jobCtx.step`, `jobCtx.batches`), so the re-run skips what committed and duplicates
 *   nothing;
 * - a stale holder wakes up: every write of a run goes through a transaction that first locks the
 *   job's row and compares the fence: an outdated fence throws `StaleFenceError` and nothing is
 *   committed; a failed lease renewal aborts the run's signal;
 * - the database is unavailable: the run fails, the outcome is kept in memory and in the metrics
 *   and written once the database answers again; the job stays due and is retried on the next
 *   tick; the scheduler's own timer never stops.
 *
 * Time comes from the injected clock (SimClock in tests: days in milliseconds). Leases compare the
 * instances' wall clocks, so the lease must be far longer than the clock skew between instances
 * (NTP keeps it in milliseconds; the default lease is a minute).
 */
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Db, Queryable } from '../db/types.ts';
import type { Counter, Histogram, MetricsRegistry } from '../metrics.ts';
import type { ModuleHealth } from '../module.ts';
import type { Clock, Timer, Timers } from '../time/clock.ts';
import { describeSchedule, nextDue, type Schedule } from './schedule.ts';

export type JobOutcome = 'succeeded' | 'failed' | 'aborted';

/** What a running job receives. */
export interface JobContext {
  readonly name: string;
  /** The slot this run is for: the due instant (ISO) or `manual:<requested ISO>`. */
  readonly slot: string;
  /** The fencing token of this run's lease. */
  readonly fence: number;
  readonly clock: Clock & Timers;
  readonly logger: Logger;
  /** The database, for reads. Write through `transaction`, `step` or `batches` so a stale run cannot commit. */
  readonly db: Db;
  /** Aborted when the lease is lost or the scheduler stops: stop at the next safe point. */
  readonly signal: AbortSignal;
  /** A transaction that commits only while this run's fence is current (else `StaleFenceError`). */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` once per slot: in one fenced transaction with a record that step `key` of this slot
   * is done. A re-run of the slot (after a crash or a take-over) skips it. Returns whether it ran.
   */
  step(key: string, fn: (tx: Queryable) => Promise<void>): Promise<boolean>;
  /**
   * Processes work in idempotent batches until none is left: each batch is one fenced transaction
   * that takes up to `size` items with `next` and handles them with `apply`. `apply` must make its
   * items disappear from `next` (mark them done, delete them) in the same transaction, so a crash
   * at any point loses nothing and does nothing twice. Returns the number of items processed.
   */
  batches<T>(opts: BatchOptions<T>): Promise<number>;
}

/** Work for `JobContext.batches`. */
export interface BatchOptions<T> {
  /** Most items per batch (one transaction each). */
  size: number;
  /** The next items still to do (at most `size`). */
  next: (tx: Queryable, size: number) => Promise<T[]>;
  /** Handles the items and marks them done, in the same transaction. */
  apply: (tx: Queryable, items: T[]) => Promise<void>;
}

export interface JobDefinition {
  /** Stable name, `context.job-name` (lower case, digits, `.`, `-`). */
  name: string;
  schedule: Schedule;
  run(ctx: JobContext): Promise<void>;
}

/** What modules see as `ctx.jobs`. */
export interface JobRegistry {
  register(def: JobDefinition): void;
}

/** A run whose lease was taken over by another instance tried to commit. */
export class StaleFenceError extends Error {
  constructor(
    readonly job: string,
    readonly fence: number,
    readonly current: number | null,
  ) {
    super(`The job ${job} lost its lease (fence ${fence}, now ${current ?? 'none'}): nothing was committed`);
    this.name = 'StaleFenceError';
  }
}

/** A job's state as stored, for lists, health and the admin API. */
export interface JobStatus {
  name: string;
  schedule: string;
  /** Registered on this instance (a row may exist for a job no longer registered). */
  registered: boolean;
  running: boolean;
  leaseHolder: string | null;
  leaseUntil: string | null;
  fence: number;
  slot: string | null;
  nextDueAt: string | null;
  runRequestedAt: string | null;
  lastStartedAt: string | null;
  lastFinishedAt: string | null;
  lastOutcome: JobOutcome | null;
  lastError: string | null;
  lastDurationMs: number | null;
  runs: number;
  failures: number;
  /** Failures since the last success. */
  consecutiveFailures: number;
  /** After a failure: no scheduled retry before this (a requested run does not wait). */
  retryAfter: string | null;
}

export interface JobSchedulerOptions {
  db: Db;
  clock: Clock & Timers;
  logger: Logger;
  metrics: MetricsRegistry;
  /** Lease length (ms); renewed every third of it while a job runs. */
  leaseMs: number;
  /** How often the scheduler looks for due jobs (ms). */
  pollMs: number;
  /** This instance's name in `lease_holder` (default host:pid:random). */
  instanceId?: string;
}

const NAME = /^[a-z][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)*$/;

interface Row {
  name: string;
  schedule: string;
  lease_holder: string | null;
  lease_until_ms: number | null;
  fence: number;
  slot: string | null;
  next_due_ms: number | null;
  run_requested_ms: number | null;
  last_started_ms: number | null;
  last_finished_ms: number | null;
  last_outcome: JobOutcome | null;
  last_error: string | null;
  last_duration_ms: number | null;
  runs: number;
  failures: number;
  consecutive_failures: number;
  retry_after_ms: number | null;
}

/** The longest wait before a failing job is tried again. */
const MAX_BACKOFF_MS = 15 * 60_000;

const ms = (col: string, as: string) => `(extract(epoch from ${col}) * 1000)::float8 AS ${as}`;
const SELECT_ROWS = `SELECT name, schedule, lease_holder, ${ms('lease_until', 'lease_until_ms')}, fence::float8 AS fence, slot,
  ${ms('next_due_at', 'next_due_ms')}, ${ms('run_requested_at', 'run_requested_ms')}, ${ms('last_started_at', 'last_started_ms')},
  ${ms('last_finished_at', 'last_finished_ms')}, last_outcome, last_error, last_duration_ms, runs::float8 AS runs,
  failures::float8 AS failures, consecutive_failures, ${ms('retry_after', 'retry_after_ms')} FROM jobs`;

const iso = (v: number | null) => (v === null ? null : new Date(v).toISOString());

async function readRows(db: Queryable): Promise<Row[]> {
  return (await db.query<Row>(`${SELECT_ROWS} ORDER BY name`)).rows;
}

function toStatus(r: Row, registered: boolean, running: boolean): JobStatus {
  return {
    name: r.name,
    schedule: r.schedule,
    registered,
    running,
    leaseHolder: r.lease_holder,
    leaseUntil: iso(r.lease_until_ms),
    fence: r.fence,
    slot: r.slot,
    nextDueAt: iso(r.next_due_ms),
    runRequestedAt: iso(r.run_requested_ms),
    lastStartedAt: iso(r.last_started_ms),
    lastFinishedAt: iso(r.last_finished_ms),
    lastOutcome: r.last_outcome,
    lastError: r.last_error,
    lastDurationMs: r.last_duration_ms,
    runs: r.runs,
    failures: r.failures,
    consecutiveFailures: r.consecutive_failures,
    retryAfter: iso(r.retry_after_ms),
  };
}

/** Every job row as stored, without a scheduler (the CLI without a running server). */
export async function readJobStatuses(db: Queryable): Promise<JobStatus[]> {
  return (await readRows(db)).map((r) => toStatus(r, false, false));
}

/** A short, data-free description of an error for `last_error` (codes, not content). */
function errorText(err: unknown): string {
  const e = err as { name?: string; code?: string; message?: string };
  const text = [e.name, e.code].filter(Boolean).join(' ') || 'Error';
  return `${text}: ${String(e.message ?? err)}`.slice(0, 500);
}

interface Finish {
  name: string;
  fence: number;
  outcome: JobOutcome;
  error: string | null;
  finishedMs: number;
  durationMs: number;
  /** Next due instant after a success (null: unchanged). */
  nextDueMs: number | null;
  manual: boolean;
}

export class JobScheduler implements JobRegistry {
  readonly instanceId: string;
  private readonly defs = new Map<string, JobDefinition>();
  private readonly running = new Map<string, { promise: Promise<void>; abort: AbortController }>();
  /** Outcomes not yet written (the database was unavailable when the run ended). */
  private readonly pendingFinish = new Map<string, Finish>();
  /** The rows as last read (health answers from memory). */
  private rows = new Map<string, Row>();
  private timer: Timer | null = null;
  private ticking: Promise<void> | null = null;
  private started = false;
  private stopped = false;
  private lastTickError: string | null = null;
  private readonly runsTotal: Counter<'job' | 'outcome'>;
  private readonly failuresTotal: Counter<'job'>;
  private readonly duration: Histogram<'job'>;
  private readonly lostTotal: Counter<'job'>;

  constructor(private readonly opts: JobSchedulerOptions) {
    if (!(opts.leaseMs >= 1000)) throw new RangeError('The job lease must be at least 1000 ms');
    if (!(opts.pollMs >= 10)) throw new RangeError('The job poll interval must be at least 10 ms');
    this.instanceId = opts.instanceId ?? `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.runsTotal = opts.metrics.counter({
      name: 'nodmeld_job_runs_total',
      help: 'Background job runs on this instance, by job and outcome (succeeded, failed, aborted)',
      labels: ['job', 'outcome'],
    });
    this.failuresTotal = opts.metrics.counter({
      name: 'nodmeld_job_failures_total',
      help: 'Background job runs that failed on this instance',
      labels: ['job'],
    });
    this.lostTotal = opts.metrics.counter({
      name: 'nodmeld_job_leases_lost_total',
      help: 'Runs that lost their lease to another instance (a stale fence) before they finished',
      labels: ['job'],
    });
    this.duration = opts.metrics.histogram({
      name: 'nodmeld_job_duration_seconds',
      help: 'Duration of background job runs on this instance',
      labels: ['job'],
      buckets: [0.01, 0.1, 1, 10, 60, 600, 3600],
    });
  }

  /** Registers a job (module `init`). Names are unique; the row is written when the scheduler starts. */
  register(def: JobDefinition): void {
    if (!NAME.test(def.name)) throw new Error(`Invalid job name "${def.name}": use context.job-name`);
    if (this.defs.has(def.name)) throw new Error(`The job ${def.name} is registered twice`);
    this.defs.set(def.name, def);
    if (this.started)
      void this.upsert(def).catch((err: unknown) =>
        this.opts.logger.warn({ err, job: def.name }, 'registering a job failed'),
      );
  }

  /** The registered job names. */
  names(): string[] {
    return [...this.defs.keys()];
  }

  /**
   * Writes the registered jobs' rows and, when `poll` is true, ticks every `pollMs` on the clock.
   * Tests start without polling and call `tick()` themselves.
   */
  async start(opts: { poll: boolean } = { poll: true }): Promise<void> {
    this.started = true;
    this.stopped = false;
    for (const def of this.defs.values()) {
      await this.upsert(def).catch((err: unknown) =>
        this.opts.logger.warn({ err, job: def.name }, 'registering a job failed; retried on the next tick'),
      );
    }
    if (opts.poll && !this.timer) {
      this.timer = this.opts.clock.setInterval(() => void this.tick(), this.opts.pollMs).unref();
      void this.tick();
    }
  }

  /**
   * Stops polling, aborts running jobs and waits for them (their outcome is recorded as aborted), at
   * most the lease or 30 s.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = null;
    await this.ticking;
    for (const r of this.running.values()) r.abort.abort(new Error('the scheduler is stopping'));
    // A job that ignores its signal does not hold the shutdown for ever: after the grace its lease
    // runs out and another instance takes the slot over (its fence keeps this run from committing).
    let grace: Timer | undefined;
    await Promise.race([
      this.idle(),
      new Promise<void>(
        (resolve) =>
          (grace = this.opts.clock.setTimeout(resolve, Math.min(this.opts.leaseMs, 30_000)).unref()),
      ),
    ]);
    grace?.cancel();
  }

  /** Resolves when no run of this instance is in progress. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()].map((r) => r.promise));
  }

  /**
   * One look for due jobs: writes outcomes kept while the database was down, reads every row,
   * claims each due job whose lease is free and starts it (without waiting for it). Never throws.
   */
  tick(): Promise<void> {
    if (this.ticking) return this.ticking;
    this.ticking = this.doTick().finally(() => {
      this.ticking = null;
    });
    return this.ticking;
  }

  private async doTick(): Promise<void> {
    if (this.stopped) return;
    try {
      for (const f of [...this.pendingFinish.values()]) {
        await this.writeFinish(f);
        this.pendingFinish.delete(f.name);
      }
      const rows = await this.readRows();
      for (const def of this.defs.values()) {
        if (!rows.has(def.name) || rows.get(def.name)!.schedule !== describeSchedule(def.schedule)) {
          await this.upsert(def);
        }
      }
      const now = this.opts.clock.nowMs();
      for (const row of (await this.readRows()).values()) {
        const def = this.defs.get(row.name);
        if (!def || this.running.has(row.name) || this.stopped) continue;
        const due = row.next_due_ms !== null && row.next_due_ms <= now;
        const requested = row.run_requested_ms !== null;
        const leaseFree = row.lease_until_ms === null || row.lease_until_ms < now;
        const backingOff = !requested && row.retry_after_ms !== null && row.retry_after_ms > now;
        if ((due || requested) && leaseFree && !backingOff) await this.claimAndStart(def, row, now, due);
      }
      this.lastTickError = null;
    } catch (err) {
      this.lastTickError = errorText(err);
      this.opts.logger.warn({ err }, 'job scheduler tick failed; trying again on the next tick');
    }
  }

  private async readRows(): Promise<Map<string, Row>> {
    const rows = await readRows(this.opts.db);
    this.rows = new Map(rows.map((r) => [r.name, r]));
    return this.rows;
  }

  private async upsert(def: JobDefinition): Promise<void> {
    const schedule = describeSchedule(def.schedule);
    const due = iso(nextDue(def.schedule, this.opts.clock.nowMs()));
    await this.opts.db.query(
      `INSERT INTO jobs (name, schedule, next_due_at) VALUES ($1, $2, $3::timestamptz)
       ON CONFLICT (name) DO UPDATE SET schedule = EXCLUDED.schedule, next_due_at = EXCLUDED.next_due_at
       WHERE jobs.schedule <> EXCLUDED.schedule`,
      [def.name, schedule, due],
    );
  }

  /** Compare-and-set on the fence: of two instances claiming the same row, one wins. */
  private async claimAndStart(def: JobDefinition, row: Row, now: number, due: boolean): Promise<void> {
    const slot = due
      ? new Date(row.next_due_ms!).toISOString()
      : `manual:${new Date(row.run_requested_ms!).toISOString()}`;
    const { rows } = await this.opts.db.query<{ fence: number }>(
      `UPDATE jobs SET lease_holder = $2, lease_until = $3::timestamptz, fence = fence + 1, slot = $4,
         last_started_at = $5::timestamptz
       WHERE name = $1 AND fence = $6 AND (lease_until IS NULL OR lease_until < $5::timestamptz)
       RETURNING fence::float8 AS fence`,
      [def.name, this.instanceId, iso(now + this.opts.leaseMs), slot, iso(now), row.fence],
    );
    if (rows.length === 0) return; // another instance claimed it first
    const fence = rows[0]!.fence;
    const abort = new AbortController();
    const promise = this.run(def, slot, fence, due, row.run_requested_ms !== null, abort).finally(() => {
      this.running.delete(def.name);
    });
    this.running.set(def.name, { promise, abort });
  }

  private async run(
    def: JobDefinition,
    slot: string,
    fence: number,
    due: boolean,
    requested: boolean,
    abort: AbortController,
  ): Promise<void> {
    const { clock } = this.opts;
    const logger = this.opts.logger.child({ job: def.name, slot, fence });
    const started = clock.monotonicMs();
    const renew = clock
      .setInterval(
        () => void this.renew(def.name, fence, abort),
        Math.max(1, Math.floor(this.opts.leaseMs / 3)),
      )
      .unref();
    const ctx = this.jobContext(def.name, slot, fence, logger, abort.signal);
    let outcome: JobOutcome = 'succeeded';
    let error: string | null = null;
    logger.info('job started');
    try {
      await def.run(ctx);
      if (abort.signal.aborted) outcome = 'aborted';
    } catch (err) {
      outcome = abort.signal.aborted ? 'aborted' : 'failed';
      error = errorText(err);
      if (err instanceof StaleFenceError) {
        outcome = 'aborted';
        this.lostTotal.inc(def.name);
      }
      logger.warn({ err }, `job ${outcome}`);
    } finally {
      renew.cancel();
    }
    const durationMs = Math.max(0, Math.round(clock.monotonicMs() - started));
    this.runsTotal.inc(def.name, outcome);
    if (outcome === 'failed') this.failuresTotal.inc(def.name);
    this.duration.observe(durationMs / 1000, def.name);
    const finishedMs = clock.nowMs();
    // After a success the next slot is the first one after the slot that ran (missed slots while
    // the cluster was down collapse into one run), and never one already past.
    let nextDueMs: number | null = null;
    if (outcome === 'succeeded' && due) {
      const slotMs = Date.parse(slot);
      nextDueMs = nextDue(def.schedule, slotMs);
      if (nextDueMs !== null && nextDueMs <= finishedMs) nextDueMs = nextDue(def.schedule, finishedMs);
    }
    const finish: Finish = {
      name: def.name,
      fence,
      outcome,
      error,
      finishedMs,
      durationMs,
      nextDueMs,
      manual: requested && outcome === 'succeeded',
    };
    if (outcome === 'succeeded') logger.info({ durationMs }, 'job succeeded');
    try {
      await this.writeFinish(finish);
    } catch (err) {
      logger.warn({ err }, 'recording the job outcome failed; written on the next tick');
      this.pendingFinish.set(def.name, finish);
    }
  }

  /** Records the outcome and releases the lease, only while the fence is current. */
  private async writeFinish(f: Finish): Promise<void> {
    const { rows } = await this.opts.db.query<{ name: string }>(
      `UPDATE jobs SET lease_holder = NULL, lease_until = NULL, last_finished_at = $3::timestamptz,
         last_outcome = $4, last_error = $5, last_duration_ms = $6, runs = runs + 1,
         failures = failures + CASE WHEN $4 = 'failed' THEN 1 ELSE 0 END,
         consecutive_failures = CASE WHEN $4 = 'failed' THEN consecutive_failures + 1 WHEN $4 = 'succeeded' THEN 0
           ELSE consecutive_failures END,
         retry_after = CASE WHEN $4 = 'failed'
           THEN $3::timestamptz + make_interval(secs => LEAST($9::float8 * power(2, consecutive_failures), $10::float8) / 1000)
           ELSE NULL END,
         next_due_at = COALESCE($7::timestamptz, next_due_at),
         run_requested_at = CASE WHEN $8 AND run_requested_at <= last_started_at THEN NULL ELSE run_requested_at END
       WHERE name = $1 AND fence = $2 RETURNING name`,
      [
        f.name,
        f.fence,
        iso(f.finishedMs),
        f.outcome,
        f.error,
        f.durationMs,
        iso(f.nextDueMs),
        f.manual || f.nextDueMs !== null,
        this.opts.pollMs,
        MAX_BACKOFF_MS,
      ],
    );
    if (rows.length === 0)
      this.opts.logger.warn(
        { job: f.name, fence: f.fence },
        'job outcome not recorded: another instance holds the lease now',
      );
    await this.readRows().catch(() => undefined);
  }

  private async renew(name: string, fence: number, abort: AbortController): Promise<void> {
    const now = this.opts.clock.nowMs();
    try {
      const { rows } = await this.opts.db.query(
        `UPDATE jobs SET lease_until = $3::timestamptz WHERE name = $1 AND fence = $2 AND lease_holder = $4 RETURNING name`,
        [name, fence, iso(now + this.opts.leaseMs), this.instanceId],
      );
      if (rows.length === 0) abort.abort(new StaleFenceError(name, fence, null));
    } catch (err) {
      // The database did not answer: the run goes on, but its writes fail while the database is
      // away, and another instance takes over once the lease has expired.
      this.opts.logger.warn({ err, job: name }, 'renewing a job lease failed');
    }
  }

  private jobContext(
    name: string,
    slot: string,
    fence: number,
    logger: Logger,
    signal: AbortSignal,
  ): JobContext {
    const { db, clock } = this.opts;
    const transaction = <T>(fn: (tx: Queryable) => Promise<T>): Promise<T> =>
      db.transaction(async (tx) => {
        const { rows } = await tx.query<{ fence: number }>(
          'SELECT fence::float8 AS fence FROM jobs WHERE name = $1 FOR UPDATE',
          [name],
        );
        const current = rows[0]?.fence ?? null;
        if (current !== fence) throw new StaleFenceError(name, fence, current);
        return fn(tx);
      });
    const step = (key: string, fn: (tx: Queryable) => Promise<void>): Promise<boolean> =>
      transaction(async (tx) => {
        const done = await tx.query(
          'SELECT 1 FROM job_steps WHERE job_name = $1 AND slot = $2 AND step = $3',
          [name, slot, key],
        );
        if (done.rows.length > 0) return false;
        await fn(tx);
        await tx.query(
          'INSERT INTO job_steps (job_name, slot, step, fence, done_at) VALUES ($1, $2, $3, $4, $5::timestamptz)',
          [name, slot, key, fence, iso(clock.nowMs())],
        );
        return true;
      });
    const batches = async <T>({ size, next, apply }: BatchOptions<T>): Promise<number> => {
      if (!(size >= 1)) throw new RangeError('A batch size is at least 1');
      let total = 0;
      for (;;) {
        signal.throwIfAborted();
        const n = await transaction(async (tx) => {
          const items = await next(tx, size);
          if (items.length > 0) await apply(tx, items);
          return items.length;
        });
        total += n;
        if (n === 0) return total;
      }
    };
    return { name, slot, fence, clock, logger, db, signal, transaction, step, batches };
  }

  /** Every job row (registered here or not), freshly read. */
  async list(): Promise<JobStatus[]> {
    const rows = await this.readRows();
    return [...rows.values()].map((r) => this.status(r));
  }

  /** One job, freshly read, or null. */
  async get(name: string): Promise<JobStatus | null> {
    return (await this.list()).find((j) => j.name === name) ?? null;
  }

  /**
   * Asks for a run now: marks the row; the next tick of any instance runs it (this one ticks at
   * once). Returns null for a job that is not registered on this instance.
   */
  async requestRun(name: string): Promise<JobStatus | null> {
    if (!this.defs.has(name)) return null;
    await this.upsert(this.defs.get(name)!);
    await this.opts.db.query(
      'UPDATE jobs SET run_requested_at = COALESCE(run_requested_at, $2::timestamptz) WHERE name = $1',
      [name, iso(this.opts.clock.nowMs())],
    );
    const status = await this.get(name);
    if (this.started && !this.stopped) void this.tick();
    return status;
  }

  private status(r: Row): JobStatus {
    return toStatus(r, this.defs.has(r.name), this.running.has(r.name));
  }

  /**
   * For `/readyz`, from memory: each registered job's last outcome as last read. A failed last run
   * degrades (the instance still serves); a scheduler that cannot read its table degrades too.
   */
  health(): ModuleHealth {
    const jobs: Record<
      string,
      {
        lastOutcome: JobOutcome | null;
        lastFinishedAt: string | null;
        nextDueAt: string | null;
        running: boolean;
      }
    > = {};
    let failed = false;
    for (const name of this.defs.keys()) {
      const r = this.rows.get(name);
      const pending = this.pendingFinish.get(name);
      const lastOutcome = pending?.outcome ?? r?.last_outcome ?? null;
      if (lastOutcome === 'failed') failed = true;
      jobs[name] = {
        lastOutcome,
        lastFinishedAt: pending ? iso(pending.finishedMs) : iso(r?.last_finished_ms ?? null),
        nextDueAt: iso(r?.next_due_ms ?? null),
        running: this.running.has(name),
      };
    }
    const detail: Record<string, unknown> = { enabled: this.started && !this.stopped, jobs };
    if (this.lastTickError) detail.code = 'jobs-table-unreadable';
    return { status: failed || this.lastTickError ? 'degraded' : 'ok', detail };
  }
}
