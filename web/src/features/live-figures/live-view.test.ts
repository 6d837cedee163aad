import { describe, expect, it } from 'vitest';
import type { NationalCentre } from './api.ts';
import { centresOnBoard, longestWaitNow, sortCentres, staleSince, targetLevel } from './live-view.ts';

const centre = (
  centreId: string,
  name: string,
  service: 'legevakt' | 'amk',
  amkId: string,
): NationalCentre => ({
  centreId,
  name,
  service,
  amkId,
  requiredShare: service === 'amk' ? 0.9 : 0.8,
  thresholdMs: service === 'amk' ? 10_000 : 120_000,
  lastHour: { from: '', calls: 0, answered: 0, unanswered: 0, withinLimit: 0, share: null, met: null },
  today: { from: '', calls: 0, answered: 0, unanswered: 0, withinLimit: 0, share: null, met: null },
  waiting: 0,
  longestWaitMs: null,
  routing: null,
});

const all = [
  centre('amk-bergen', 'AMK Bergen', 'amk', 'amk-bergen'),
  centre('lv-alesund', 'Ålesund legevaktsentral', 'legevakt', 'amk-more'),
  centre('lv-bergen', 'Bergen legevaktsentral', 'legevakt', 'amk-bergen'),
  centre('lv-kinn', 'Kinn legevaktsentral', 'legevakt', 'amk-bergen'),
  centre('lv-oslo', 'Oslo legevaktsentral', 'legevakt', 'amk-oslo'),
];
const ids = (cs: NationalCentre[]) => cs.map((c) => c.centreId);

describe('the share against its requirement (LV-4 80 %, AMK-1 90 %)', () => {
  it('met from the requirement up, near within 5 points below, not met under that, none without calls', () => {
    expect(targetLevel(0.8, 0.8)).toBe('met');
    expect(targetLevel(1, 0.8)).toBe('met');
    expect(targetLevel(0.7999, 0.8)).toBe('near');
    expect(targetLevel(0.75, 0.8)).toBe('near');
    expect(targetLevel(0.7499, 0.8)).toBe('not-met');
    expect(targetLevel(0.85, 0.9)).toBe('near');
    expect(targetLevel(0.8, 0.9)).toBe('not-met');
    expect(targetLevel(null, 0.8)).toBe('none');
  });
});

describe('which centres a wall-board shows', () => {
  it('legevaktsentraler first, then AMK, by name with Å last', () => {
    expect(ids(sortCentres(all))).toEqual(['lv-bergen', 'lv-kinn', 'lv-oslo', 'lv-alesund', 'amk-bergen']);
  });

  it('by default the reader’s own: a centre, an AMK area’s centres, everything for a national scope', () => {
    expect(ids(centresOnBoard(all, [{ level: 'centre', id: 'lv-kinn' }], null))).toEqual(['lv-kinn']);
    expect(ids(centresOnBoard(all, [{ level: 'area', id: 'amk-bergen' }], null))).toEqual([
      'lv-bergen',
      'lv-kinn',
      'amk-bergen',
    ]);
    expect(centresOnBoard(all, [{ level: 'national' }], null)).toHaveLength(5);
  });

  it('?centre=all shows every centre, ?centre=a,b those (unknown ids left out)', () => {
    expect(centresOnBoard(all, [{ level: 'centre', id: 'lv-kinn' }], 'all')).toHaveLength(5);
    expect(ids(centresOnBoard(all, [], 'lv-oslo, amk-bergen,lv-nowhere'))).toEqual(['lv-oslo', 'amk-bergen']);
  });
});

describe('the longest wait and staleness', () => {
  it('carries the longest wait on by the server’s clock', () => {
    const at = '2026-03-02T10:00:00.000Z';
    const local = Date.parse(at) - 2_000; // the browser's clock is 2 s behind the server's
    expect(longestWaitNow(30_000, at, 2_000, local)).toBe(30_000);
    expect(longestWaitNow(30_000, at, 2_000, local + 5_000)).toBe(35_000);
    expect(longestWaitNow(null, at, 0, local)).toBeNull();
  });

  it('stale since the figures’ time when the last read failed or the live connection is down', () => {
    const at = '2026-03-02T10:00:00.000Z';
    expect(staleSince(at, false, true)).toBeNull();
    expect(staleSince(at, true, true)).toBe(at);
    expect(staleSince(at, false, false)).toBe(at);
    expect(staleSince(null, true, false)).toBeNull();
  });
});
