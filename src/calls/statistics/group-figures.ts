/**
 * The official figures per group and period computed directly from the calls, with the trace of
 * which calls each figure counted: the drill-down behind a rollup cell (the same keys, the same
 * figures — exact median instead of the cell's bounds). PURE.
 */
import type { CallService } from '../domain/call-event.ts';
import type { CountedCall, FiguresTrace, OfficialFigures } from './official-figures.ts';
import { figuresOfCalls } from './official-figures.ts';
import type { RollupKey, RollupOptions } from './rollup-cells.ts';
import { cellId, cellKeysOf } from './rollup-cells.ts';

export interface GroupFigures {
  key: RollupKey;
  figures: OfficialFigures;
  trace: Omit<FiguresTrace, 'inProgress' | 'notOffered' | 'incomplete'>;
}

/** Figures with their trace for every cell the calls of `service` fall in, by cell id. */
export function figuresByGroup(
  calls: Iterable<CountedCall>,
  service: CallService,
  options: RollupOptions,
): Map<string, GroupFigures> {
  const members = new Map<string, { key: RollupKey; calls: CountedCall[] }>();
  for (const call of calls) {
    if (call.service !== service) continue;
    for (const key of cellKeysOf(call, options)) {
      const id = cellId(key);
      const m = members.get(id);
      if (m) m.calls.push(call);
      else members.set(id, { key, calls: [call] });
    }
  }
  const out = new Map<string, GroupFigures>();
  for (const [id, { key, calls: inCell }] of members) {
    out.set(id, { key, ...figuresOfCalls(inCell, service) });
  }
  return out;
}
