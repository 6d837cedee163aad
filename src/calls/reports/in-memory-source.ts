/**
 * A `CallReportSource` in memory: call events folded into call records (call-state.ts) and rolled
 * up into hour and day cells per centre, municipality and the nation (rollup-cells.ts). Used by
 * the tests, and by the server until the calls store lands (PORT: the store replaces it; see
 * calls/module.ts). Recording is idempotent by event id like the store; refused events are
 * returned, not thrown.
 */
import type { CallEvent } from '../domain/call-event.ts';
import type { CallEventRefusal, CallHistory } from '../domain/call-state.ts';
import { applyCallEvent } from '../domain/call-state.ts';
import { classifyCall } from '../statistics/official-figures.ts';
import type { HourCount, Rollup, RollupEntry } from '../statistics/rollup-cells.ts';
import { addCallToRollup, hourCountsOf } from '../statistics/rollup-cells.ts';
import { callListsOf } from './model/call-lists.ts';
import type { CallReportSource } from './model/source.ts';

export class InMemoryCallReportSource implements CallReportSource {
  private readonly histories = new Map<string, CallHistory>();
  private rollup: Rollup | null = null;

  /** Folds events in (any calls, any order); returns the refusals. */
  record(events: Iterable<CallEvent>): CallEventRefusal[] {
    const refused: CallEventRefusal[] = [];
    for (const event of events) {
      const outcome = applyCallEvent(this.histories.get(event.callId), event);
      if (outcome.kind === 'refused') refused.push(outcome.refusal);
      else this.histories.set(event.callId, outcome.history);
    }
    this.rollup = null;
    return refused;
  }

  private cellsNow(): Rollup {
    if (this.rollup) return this.rollup;
    const rollup: Rollup = new Map();
    for (const h of this.histories.values()) {
      const c = classifyCall(h.record);
      if (c.kind === 'counted')
        addCallToRollup(rollup, c.call, {
          dimensions: ['centre', 'municipality', 'national'],
          granularities: ['hour', 'day'],
        });
    }
    this.rollup = rollup;
    return rollup;
  }

  cells(q: Parameters<CallReportSource['cells']>[0]): Promise<RollupEntry[]> {
    const out: RollupEntry[] = [];
    for (const e of this.cellsNow().values()) {
      const k = e.key;
      if (
        k.service === q.service &&
        k.dimension === q.dimension &&
        k.group === q.group &&
        k.granularity === q.granularity &&
        k.periodStartMs >= q.fromMs &&
        k.periodStartMs < q.toMs
      )
        out.push(e);
    }
    return Promise.resolve(out.sort((a, b) => a.key.periodStartMs - b.key.periodStartMs));
  }

  async hourCounts(q: Parameters<CallReportSource['hourCounts']>[0]): Promise<HourCount[]> {
    return hourCountsOf(await this.cells({ ...q, granularity: 'hour' }));
  }

  lists(q: Parameters<CallReportSource['lists']>[0]): ReturnType<CallReportSource['lists']> {
    return Promise.resolve(
      callListsOf(
        [...this.histories.values()].map((h) => h.record),
        q,
      ),
    );
  }
}
