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
 */
import type { IngestPart, IngestResult } from './record-call-events.ts';

/** The most events in one transaction: larger groups gain little and hold the calls' locks longer. */
export const DEFAULT_GROUP_EVENTS = 4_000;

interface Waiting {
  part: IngestPart;
  resolve(results: IngestResult[]): void;
  reject(err: unknown): void;
}

export class IngestQueue {
  private readonly waiting: Waiting[] = [];
  private running = false;
  private groups = 0;
  private grouped = 0;

  constructor(
    private readonly write: (parts: readonly IngestPart[]) => Promise<IngestResult[][]>,
    private readonly maxEvents = DEFAULT_GROUP_EVENTS,
  ) {}

  /** Records one sender's batch; resolves with its results once the transaction holding it committed. */
  submit(part: IngestPart): Promise<IngestResult[]> {
    return new Promise<IngestResult[]>((resolve, reject) => {
      this.waiting.push({ part, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  /** Transactions written, and batches that shared one with another batch. */
  stats(): { groups: number; grouped: number; waiting: number } {
    return { groups: this.groups, grouped: this.grouped, waiting: this.waiting.length };
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.waiting.length > 0) {
        const group = this.takeGroup();
        this.groups++;
        if (group.length > 1) this.grouped += group.length;
        try {
          const results = await this.write(group.map((w) => w.part));
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
