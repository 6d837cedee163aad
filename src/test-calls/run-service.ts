/**
 * Test runs (RT-8; docs/test-calls.md): queued by a trigger (a routing-data activation, a re-route,
 * the schedule, a person), claimed by one process of the cluster, run call by call with every
 * result stored as it ends, and completed with an alarm per centre that failed — in one
 * transaction with their audit rows and events.
 *
 * Faults: a trigger seen by several instances queues one run (its key is unique). A process that
 * dies mid-run leaves the run 'running' with a heartbeat that stops: the sweep (a job, once per
 * cluster) marks it 'interrupted' and takes it up again at once; any process's queue (at its
 * start, after a request) claims interrupted runs like queued ones; a resume (by a person) claims
 * it too. Each places only the calls without a result. A process that is stopped marks its run 'interrupted' at once. A database that fails
 * while a result is written stops the run (it stays 'running' until the sweep interrupts it).
 */
import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type { Logger } from 'pino';
import type { Actor } from '../platform/auth/actor.ts';
import { SYSTEM_ACTOR } from '../platform/auth/actor.ts';
import { recordAudit } from '../platform/audit.ts';
import type { Db } from '../platform/db/types.ts';
import { recordChange } from '../platform/events/record-change.ts';
import type { Clock, Timer, Timers } from '../platform/time/clock.ts';
import type { PlannedCall } from './domain/plan.ts';
import { runCalls } from './domain/run-calls.ts';
import { isFailure } from './domain/verdict.ts';
import type { RunTrigger } from './domain/vocabulary.ts';
import { alarmRaised, runFinished } from './events.ts';
import type { CallRecord } from './place-call.ts';
import {
  beat,
  claimRun,
  completeRun,
  doneKeys,
  failuresByCentre,
  insertAlarm,
  insertResult,
  insertRun,
  interruptRun,
  markInterrupted,
  readRun,
  type RunRow,
} from './store.ts';

export interface RunServiceDeps {
  db: Db;
  clock: Clock & Timers;
  logger: Logger;
  /** This process's name as a run's owner. */
  owner: string;
  /** The calls of a run over these centres (null: all), on the routing data in force, and its version. */
  plan(centreIds: string[] | null): Promise<{ version: number; calls: PlannedCall[] }>;
  /** Places one call. */
  place(runId: string, call: PlannedCall, signal: AbortSignal): Promise<CallRecord>;
  concurrency: number;
  callTimeoutMs: number;
  staleMs: number;
}

export interface RunRequest {
  trigger: RunTrigger;
  /** One run per key across the cluster (null: always a new run). */
  triggerKey: string | null;
  centreIds: string[] | null;
  actor: Actor;
}

const unreachable = (dataVersion: number | null): CallRecord => ({
  reachedCentreId: null,
  connectedNumber: null,
  routeMethod: null,
  alternativeSite: false,
  answered: false,
  answerMs: null,
  dataVersion,
  sipCodes: [],
  verdict: 'unreachable',
});

export class TestCallRuns {
  private draining: Promise<void> | null = null;
  private again = false;
  private current: { id: string; abort: AbortController; crash: boolean } | null = null;
  private stopped = false;

  constructor(private readonly deps: RunServiceDeps) {}

  /** Queues a run (audited when a person asks) and starts running queued runs here. */
  async request(req: RunRequest): Promise<string | null> {
    const id = randomUUID();
    const at = this.deps.clock.now().toISOString();
    const inserted = await this.deps.db.transaction(async (tx) => {
      const got = await insertRun(tx, {
        id,
        trigger: req.trigger,
        triggerKey: req.triggerKey,
        centreIds: req.centreIds,
        requestedBy: req.actor.name,
        at,
      });
      if (got && req.actor.type !== 'system') {
        await recordAudit(tx, req.actor, {
          action: 'test-calls.run.requested',
          entityType: 'test-call-run',
          entityId: id,
          details: { trigger: req.trigger, centreIds: req.centreIds },
        });
      }
      return got;
    });
    this.kick();
    return inserted;
  }

  /** Resumes an interrupted run here (audited); false when it is not interrupted. */
  async resume(id: string, actor: Actor): Promise<boolean> {
    const run = await readRun(this.deps.db, id);
    if (!run || run.status !== 'interrupted') return false;
    const claimed = await this.deps.db.transaction(async (tx) => {
      const r = await claimRun(tx, id, this.deps.owner, this.deps.clock.now().toISOString());
      if (r) {
        await recordAudit(tx, actor, {
          action: 'test-calls.run.resumed',
          entityType: 'test-call-run',
          entityId: id,
        });
      }
      return r;
    });
    if (!claimed) return false;
    void this.drain(claimed);
    return true;
  }

  /**
   * Marks runs whose process stopped beating before `atMs − staleMs` as interrupted, and takes
   * interrupted runs up again here (only the calls without a result are placed): a run is never
   * left 'running' by a dead process, nor 'interrupted' until someone notices.
   */
  async sweep(atMs = this.deps.clock.nowMs()): Promise<string[]> {
    const ids = await markInterrupted(this.deps.db, new Date(atMs - this.deps.staleMs).toISOString());
    if (ids.length > 0)
      this.deps.logger.warn(
        { runs: ids },
        'test-call runs interrupted (their process stopped): resuming them',
      );
    this.kick();
    return ids;
  }

  /** Runs queued runs here until none is left (one at a time per process). */
  kick(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    void this.drain(null);
  }

  /** Resolves when this process has no run in progress (tests, the CLI). */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  /** The run in progress here (tests). */
  runningId(): string | null {
    return this.current?.id ?? null;
  }

  /**
   * Stops like a process that dies (tests of the fault): the run in progress stops at once and is
   * left 'running' with its last heartbeat, nothing more written.
   */
  crash(): void {
    this.stopped = true;
    if (this.current) {
      this.current.crash = true;
      this.current.abort.abort();
    }
  }

  /** Stops: the run in progress is marked interrupted (a resume takes it up). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.current?.abort.abort();
    await this.idle();
  }

  private drain(first: RunRow | null): Promise<void> {
    const loop = async () => {
      let run = first;
      do {
        this.again = false;
        for (;;) {
          if (this.stopped) return;
          run ??= await claimRun(this.deps.db, null, this.deps.owner, this.deps.clock.now().toISOString());
          if (!run) break;
          try {
            await this.execute(run);
          } catch (err) {
            this.deps.logger.error({ err, runId: run.id }, 'test-call run failed');
          }
          run = null;
        }
      } while (this.again && !this.stopped);
    };
    const previous = this.draining;
    const p = (async () => {
      if (previous) await previous;
      await loop();
    })().finally(() => {
      if (this.draining === p) this.draining = null;
    });
    this.draining = p;
    return p;
  }

  private async execute(run: RunRow): Promise<void> {
    const { db, clock, owner } = this.deps;
    const abort = new AbortController();
    // Every call in flight listens on the run's signal (bounded by the concurrency).
    setMaxListeners(0, abort.signal);
    const current = { id: run.id, abort, crash: false };
    this.current = current;
    const now = () => clock.now().toISOString();
    let heartbeat: Timer | undefined;
    try {
      const { version, calls } = await this.deps.plan(run.centreIds);
      if (!(await beat(db, run.id, owner, now(), { planned: calls.length, dataVersion: version }))) return;
      const done = await doneKeys(db, run.id);
      heartbeat = clock.setInterval(
        () => {
          if (current.crash) return;
          beat(db, run.id, owner, now()).then(
            (mine) => {
              // Another process took the run over (it was interrupted and resumed there): stop.
              if (!mine) abort.abort();
            },
            (err: unknown) => this.deps.logger.warn({ err, runId: run.id }, 'test-call heartbeat failed'),
          );
        },
        Math.max(250, Math.floor(this.deps.staleMs / 3)),
      );
      heartbeat.unref();
      const started = new Map<string, string>();
      const outcome = await runCalls<CallRecord>(
        calls,
        {
          place: (call, signal) => {
            started.set(call.key, now());
            return this.deps.place(run.id, call, signal);
          },
          failed: (call, reason, err) => {
            if (reason === 'error')
              this.deps.logger.error({ err, call: call.key }, 'a test call failed to run');
            return unreachable(version);
          },
          record: async (call, r) => {
            if (current.crash) throw new Error('crashed');
            await insertResult(db, {
              runId: run.id,
              key: call.key,
              kind: call.kind,
              centreId: call.centreId,
              municipality: call.municipality,
              target: call.target,
              callingNumber: call.callingNumber,
              reachedCentreId: r.reachedCentreId,
              connectedNumber: r.connectedNumber,
              routeMethod: r.routeMethod,
              answered: r.answered,
              answerMs: r.answerMs,
              dataVersion: r.dataVersion,
              sipCodes: r.sipCodes,
              verdict: r.verdict,
              failure: isFailure(r),
              startedAt: started.get(call.key) ?? now(),
              finishedAt: now(),
            });
          },
          timers: clock,
        },
        {
          concurrency: this.deps.concurrency,
          callTimeoutMs: this.deps.callTimeoutMs,
          done,
          signal: abort.signal,
        },
      ).catch((err: unknown) => {
        if (current.crash) return { placed: 0, skipped: 0, stopped: true };
        throw err;
      });
      heartbeat.cancel();
      if (current.crash) return;
      if (outcome.stopped) {
        await interruptRun(db, run.id, owner);
        return;
      }
      await this.complete(run.id);
    } finally {
      heartbeat?.cancel();
      if (this.current === current) this.current = null;
    }
  }

  /** Completes the run: its status, one alarm per failing centre, the events — one transaction. */
  private async complete(runId: string): Promise<void> {
    const at = this.deps.clock.now().toISOString();
    await this.deps.db.transaction(async (tx) => {
      if (!(await completeRun(tx, runId, this.deps.owner, at))) return;
      const failures = await failuresByCentre(tx, runId);
      const { rows } = await tx.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM test_call_results WHERE run_id = $1`,
        [runId],
      );
      let total = 0;
      for (const [centreId, n] of failures) {
        total += n;
        const alarmId = randomUUID();
        if (!(await insertAlarm(tx, { id: alarmId, runId, centreId, failures: n, at }))) continue;
        await recordChange(tx, SYSTEM_ACTOR, {
          audit: {
            action: 'test-calls.alarm.raised',
            entityType: 'test-call-alarm',
            entityId: alarmId,
            centreId,
            details: { runId, failures: n },
          },
          event: alarmRaised.of({ alarmId, runId, centreId, failures: n }),
        });
      }
      await recordChange(tx, SYSTEM_ACTOR, {
        audit: {
          action: 'test-calls.run.completed',
          entityType: 'test-call-run',
          entityId: runId,
          details: { calls: Number(rows[0]?.n ?? 0), failures: total },
        },
        event: runFinished.of({
          runId,
          status: 'completed',
          calls: Number(rows[0]?.n ?? 0),
          failures: total,
        }),
      });
    });
  }
}
