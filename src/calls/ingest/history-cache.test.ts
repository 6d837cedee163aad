/**
 * The ingest's memory of the histories it wrote (issue 10): used only for the row version it was
 * written with, bounded, finished calls not kept.
 */
import { describe, expect, it } from 'vitest';
import { foldCallEvents } from '../domain/call-state.ts';
import { scriptCallEvents } from '../testing/call-events.ts';
import { CallHistoryCache } from './history-cache.ts';

const T0 = Date.parse('2026-03-02T09:00:00+01:00');
const historyOf = (callId: string, upTo?: number) => {
  const events = scriptCallEvents({
    callId,
    centreId: 'lv-oslo',
    offeredAt: T0,
    answerMs: 20_000,
    talkMs: 60_000,
  });
  return foldCallEvents(events.slice(0, upTo ?? events.length), new Map()).histories.get(callId)!;
};

describe('CallHistoryCache', () => {
  it('gives a history back only for the row version and event count it was written with', () => {
    const cache = new CallHistoryCache();
    const h = historyOf('c-1', 2);
    cache.set(h, '1001');
    expect(cache.get('c-1', '1001', h.record.eventCount)).toBe(h);
    expect(cache.get('c-1', '1001', h.record.eventCount + 1)).toBeUndefined();
    // A mismatch drops the entry: the row was written by someone else.
    expect(cache.get('c-1', '1001', h.record.eventCount)).toBeUndefined();
    cache.set(h, '1001');
    expect(cache.get('c-1', '1002', h.record.eventCount)).toBeUndefined();
    expect(cache.get('c-2', '1001', 1)).toBeUndefined();
  });

  it('does not keep finished calls, and keeps at most its size (the least recently written go first)', () => {
    const cache = new CallHistoryCache(2);
    const ended = historyOf('done');
    expect(ended.record.state).toBe('ended');
    cache.set(ended, '1');
    expect(cache.size).toBe(0);
    for (const id of ['a', 'b', 'c']) cache.set(historyOf(id, 2), '1');
    expect(cache.size).toBe(2);
    const n = historyOf('a', 2).record.eventCount;
    expect(cache.get('a', '1', n)).toBeUndefined();
    expect(cache.get('b', '1', n)).toBeDefined();
    expect(cache.get('c', '1', n)).toBeDefined();
  });
});
