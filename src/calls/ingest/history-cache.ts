/**
 * The folded histories of calls this process wrote last (issue 10, docs/calls.md "Ingest"): a
 * live call gets its events over minutes, a few per batch, and without this every batch read all
 * of the call's stored events back and folded them again.
 *
 * An entry is used only when it is provably what the database holds: the ingest reads each call
 * row's row version (`xmin`, the id of the transaction that last wrote it) and event count under
 * the call's lock, and takes the cached history only when both equal what it wrote. Any other
 * writer — another instance, the retention job blanking numbers, pruning, a restore — gives the
 * row another version (or removes it), and the events are read from the database as before.
 * Entries are set only after the commit succeeded; a rolled-back batch leaves the cache as it was
 * (histories are immutable values, so the rolled-back fold cannot have changed a cached one).
 */
import type { CallHistory } from '../domain/call-state.ts';

export interface CachedHistory {
  history: CallHistory;
  /** `xmin` of the row this process wrote, as text. */
  version: string;
  /** The AMK area written in that row. */
  area: string | null;
}

/** Calls kept by default: the calls in progress nationally at a peak are a few hundred. */
export const DEFAULT_HISTORY_CACHE_SIZE = 20_000;

export class CallHistoryCache {
  private readonly entries = new Map<string, CachedHistory>();
  constructor(private readonly maxSize = DEFAULT_HISTORY_CACHE_SIZE) {}

  /** The history of `callId` when the stored row is the one this process wrote (same version, same event count). */
  get(callId: string, version: string, eventCount: number): CallHistory | undefined {
    const e = this.entries.get(callId);
    if (!e) return undefined;
    if (e.version !== version || e.history.record.eventCount !== eventCount) {
      this.entries.delete(callId);
      return undefined;
    }
    return e.history;
  }

  /**
   * The entry of `callId` as written, unchecked: a plan made ahead of its transaction starts from it
   * and holds only if the row is still this version then (record-call-events.ts `speculate`).
   */
  peek(callId: string): CachedHistory | undefined {
    return this.entries.get(callId);
  }

  /** After a commit: the history as written, with the row version the write returned and its AMK area. */
  set(history: CallHistory, version: string, area: string | null = null): void {
    this.entries.delete(history.callId);
    // A finished call rarely gets another event (a late annotation reads its events again).
    if (history.record.state === 'ended' || history.record.state === 'abandoned') return;
    this.entries.set(history.callId, { history, version, area });
    if (this.entries.size > this.maxSize) {
      // Maps keep insertion order: the first entries are the least recently written.
      const drop = this.entries.size - this.maxSize;
      let i = 0;
      for (const id of this.entries.keys()) {
        if (i++ >= drop) break;
        this.entries.delete(id);
      }
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
