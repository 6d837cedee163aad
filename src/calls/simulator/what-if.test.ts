/**
 * The what-if run: events folded through the pure fold and counted in rollup cells give the
 * official figures nationally and per centre (LV-4), consistent with the simulated calls.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { foldCallEvents, foldOrderedEvents } from '../domain/call-state.ts';
import { osloInstant } from '../../platform/time/calendar.ts';
import { loadDefaultDataSet } from '../../routing/data/load.ts';
import type { RoutingDataSet } from '../../routing/domain/types.ts';
import type { StaffingSpec } from './core/staffing.ts';
import type { SimulatedCall } from './core/traffic-model.ts';
import { runWhatIf, runWhatIfParallel } from './what-if.ts';
import { formatWhatIf } from './cli.ts';
import { loadStaffingFile } from './staffing-file.ts';

let data: RoutingDataSet;
beforeAll(async () => {
  data = await loadDefaultDataSet();
}, 60_000);

const span = { fromMs: osloInstant('2023-11-06'), toMs: osloInstant('2023-11-13') };
const staffing = (beta: number, minOperators: number): StaffingSpec => ({
  default: { beta, minOperators },
  centres: {},
});

describe('nodmeld simulate --what-if: official figures from the folded events (LV-4)', () => {
  it('counts every offered call once, nationally and per centre, as the simulated calls say', () => {
    const calls: SimulatedCall[] = [];
    const r = runWhatIf({
      data,
      staffing: staffing(0.5, 1),
      span,
      scale: 0.2,
      seed: 3,
      onCall: (c) => calls.push(c),
    });
    expect(r.refused).toBe(0);
    expect(r.incomplete).toBe(0);
    expect(r.calls).toBe(calls.length);
    const legevakt = calls.filter((c) => !c.emergency);
    const amk = calls.filter((c) => c.emergency);
    expect(r.amkCalls).toBe(amk.length);
    expect(r.national.calls + r.notOffered + r.amkCalls).toBe(r.calls);
    expect(r.centres.reduce((s, c) => s + c.figures.calls, 0)).toBe(r.national.calls);
    const within = legevakt.filter((c) => c.answerMs !== undefined && c.answerMs <= 120_000).length;
    expect(r.national.answeredWithin2Minutes).toBe(within);
    expect(r.national.unanswered).toBe(
      legevakt.filter((c) => c.centreId !== undefined && c.outcome !== 'answered').length,
    );
    expect(r.centresAtTarget).toBe(
      r.centres.filter((c) => (c.figures.shareWithin2Minutes ?? 0) >= 0.8).length,
    );
    expect(r.national.medianAnswer?.exact).toBe(true);
    // 113 (AMK-1): counted apart, every one of them, within 10 seconds as the calls say.
    expect(r.amk.national.calls).toBe(amk.length);
    expect(r.amk.centres.reduce((s, c) => s + c.figures.calls, 0)).toBe(amk.length);
    expect(r.amk.centres.map((c) => c.centreId).every((id) => id.startsWith('amk-'))).toBe(true);
    expect(r.amk.national.answeredWithin10Seconds).toBe(
      amk.filter((c) => c.answerMs !== undefined && c.answerMs <= 10_000).length,
    );
    expect(r.amk.centresAtTarget).toBe(
      r.amk.centres.filter((c) => (c.figures.shareWithin10Seconds ?? 0) >= 0.9).length,
    );
  });

  it('the fold’s fast path gives every generated call the record the general fold gives its events', () => {
    const calls: SimulatedCall[] = [];
    runWhatIf({ data, staffing: staffing(0, 0.5), span, scale: 0.2, seed: 5, onCall: (c) => calls.push(c) });
    const outcomes = new Set(calls.map((c) => c.outcome));
    expect(outcomes).toEqual(new Set(['answered', 'abandoned', 'voice-menu-hangup', 'fallback-menu-hangup']));
    expect(calls.some((c) => c.misrouted)).toBe(true);
    for (const c of calls) {
      const general = foldCallEvents(c.events);
      expect(general.refusals).toEqual([]);
      expect(c.events.map((e) => Date.parse(e.occurredAt))).toEqual(c.timed.map((t) => t.at));
      expect(foldOrderedEvents(c.callId, c.timed)).toEqual(general.histories.get(c.callId)!.record);
    }
  });

  it('staffing moves the figures: generous margins meet 80 % everywhere, thin ones miss it nationally', () => {
    const generous = runWhatIf({ data, staffing: staffing(3, 1), span, scale: 0.2, seed: 3 });
    const thin = runWhatIf({ data, staffing: staffing(-1, 0.2), span, scale: 0.2, seed: 3 });
    expect(generous.centresAtTarget).toBe(generous.centres.length);
    expect(generous.national.shareWithin2Minutes!).toBeGreaterThan(0.9);
    expect(thin.national.shareWithin2Minutes!).toBeLessThan(0.6);
    expect(thin.centresAtTarget).toBeLessThan(generous.centresAtTarget);
    // The demand is the same: the staffing changes the answers, not the calls.
    expect(thin.calls).toBe(generous.calls);
  });

  it('split over worker threads by centre, the run gives exactly the figures of one thread', async () => {
    const opts = { data, staffing: staffing(0, 0.5), span, scale: 0.1, seed: 9 };
    const one = runWhatIf(opts);
    const two = await runWhatIfParallel(opts, 2);
    expect(two.workers).toBe(2);
    const strip = ({ wallMs: _w, workers: _n, ...rest }: typeof one) => rest;
    expect(strip(two)).toEqual(strip(one));
  }, 60_000);

  it('prints the national figures and the centres at 80 % or better', () => {
    const r = runWhatIf({ data, staffing: staffing(1, 1), span, scale: 0.05, seed: 3 });
    const text = formatWhatIf(r, 2023, 'test').join('\n');
    expect(text).toContain('National (LV-4):');
    expect(text).toMatch(/Centres at 80 % or better: \d+ of \d+/);
  });

  it('the calibrated default staffing file is valid and covers every centre of the national data', async () => {
    const spec = await loadStaffingFile();
    expect(Object.keys(spec.centres).sort()).toEqual(data.centres.map((c) => c.id).sort());
  });
});
