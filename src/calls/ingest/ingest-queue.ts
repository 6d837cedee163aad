/**
 * Group commit for the calls ingest (issue 10, docs/calls.md "Ingest"): this process writes call
 * events one transaction at a time, and the batches that arrive while a transaction runs are
 * written together in the next one.
 *
 * Why: the senders' batches share calls (a live call's events reach the store over minutes, a few
 * per batch), and each transaction holds its calls' locks until it commits. Batches written side
 * by side therefore waited on each other's locks, and a burst ran one transaction after another
 * anyway — with every transaction's fixed cost (the locks, the reads, the rollup cells, the
 * commit) paid per batch. Written together, that cost is paid once per group, and a burst of four
 * batches of 1,000 costs about what one did.
 *
 * The outcome is exactly that of writing the batches one after the other in arrival order
 * (recordCallEventParts): each event gets its own result, each sender its own list. A group that
 * fails as a whole is written again part by part, so one batch the database refuses fails only its
 * own sender. Senders on other instances are kept apart by the per-call locks, as before.
 *
 * Pipelined: once a transaction has worked out what it writes (its plan) and has written its call
 * rows, this process takes the next group and plans it ahead while the database writes the rest
 * (`speculate`, pausing often so the writes go on): its fold, rows, rollup deltas and parameters,
 * from the histories the current plan leaves. Taken then rather than as soon as the plan is made,
 * the next group holds as many batches as it would after the commit (the senders of this group
 * wait for its answers; the others have sent by then).
 * The next transaction uses that plan only if, under the calls' locks, every row is the version
 * assumed — else it plans again from the store (record-call-events.ts). Planning and writing then
 * overlap instead of taking turns, and a plan made ahead is never a different outcome.
 */
import type { IngestPart, IngestPipeline, IngestResult } from './record-call-events.ts';

/** The most events in one transaction: larger groups gain little and hold the calls' locks longer. */
export const DEFAULT_GROUP_EVENTS = 4_000;

interface Waiting {
  part: IngestPart;
  resolve(results: IngestResult[]): void;
  reject(err: unknown): void;
}

/** Lets the event loop run what waits (the transaction being written) before planning goes on. */
export const pauseForIo = (): Promise<void> => new Promise((resume) => setImmediate(resume));

/** Plans a group ahead from the plan being written (record-call-events.ts `speculate`). */
export type Speculate<P, S> = (parts: readonly IngestPart[], basis: P) => Promise<S>;

export class IngestQueue<P = never, S = never> {
  private readonly waiting: Waiting[] = [];
  private running = false;
  private groups = 0;
  private grouped = 0;
  private planned = 0;
  private held = 0;

  constructor(
    private readonly write: (
      parts: readonly IngestPart[],
      pipeline?: IngestPipeline<P, S>,
    ) => Promise<IngestResult[][]>,
    private readonly maxEvents = DEFAULT_GROUP_EVENTS,
    private readonly speculate?: Speculate<P, S>,
  ) {}

  /** Records one sender's batch; resolves with its results once the transaction holding it committed. */
  submit(part: IngestPart): Promise<IngestResult[]> {
    return new Promise<IngestResult[]>((resolve, reject) => {
      this.waiting.push({ part, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  /**
   * Transactions written, batches that shared one with another batch, batches waiting, groups
   * planned ahead, and those whose plan made ahead held (was the one written).
   */
  stats(): { groups: number; grouped: number; waiting: number; planned: number; held: number } {
    return {
      groups: this.groups,
      grouped: this.grouped,
      waiting: this.waiting.length,
      planned: this.planned,
      held: this.held,
    };
  }

  private async drain(): Promise<void> {
    this.running = true;
    // The group taken while the one before it was written, and its plan made ahead.
    let next: { group: Waiting[]; speculation?: Promise<S | undefined> } | undefined;
    try {
      while (next !== undefined || this.waiting.length > 0) {
        const group = next?.group ?? this.takeGroup();
        const speculation = next?.speculation ? await next.speculation : undefined;
        next = undefined;
        this.groups++;
        if (group.length > 1) this.grouped += group.length;
        const onPlanned = (plan: P, ahead: boolean) => {
          if (ahead) this.held++;
          // Without planning ahead, the next group is taken once this one committed (the most
          // batches have arrived by then).
          const speculate = this.speculate;
          if (speculate === undefined || next !== undefined || this.waiting.length === 0) return;
          const taken = this.takeGroup();
          next = { group: taken };
          this.planned++;
          // A plan that cannot be made ahead is made in its transaction instead.
          next.speculation = speculate(
            taken.map((w) => w.part),
            plan,
          ).catch(() => undefined);
        };
        try {
          const results = await this.write(
            group.map((w) => w.part),
            speculation === undefined ? { onPlanned } : { speculation, onPlanned },
          );
          group.forEach((w, i) => w.resolve(results[i]!));
        } catch (err) {
          if (group.length === 1) {
            group[0]!.reject(err);
            continue;
          }
          // Which part the database refused is not known: each alone, so only that one fails.
          for (const w of group) {
            try {
              w.resolve((await this.write([w.part]))[0]!);
            } catch (own) {
              w.reject(own);
            }
          }
        }
      }
    } finally {
      this.running = false;
    }
  }

  /** The oldest batches up to `maxEvents` events (at least one batch, however large). */
  private takeGroup(): Waiting[] {
    let events = this.waiting[0]!.part.events.length;
    let n = 1;
    while (n < this.waiting.length && events + this.waiting[n]!.part.events.length <= this.maxEvents) {
      events += this.waiting[n]!.part.events.length;
      n++;
    }
    return this.waiting.splice(0, n);
  }
}
