/**
 * Where the Nødnett adapter hands safety alarms (NN-4) so that none is lost to a database that
 * does not answer for a while: `submit` raises the alarm at once; when that fails, the alarm waits
 * here and is raised again every `retryMs` (on the clock) until it is stored. Raising is
 * idempotent per ISSI and instant, so a retry after a commit whose answer was lost is harmless.
 * `/readyz` shows the module degraded while alarms wait (`pendingAlarms`).
 *
 * A waiting alarm is also written through the blob port (`amk/alarm-inbox/…`, the kernel's store:
 * a local folder flushed to disk, or S3), and removed once it is raised. A process that dies while
 * the database is down therefore loses nothing: the next one (`recover`, at start) raises what it
 * finds there. Should the blob store fail as well, the alarm still waits in memory (logged); the
 * terminal and the Nødnett switch repeat an emergency alarm until it is acknowledged end to end,
 * which the gateway adapter must only do once `submit` resolved (docs/amk.md, faults).
 */
import { createHash } from 'node:crypto';
import type { Actor } from '../../platform/auth/actor.ts';
import type { BlobStore } from '../../platform/storage/blob-store.ts';
import { readAll } from '../../platform/storage/blob-store.ts';
import type { Timer } from '../../platform/time/clock.ts';
import type { AmkDeps } from '../deps.ts';
import type { SafetyAlarm } from './alarm-store.ts';
import { raiseSafetyAlarm, type SafetyAlarmInput } from './raise-safety-alarm.ts';

/** Where waiting alarms are kept in the blob store. */
export const ALARM_INBOX_PREFIX = 'amk/alarm-inbox/';

interface Waiting {
  actor: Actor;
  input: SafetyAlarmInput;
}

export type SubmitResult = { state: 'raised'; alarm: SafetyAlarm } | { state: 'queued' };

export class AlarmInbox {
  private readonly pending = new Map<string, Waiting>();
  private timer: Timer | null = null;
  private retrying: Promise<void> | null = null;

  constructor(
    private readonly deps: AmkDeps,
    private readonly retryMs = 1000,
    /** Keeps waiting alarms across a restart; without it they wait in memory only. */
    private readonly journal?: BlobStore,
  ) {}

  /** Raises the alarm now, or keeps it to raise as soon as the database answers. */
  async submit(actor: Actor, input: SafetyAlarmInput): Promise<SubmitResult> {
    try {
      const r = await raiseSafetyAlarm(this.deps, actor, input);
      return { state: 'raised', alarm: r.alarm };
    } catch (err) {
      this.deps.logger.error(
        { err, issi: input.issi },
        'a safety alarm could not be stored: kept and retried',
      );
      const key = keyOf(input);
      const fresh = !this.pending.has(key);
      this.pending.set(key, { actor, input });
      this.arm();
      if (fresh) await this.keep(key, { actor, input });
      return { state: 'queued' };
    }
  }

  /**
   * At start: the alarms an earlier process kept in the blob store (it stopped or died while the
   * database was down) wait here again and are raised at once. Returns how many were found.
   */
  async recover(): Promise<number> {
    if (!this.journal) return 0;
    let found = 0;
    for await (const info of this.journal.list(ALARM_INBOX_PREFIX)) {
      try {
        const blob = await this.journal.get(info.key);
        if (!blob) continue; // raised and removed meanwhile (another instance)
        const waiting = JSON.parse((await readAll(blob.stream)).toString('utf8')) as Waiting;
        const key = keyOf(waiting.input);
        if (!this.pending.has(key)) found++;
        this.pending.set(key, waiting);
      } catch (err) {
        this.deps.logger.error({ err, key: info.key }, 'a kept safety alarm could not be read');
      }
    }
    if (found > 0) {
      this.deps.logger.warn({ alarms: found }, 'safety alarms kept by an earlier process: raised now');
      await this.retryNow();
    }
    return found;
  }

  /** Alarms waiting for the database. */
  size(): number {
    return this.pending.size;
  }

  /** Tries every waiting alarm once (the timer's work; tests call it). */
  retryNow(): Promise<void> {
    this.retrying ??= (async () => {
      for (const [key, { actor, input }] of [...this.pending]) {
        try {
          await raiseSafetyAlarm(this.deps, actor, input);
          this.pending.delete(key);
          this.deps.logger.warn({ issi: input.issi }, 'a kept safety alarm was raised');
          await this.forget(key);
        } catch {
          break; // still down: the next round tries again
        }
      }
    })().finally(() => {
      this.retrying = null;
      if (this.pending.size > 0) this.arm();
    });
    return this.retrying;
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = null;
  }

  private arm(): void {
    if (this.timer) return;
    this.timer = this.deps.clock
      .setTimeout(() => {
        this.timer = null;
        void this.retryNow();
      }, this.retryMs)
      .unref();
  }

  /** Writes a waiting alarm through the blob port; a failure leaves it in memory only. */
  private async keep(key: string, waiting: Waiting): Promise<void> {
    if (!this.journal) return;
    try {
      await this.journal.put(blobKeyOf(key), Buffer.from(JSON.stringify(waiting)), {
        contentType: 'application/json',
      });
    } catch (err) {
      this.deps.logger.error(
        { err, issi: waiting.input.issi },
        'a waiting safety alarm could not be written to the blob store: it waits in memory only',
      );
    }
  }

  private async forget(key: string): Promise<void> {
    if (!this.journal) return;
    await this.journal.delete(blobKeyOf(key)).catch((err: unknown) => {
      // Raised already: a copy left behind is raised again (idempotently) by the next recovery.
      this.deps.logger.warn({ err }, 'a raised safety alarm could not be removed from the blob store');
    });
  }
}

/** One waiting alarm per terminal and moment (raising is idempotent on the same pair). */
const keyOf = (input: SafetyAlarmInput) => `${input.issi}@${Date.parse(input.observedAt)}`;

/** A blob key of safe characters whatever the ISSI holds. */
const blobKeyOf = (key: string) =>
  `${ALARM_INBOX_PREFIX}${createHash('sha256').update(key).digest('hex').slice(0, 40)}`;
