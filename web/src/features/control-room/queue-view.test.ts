/** The control room's view rules (issue 11): waits on the server's clock, their look, the selection, shares, centres. */
import { describe, expect, it } from 'vitest';
import {
  centresFor,
  formatPercent,
  formatWait,
  keepSame,
  moveSelection,
  reselect,
  waitLevel,
  waitMs,
} from './queue-view.ts';

describe('a waiting call', () => {
  const at = Date.parse('2026-12-07T01:00:00Z');
  it('waits from its first ringing, else from reaching the centre, never below zero', () => {
    const ringing = { startedAt: '2026-12-07T00:59:00Z', ringingAt: '2026-12-07T00:59:30Z' };
    expect(waitMs(ringing, at)).toBe(30_000);
    expect(waitMs({ startedAt: '2026-12-07T00:59:00Z', ringingAt: null }, at)).toBe(60_000);
    expect(waitMs({ startedAt: '2026-12-07T01:00:05Z', ringingAt: null }, at)).toBe(0);
  });

  it('looks like a warning from 90 s and danger from 2 minutes (LV-4); 8 s and 10 s at AMK (AMK-1)', () => {
    expect(waitLevel(89_999, 'legevakt', 120_000)).toBe('normal');
    expect(waitLevel(90_000, 'legevakt', 120_000)).toBe('warning');
    expect(waitLevel(119_999, 'legevakt', 120_000)).toBe('warning');
    expect(waitLevel(120_000, 'legevakt', 120_000)).toBe('danger');
    expect(waitLevel(7_999, 'amk', 10_000)).toBe('normal');
    expect(waitLevel(8_000, 'amk', 10_000)).toBe('warning');
    expect(waitLevel(10_000, 'amk', 10_000)).toBe('danger');
  });

  it('reads as a clock: minutes and seconds, hours when it comes to that', () => {
    expect(formatWait(0)).toBe('0:00');
    expect(formatWait(7_999)).toBe('0:07');
    expect(formatWait(125_000)).toBe('2:05');
    expect(formatWait(3_729_000)).toBe('1:02:09');
  });
});

describe('shares', () => {
  it('show one decimal in bokmål and English, a dash when there were no calls', () => {
    expect(formatPercent(0.659090909, 'nb')).toBe('65,9 %');
    expect(formatPercent(1, 'nb')).toBe('100,0 %');
    expect(formatPercent(0, 'nb')).toBe('0,0 %');
    expect(formatPercent(0.5, 'en')).toBe('50.0%');
    expect(formatPercent(0.8, 'nb', 0)).toBe('80 %');
    expect(formatPercent(null, 'nb')).toBe('–');
  });
});

describe('the chosen row', () => {
  it('moves within the queue', () => {
    expect(moveSelection(0, -1, 3)).toBe(0);
    expect(moveSelection(0, 1, 3)).toBe(1);
    expect(moveSelection(2, 1, 3)).toBe(2);
    expect(moveSelection(0, 1, 0)).toBe(-1);
  });

  it('follows its call when the queue changes, else keeps its place', () => {
    expect(reselect(null, 0, ['a', 'b'])).toBe(0);
    expect(reselect('b', 1, ['x', 'a', 'b'])).toBe(2);
    expect(reselect('b', 1, ['a', 'c'])).toBe(1); // b answered: the next call takes its place
    expect(reselect('c', 2, ['a', 'b'])).toBe(1); // the last one answered: the new last
    expect(reselect('a', 0, [])).toBe(-1);
  });
});

describe('the centres a user may work at', () => {
  const lv = [
    { id: 'lv-bergen', name: 'Bergen legevaktsentral', amkId: 'amk-bergen' },
    { id: 'lv-kinn', name: 'Kinn legevaktsentral', amkId: 'amk-forde' },
    { id: 'lv-asker', name: 'Asker legevaktsentral', amkId: 'amk-oslo' },
  ];
  const amk = [
    { id: 'amk-bergen', name: 'AMK Bergen' },
    { id: 'amk-forde', name: 'AMK Førde' },
  ];
  const ids = (scopes: Parameters<typeof centresFor>[0]) => centresFor(scopes, lv, amk).map((c) => c.id);

  it('are the centres of its memberships, by name', () => {
    expect(
      ids([
        { level: 'centre', id: 'lv-kinn' },
        { level: 'centre', id: 'lv-bergen' },
      ]),
    ).toEqual(['lv-bergen', 'lv-kinn']);
  });

  it('include an AMK area’s own centre and its legevaktsentraler; a national scope covers all', () => {
    expect(ids([{ level: 'area', id: 'amk-bergen' }])).toEqual(['amk-bergen', 'lv-bergen']);
    expect(ids([{ level: 'national' }])).toHaveLength(5);
    expect(ids([])).toEqual([]);
    expect(centresFor([{ level: 'area', id: 'amk-bergen' }], lv, amk)[0]?.service).toBe('amk');
  });
});

describe('keepSame (a re-read re-renders only the calls that changed)', () => {
  const a = { id: 'a', state: 'ringing' };
  const b = { id: 'b', state: 'queued' };
  it('keeps the previous object of an unchanged call and takes the new one of a changed call', () => {
    const next = [
      { id: 'a', state: 'ringing' },
      { id: 'b', state: 'ringing' },
      { id: 'c', state: 'queued' },
    ];
    const shared = keepSame([a, b], next);
    expect(shared[0]).toBe(a);
    expect(shared[1]).toBe(next[1]);
    expect(shared[2]).toBe(next[2]);
    expect(shared.map((x) => x.id)).toEqual(['a', 'b', 'c']);
  });
  it('follows the new order and drops calls that are gone', () => {
    expect(keepSame([a, b], [{ id: 'b', state: 'queued' }])).toEqual([b]);
    expect(keepSame([a, b], [{ ...b }, { ...a }])[0]).toBe(b);
  });
});
