import { describe, expect, it } from 'vitest';
import { scriptCallEvents } from '../testing/call-events.ts';
import { InMemoryCallReportSource } from './in-memory-source.ts';

const at = (iso: string) => Date.parse(iso);
const range = { fromMs: at('2026-03-02T00:00:00+01:00'), toMs: at('2026-03-03T00:00:00+01:00') };

describe('in-memory call report source', () => {
  it('folds events idempotently, returns refusals, and answers the cells of one group and range', async () => {
    const s = new InMemoryCallReportSource();
    const events = scriptCallEvents({
      callId: 'x1',
      centreId: 'lv-a',
      municipality: '0301',
      offeredAt: at('2026-03-02T10:15:00+01:00'),
      answerMs: 12_000,
      talkMs: 1,
    });
    expect(s.record(events)).toEqual([]);
    expect(s.record([...events].reverse())).toEqual([]); // the same events again: no-ops
    const answeredAgain = { ...events.find((e) => e.type === 'answered')!, eventId: 'x1:answered-2' };
    expect(s.record([answeredAgain]).map((r) => r.code)).toEqual(['call.transition-refused']);

    const day = await s.cells({
      service: 'legevakt',
      dimension: 'centre',
      group: 'lv-a',
      granularity: 'day',
      ...range,
    });
    expect(day.map((e) => [e.key.period, e.cell.calls, e.cell.answered])).toEqual([['2026-03-02', 1, 1]]);
    const hours = await s.cells({
      service: 'legevakt',
      dimension: 'municipality',
      group: '0301',
      granularity: 'hour',
      ...range,
    });
    expect(hours.map((e) => e.key.period)).toEqual(['2026-03-02T10+01:00']);
    expect(
      await s.cells({ service: 'amk', dimension: 'centre', group: 'lv-a', granularity: 'day', ...range }),
    ).toEqual([]);
    expect(
      await s.cells({
        service: 'legevakt',
        dimension: 'national',
        group: 'NO',
        granularity: 'day',
        fromMs: range.toMs,
        toMs: range.toMs + 86_400_000,
      }),
    ).toEqual([]);
  });
});
