/**
 * Real-time mode of the traffic simulator: the traffic model played on a clock, `speed` simulated
 * seconds per second, through the same doors a real network and real centres would use — the
 * routing decision from a `RoutingPort` (the in-process decider, or `POST /api/v1/routing/decisions`
 * of a running server) and the centres' events to a `CallEventSink`, each event sent once its
 * simulated instant has come.
 *
 * The calls of a centre must reach its queue in ring order, and a decision asked over HTTP takes
 * real time: a routed call waits until no call still being decided can ring before it. Events are
 * sent in time order per call, never before their instant; across calls an event may come a tick
 * late (a decision still in flight), as from real systems — the store places late events.
 */
import type { CallEvent } from '../domain/call-event.ts';
import type { CallInput, RoutingDecision } from '../../routing/domain/types.ts';
import type { Clock, Timer, Timers } from '../../platform/time/clock.ts';
import { MS_PER_HOUR } from './core/profile.ts';
import type { Arrival, PendingCall, SimulatedCall, TrafficModel } from './core/traffic-model.ts';
import type { CallEventSink } from './sink.ts';

export interface RoutingPort {
  /** Decides the call `callId` as at `atMs`. */
  decide(call: CallInput, atMs: number, callId: string): Promise<RoutingDecision> | RoutingDecision;
  /**
   * The router records each call's `routed` event itself (a server's decision API does, under the
   * call id it was asked with): the simulator then sends no `routed` event of its own, or the
   * call would be routed twice.
   */
  recordsRouted?: boolean;
}

/**
 * Centres whose operators are people at the console (the control room): their calls ring there
 * and are left to them (`TrafficModel.ringForPeople`); the caller still hangs up at the end of
 * their patience if nobody has answered.
 */
export interface PeopleCentres {
  has(centreId: string): boolean;
  /**
   * Records the caller's hang-up (an `abandoned` event) unless the call was answered meanwhile;
   * resolves whether it was recorded. A refusal because a person answered is not an error.
   */
  giveUp(event: CallEvent): Promise<boolean>;
}

export interface RealtimeOptions {
  model: TrafficModel;
  routing: RoutingPort;
  sink: CallEventSink;
  clock: Clock & Timers;
  /** Simulated seconds per wall-clock second (1: real time). */
  speed: number;
  /**
   * The simulated instant the run starts at (default: the model's start, a whole hour). Callers
   * before it are skipped, so a run started at 14:37 plays from 14:37, not from 14:00.
   */
  startAtMs?: number;
  /** How often the runner wakes, wall-clock ms (default 200). */
  tickMs?: number;
  /** A failed decision or delivery (the runner goes on). */
  onError?: (err: unknown) => void;
  /** Every finished call (tests, progress). */
  onCall?: (call: SimulatedCall) => void;
  /** Centres whose calls are left to people at the console. */
  people?: PeopleCentres;
  /**
   * Callers not worth deciding (a run that wants only some centres' calls): skipped before the
   * decision, so they cost nothing. Direct calls are never skipped by this.
   */
  skip?: (arrival: Arrival) => boolean;
  /** A caller at a people's centre hung up unanswered (tests, metrics). */
  onGaveUp?: (callId: string) => void;
}

export interface RealtimeStats {
  simulatedNowMs: number;
  calls: number;
  eventsSent: number;
  errors: number;
}

interface TimedEvent {
  at: number;
  event: CallEvent;
  /** A hang-up at a people's centre, recorded only if nobody answered (`PeopleCentres.giveUp`). */
  ifStillWaiting?: true;
}

export class RealtimeSimulator {
  private readonly startMono: number;
  private readonly startSim: number;
  private nextHour = 0;
  private arrivals: ReturnType<TrafficModel['arrivalsOfHour']> = [];
  private readonly inFlight = new Map<number, number>();
  private pending: PendingCall[] = [];
  private outbox: TimedEvent[] = [];
  private timer: Timer | undefined;
  private sending: Promise<void> = Promise.resolve();
  readonly stats: RealtimeStats = { simulatedNowMs: 0, calls: 0, eventsSent: 0, errors: 0 };

  constructor(private readonly o: RealtimeOptions) {
    if (!(o.speed > 0)) throw new RangeError('speed must be positive');
    this.startMono = o.clock.monotonicMs();
    this.startSim = o.startAtMs ?? o.model.input.fromMs;
  }

  /** The simulated instant now. */
  simulatedNow(): number {
    return this.startSim + (this.o.clock.monotonicMs() - this.startMono) * this.o.speed;
  }

  start(): this {
    this.timer = this.o.clock.setInterval(() => this.tick(), this.o.tickMs ?? 200).unref();
    return this;
  }

  /** Stops and waits for the delivery in flight. */
  async stop(): Promise<void> {
    this.timer?.cancel();
    this.timer = undefined;
    await this.sending;
  }

  /** One step: start the due calls, queue the ones that can ring, send the due events. */
  tick(): void {
    const now = this.simulatedNow();
    this.stats.simulatedNowMs = now;
    const { model } = this.o;
    while (this.nextHour < model.hours.length && model.hours[this.nextHour]!.startMs <= now) {
      // One at a time: a scaled-up hour holds more arrivals than a call takes arguments.
      for (const a of model.arrivalsOfHour(this.nextHour++)) this.arrivals.push(a);
    }
    let i = 0;
    for (; i < this.arrivals.length && this.arrivals[i]!.at <= now; i++) {
      const a = this.arrivals[i]!;
      if (a.at < this.startSim) continue;
      if (a.emergency) this.accept(model.emergencyCall(a));
      else if (a.direct) this.accept(model.directCall(a));
      else if (this.o.skip?.(a)) continue;
      else {
        this.inFlight.set(a.seq, a.at);
        void Promise.resolve()
          .then(() => this.o.routing.decide(model.callInputOf(a), a.at, a.callId))
          .then(
            (d) => this.accept(model.afterDecision(a, d)),
            (err) => this.fail(err),
          )
          .finally(() => this.inFlight.delete(a.seq));
      }
    }
    this.arrivals = this.arrivals.slice(i);
    this.release(now);
    this.flush(now);
  }

  private fail(err: unknown): void {
    this.stats.errors++;
    this.o.onError?.(err);
  }

  private accept(next: PendingCall | SimulatedCall): void {
    if ('outcome' in next) return this.finish(next, 0);
    // The network's and the offer's events are reported now; the centre's follow as they happen.
    for (const event of next.writer.events) this.send(event);
    next.reported = next.writer.events.length;
    this.pending.push(next);
  }

  private finish(call: SimulatedCall, reported: number): void {
    this.stats.calls++;
    this.o.onCall?.(call);
    for (let i = reported; i < call.events.length; i++) this.send(call.events[i]!);
  }

  private send(event: CallEvent): void {
    if (event.type === 'routed' && this.o.routing.recordsRouted) return;
    this.outbox.push({ at: Date.parse(event.occurredAt), event });
  }

  /** Hands the centres the calls that ring by `now` and that no call still being decided can precede. */
  private release(now: number): void {
    let horizon = now;
    for (const at of this.inFlight.values()) if (at < horizon) horizon = at;
    const ringOf = (p: PendingCall) => p.ringAt ?? p.hangUpInMenuAt!;
    this.pending.sort((a, b) => ringOf(a) - ringOf(b) || a.arrival.seq - b.arrival.seq);
    let i = 0;
    for (; i < this.pending.length && ringOf(this.pending[i]!) <= horizon; i++) {
      const p = this.pending[i]!;
      if (this.o.people?.has(p.centreId)) {
        const { call, giveUp } = this.o.model.ringForPeople(p);
        this.finish(call, p.reported ?? 0);
        if (giveUp)
          this.outbox.push({ at: Date.parse(giveUp.occurredAt), event: giveUp, ifStillWaiting: true });
      } else this.finish(this.o.model.complete(p), p.reported ?? 0);
    }
    this.pending = this.pending.slice(i);
  }

  /** Sends the events whose instant has come, in time order, one batch at a time. */
  private flush(now: number): void {
    if (this.outbox.length === 0) return;
    this.outbox.sort((a, b) => a.at - b.at);
    let i = 0;
    while (i < this.outbox.length && this.outbox[i]!.at <= now) i++;
    if (i === 0) return;
    const dueTimed = this.outbox.slice(0, i);
    this.outbox = this.outbox.slice(i);
    const due = dueTimed.filter((t) => !t.ifStillWaiting).map((t) => t.event);
    const giveUps = dueTimed.filter((t) => t.ifStillWaiting).map((t) => t.event);
    this.sending = this.sending.then(async () => {
      if (due.length > 0) {
        await this.o.sink.send(due).then(
          () => {
            this.stats.eventsSent += due.length;
          },
          (err) => this.fail(err),
        );
      }
      // After the batch: a hang-up is never sent before the call's ringing.
      for (const event of giveUps) {
        await this.o.people!.giveUp(event).then(
          (recorded) => {
            if (!recorded) return;
            this.stats.eventsSent++;
            this.o.onGaveUp?.(event.callId);
          },
          (err) => this.fail(err),
        );
      }
    });
  }

  /** Whether the model's span is used up and everything sent. */
  done(): boolean {
    return (
      this.nextHour >= this.o.model.hours.length &&
      this.arrivals.length === 0 &&
      this.inFlight.size === 0 &&
      this.pending.length === 0 &&
      this.outbox.length === 0
    );
  }

  /** Wall-clock ms one simulated hour takes. */
  get wallMsPerHour(): number {
    return MS_PER_HOUR / this.o.speed;
  }
}
