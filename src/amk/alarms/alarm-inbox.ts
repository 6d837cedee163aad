/**
 * Where the Nødnett adapter hands safety alarms (NN-4) so that none is lost to a database that
 * does not answer for a while: `submit` raises the alarm at once; when that fails, the alarm waits
 * here and is raised again every `retryMs` (on the clock) until it is stored. Raising is
 * idempotent per ISSI and instant, so a retry after a commit whose answer was lost is harmless.
 * `/readyz` shows the module degraded while alarms wait (`pendingAlarms`).
 *
 * Limit: the waiting alarms are in this process's memory. If the process dies while the database
 * is down, they are gone from here; the terminal and the Nødnett switch repeat an emergency alarm
 * until it is acknowledged end to end, which the gateway adapter must only do once `submit`
 * resolved `raised` (docs/amk.md, faults).
 */
import type { Actor } from '../../platform/auth/actor.ts';
import type { Timer } from '../../platform/time/clock.ts';
import type { AmkDeps } from '../deps.ts';
import type { SafetyAlarm } from './alarm-store.ts';
import { raiseSafetyAlarm, type SafetyAlarmInput } from './raise-safety-alarm.ts';

export type SubmitResult = { state: 'raised'; alarm: SafetyAlarm } | { state: 'queued' };

export class AlarmInbox {
  private readonly pending = new Map<string, { actor: Actor; input: SafetyAlarmInput }>();
  private timer: Timer | null = null;
  private retrying: Promise<void> | null = null;

  constructor(
    private readonly deps: AmkDeps,
    private readonly retryMs = 1000,
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
      this.pending.set(`${input.issi}@${Date.parse(input.observedAt)}`, { actor, input });
      this.arm();
      return { state: 'queued' };
    }
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
}
