/**
 * The Nødnett terminal feed into the AMK picture (issue 14; docs/amk.md, "The two doors for
 * Nødnett"): decoded positions go to the AMK context's `recordPositions` in batches (a transaction
 * per batch, not per report), a safety alarm goes at once — the position that came with it first,
 * then the alarm through the AMK's alarm inbox, which keeps it and retries while the database does
 * not answer. Never throws into the feed.
 *
 * Faults: the database down — a batch of positions that cannot be written is kept and sent again
 * with the next one (at most `maxBuffered` positions held; beyond it the oldest go, counted:
 * positions are telemetry, the next report of each terminal replaces them); the alarm is the
 * inbox's to keep. The process dies — held positions are lost (the terminals report again in
 * seconds); an alarm is repeated by the terminal and the switch until it is acknowledged.
 */
import type { Logger } from 'pino';
import type { Actor } from '../platform/auth/actor.ts';
import type { Timer, Timers } from '../platform/time/clock.ts';
import type { AmkApi } from '../amk/module.ts';
import type { PositionReport } from '../amk/domain/position.ts';
import type { NodnettFeedEvent, NodnettPosition } from './terminal-feed.ts';

/** What the adapter needs of the AMK context: its module API's two doors. */
export type AmkDoors = Pick<AmkApi, 'recordPositions'> & { alarmInbox: Pick<AmkApi['alarmInbox'], 'submit'> };

export interface AmkFeedStats {
  positionsSent: number;
  alarmsSubmitted: number;
  dropped: number;
  failures: number;
}

/** A decoded terminal position as the AMK context's position report (`source` says which door). */
export const positionReportOf = (
  p: NodnettPosition,
  source: PositionReport['source'] = 'lip',
): PositionReport => ({
  issi: String(p.issi),
  observedAt: p.observedAt,
  lat: p.lat,
  lon: p.lon,
  errorMetres: p.errorMetres,
  speedKmh: p.speedKmh,
  headingDeg: p.headingDeg,
  source,
});

export class AmkFeed {
  private held: PositionReport[] = [];
  private timer: Timer | null = null;
  private sending: Promise<void> = Promise.resolve();
  private stopped = false;
  readonly stats: AmkFeedStats = { positionsSent: 0, alarmsSubmitted: 0, dropped: 0, failures: 0 };

  constructor(
    private readonly o: {
      amk: AmkDoors;
      actor: Actor;
      timers: Timers;
      logger: Pick<Logger, 'warn' | 'error'>;
      /** How long a position may wait for its batch (ms; default 250). */
      flushMs?: number;
      /** Most positions a batch (default 500). */
      maxBatch?: number;
      /** Most positions held while the database does not answer (default 20,000). */
      maxBuffered?: number;
    },
  ) {}

  /** The feed's listener. */
  readonly take = (event: NodnettFeedEvent): void => {
    if (this.stopped) return;
    if (event.kind === 'position') {
      this.hold([positionReportOf(event.position)]);
      if (this.held.length >= (this.o.maxBatch ?? 500)) void this.flush();
      else this.timer ??= this.o.timers.setTimeout(() => void this.flush(), this.o.flushMs ?? 250);
    } else if (event.kind === 'emergency-alarm') {
      const { alarm } = event;
      // The alarm's own position first, so the AMK sees where the unit is when the alarm arrives.
      if (alarm.position) this.hold([positionReportOf(alarm.position)]);
      this.sending = this.sending
        .then(() => this.send())
        .then(() =>
          this.o.amk.alarmInbox.submit(this.o.actor, {
            issi: String(alarm.issi),
            observedAt: alarm.observedAt,
            source: alarm.source,
          }),
        )
        .then(
          () => {
            this.stats.alarmsSubmitted++;
          },
          (err: unknown) => {
            this.stats.failures++;
            this.o.logger.error(
              { err, issi: String(alarm.issi) },
              'nodnett: a safety alarm could not be handed to the AMK',
            );
          },
        );
    }
  };

  /** Sends what is held (tests, shutdown). */
  flush(): Promise<void> {
    this.timer?.cancel();
    this.timer = null;
    this.sending = this.sending.then(() => this.send());
    return this.sending;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.flush();
  }

  private hold(ps: PositionReport[]): void {
    for (const p of ps) this.held.push(p); // however many a gateway posted
    const max = this.o.maxBuffered ?? 20_000;
    if (this.held.length > max) {
      const over = this.held.length - max;
      this.held.splice(0, over);
      this.stats.dropped += over;
    }
  }

  /** One batch; on failure it is held again for the next (never throws). */
  private async send(): Promise<void> {
    while (this.held.length > 0) {
      const batch = this.held.splice(0, this.o.maxBatch ?? 500);
      try {
        await this.o.amk.recordPositions(this.o.actor, batch);
        this.stats.positionsSent += batch.length;
      } catch (err) {
        this.stats.failures++;
        this.held.unshift(...batch);
        this.hold([]);
        if (this.stats.failures === 1 || this.stats.failures % 100 === 0) {
          this.o.logger.warn(
            { err, held: this.held.length },
            'nodnett: positions not recorded; kept for the next batch',
          );
        }
        if (!this.stopped) this.timer ??= this.o.timers.setTimeout(() => void this.flush(), 1_000);
        return;
      }
    }
  }
}
