import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CountedCall } from './official-figures.ts';
import { figuresByGroup } from './group-figures.ts';
import type { Rollup, RollupOptions } from './rollup-cells.ts';
import {
  addCallToCell,
  cellMedian,
  cellToJson,
  emptyCell,
  figuresOfCell,
  mergeCells,
  mergeRollups,
  rollupCalls,
} from './rollup-cells.ts';

const T0 = Date.UTC(2026, 2, 2, 13, 0, 0);

function call(callId: string, answerMs: number | undefined, over: Partial<CountedCall> = {}): CountedCall {
  return {
    callId,
    service: 'legevakt',
    centreId: 'lv-a',
    municipality: '0301',
    county: '03',
    startAt: T0,
    ...(answerMs !== undefined && { answerMs }),
    abandonedBeforeRinging: false,
    ...over,
  };
}

function cellOf(calls: CountedCall[]) {
  const cell = emptyCell();
  for (const c of calls) addCallToCell(cell, c);
  return cell;
}

const ALL: RollupOptions = {
  dimensions: ['centre', 'municipality', 'county', 'amk-area', 'national'],
  granularities: ['hour', 'day', 'week', 'month', 'year'],
  amkAreaOf: (c) => (c.county === '03' ? 'amk-oslo' : undefined),
};

const canonical = (r: Rollup) =>
  [...r.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, e]) => [id, e.key, cellToJson(e.cell)]);

describe('rollup cells (LV-4, AMK-1, RT-13)', () => {
  it('within-limit counts are exact at the boundaries: 10 s, 120 s, 600 s inclusive, 1 ms over outside', () => {
    const cell = cellOf([
      call('a', 10_000),
      call('b', 10_001),
      call('c', 120_000),
      call('d', 120_001),
      call('e', 600_000),
      call('f', 600_001),
      call('g', 0),
      call('u', undefined),
    ]);
    const f = figuresOfCell('legevakt', cell);
    expect(f).toMatchObject({
      calls: 8,
      answered: 7,
      unanswered: 1,
      answeredWithin10Seconds: 2,
      answeredWithin2Minutes: 4,
      answeredWithin10Minutes: 6,
      longestAnswerMs: 600_001,
    });
  });

  it('the median is exact when every answer time is whole seconds, otherwise bounded within its buckets', () => {
    // Whole seconds: 45 s, 120 s, 121 s, 600 s → (120 + 121) / 2 s, exact.
    expect(
      cellMedian(cellOf([call('a', 45_000), call('b', 120_000), call('c', 121_000), call('d', 600_000)])),
    ).toEqual({
      minMs: 120_500,
      maxMs: 120_500,
      exact: true,
    });
    // Milliseconds: the true median (120 000 + 120 001) / 2 = 120 000.5 ms lies in the bounds.
    const m = cellMedian(
      cellOf([call('a', 45_000), call('b', 120_000), call('c', 120_001), call('d', 600_000)]),
    )!;
    expect(m).toEqual({ minMs: (119_001 + 120_001) / 2, maxMs: (120_000 + 121_000) / 2, exact: false });
    expect(m.minMs <= 120_000.5 && 120_000.5 <= m.maxMs).toBe(true);
    // Odd count: the middle one.
    expect(cellMedian(cellOf([call('a', 3_000), call('b', 7_000), call('c', 9_000)]))).toEqual({
      minMs: 7_000,
      maxMs: 7_000,
      exact: true,
    });
    expect(cellMedian(emptyCell())).toBeNull();
  });

  it('a call falls in one cell per dimension and granularity; unknown municipality groups as unknown', () => {
    const r = rollupCalls(
      [call('a', 1_000), call('b', undefined, { municipality: undefined, county: undefined })],
      ALL,
    );
    expect(r.size).toBe(5 * 5 + 5 * 3); // a: 25 cells; b shares centre and national, adds 3 unknown groups × 5
    expect(r.get('legevakt|municipality|unknown|day|2026-03-02')?.cell.calls).toBe(1);
    expect(r.get('legevakt|amk-area|amk-oslo|week|2026-W10')?.cell.answered).toBe(1);
    expect(r.get('legevakt|national|NO|hour|2026-03-02T14+01:00')?.cell.calls).toBe(2);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties: merging cells is the same as counting the union

const countedCallArb = fc
  .record({
    service: fc.constantFrom('legevakt' as const, 'amk' as const),
    centreId: fc.constantFrom('lv-a', 'lv-b', 'amk-a'),
    municipality: fc.option(fc.constantFrom('0301', '4601', '5001'), { nil: undefined }),
    startAt: fc.integer({ min: Date.UTC(2025, 11, 28), max: Date.UTC(2026, 1, 3) }),
    answerMs: fc.option(
      fc.oneof(
        fc.constantFrom(0, 10_000, 10_001, 120_000, 120_001, 600_000, 600_001),
        fc.integer({ min: 0, max: 900 }).map((s) => s * 1000),
        fc.integer({ min: 0, max: 900_000 }),
      ),
      { nil: undefined },
    ),
    abandonedBeforeRinging: fc.boolean(),
  })
  .map((c): CountedCall => ({
    callId: `c${c.startAt}-${c.centreId}`,
    service: c.service,
    centreId: c.centreId,
    ...(c.municipality !== undefined && { municipality: c.municipality, county: c.municipality.slice(0, 2) }),
    startAt: c.startAt,
    ...(c.answerMs !== undefined && { answerMs: c.answerMs }),
    abandonedBeforeRinging: c.answerMs === undefined && c.abandonedBeforeRinging,
  }));

const callsArb = fc.array(countedCallArb, { maxLength: 40 });

describe('rollup properties (issue 10)', () => {
  it('cell merge is associative and commutative, the empty cell its identity, and equals counting the union', () => {
    fc.assert(
      fc.property(callsArb, callsArb, callsArb, (a, b, c) => {
        const [ca, cb, cc] = [cellOf(a), cellOf(b), cellOf(c)];
        const json = cellToJson;
        expect(json(mergeCells(mergeCells(ca, cb), cc))).toEqual(json(mergeCells(ca, mergeCells(cb, cc))));
        expect(json(mergeCells(ca, cb))).toEqual(json(mergeCells(cb, ca)));
        expect(json(mergeCells(ca, emptyCell()))).toEqual(json(ca));
        expect(json(mergeCells(mergeCells(ca, cb), cc))).toEqual(json(cellOf([...a, ...b, ...c])));
      }),
      { numRuns: 200 },
    );
  });

  it('merged rollups equal the rollup of the union, in any grouping', () => {
    fc.assert(
      fc.property(callsArb, callsArb, callsArb, (a, b, c) => {
        const [ra, rb, rc] = [a, b, c].map((x) => rollupCalls(x, ALL)) as [Rollup, Rollup, Rollup];
        const union = canonical(rollupCalls([...a, ...b, ...c], ALL));
        expect(canonical(mergeRollups(mergeRollups(ra, rb), rc))).toEqual(union);
        expect(canonical(mergeRollups(rc, mergeRollups(rb, ra)))).toEqual(union);
      }),
      { numRuns: 100 },
    );
  });

  it('every cell’s figures equal those computed on its calls: counts and shares exact, median within bounds', () => {
    fc.assert(
      fc.property(callsArb, (calls) => {
        const rollup = rollupCalls(calls, ALL);
        for (const service of ['legevakt', 'amk'] as const) {
          const direct = figuresByGroup(calls, service, ALL);
          for (const [id, group] of direct) {
            const entry = rollup.get(id)!;
            const fromCell = figuresOfCell(service, entry.cell);
            const { medianAnswer: exact, ...rest } = group.figures;
            const { medianAnswer: bounded, ...restCell } = fromCell;
            expect(restCell).toEqual(rest);
            expect(group.trace.counted.length).toBe(fromCell.calls);
            if (exact === null) expect(bounded).toBeNull();
            else {
              expect(bounded!.minMs).toBeLessThanOrEqual(exact.minMs);
              expect(bounded!.maxMs).toBeGreaterThanOrEqual(exact.minMs);
              expect(bounded!.maxMs - bounded!.minMs).toBeLessThan(1000);
              if (bounded!.exact) expect(bounded!.minMs).toBe(exact.minMs);
            }
          }
          const cellsOfService = [...rollup.values()].filter((e) => e.key.service === service);
          expect(cellsOfService.length).toBe(direct.size);
        }
      }),
      { numRuns: 100 },
    );
  });
});
