/**
 * The Nødnett feed into the AMK picture (issue 14; NN-4): positions batched, an alarm at once with
 * its position first; a database that does not answer keeps the positions (bounded) for the next
 * batch and never throws into the feed.
 */
import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../platform/auth/actor.ts';
import { SimClock } from '../platform/time/clock.ts';
import { AmkFeed, type AmkDoors } from './amk-feed.ts';
import type { NodnettFeedEvent, NodnettPosition } from './terminal-feed.ts';

const at = '2026-12-07T08:00:00.000Z';
const position = (issi: number, lat = 60.39): NodnettPosition => ({
  issi,
  observedAt: at,
  receivedAt: at,
  lat,
  lon: 5.32,
  errorMetres: 10,
  speedKmh: 40,
  headingDeg: 90,
  source: 'lip',
});
const quiet = { warn() {}, error() {} };

function doors(fail = () => false) {
  const calls: string[] = [];
  const positions: string[][] = [];
  const d: AmkDoors = {
    async recordPositions(_actor, reports) {
      calls.push(`positions:${reports.length}`);
      if (fail()) throw new Error('database down');
      positions.push(reports.map((r) => r.issi));
      return { recorded: reports.length, duplicates: 0, rejected: 0, latestChanged: reports.length };
    },
    alarmInbox: {
      async submit(_actor, input) {
        calls.push(`alarm:${input.issi}:${input.source}`);
        return { state: 'queued' as const };
      },
    },
  };
  return { d, calls, positions };
}

describe('AmkFeed', () => {
  it('batches positions for a quarter of a second, or at once when a batch is full', async () => {
    const clock = new SimClock({ start: Date.parse(at) });
    const { d, positions } = doors();
    const feed = new AmkFeed({ amk: d, actor: SYSTEM_ACTOR, timers: clock, logger: quiet, maxBatch: 3 });
    const ev = (issi: number): NodnettFeedEvent => ({ kind: 'position', position: position(issi) });
    feed.take(ev(1));
    feed.take(ev(2));
    expect(positions).toEqual([]);
    await clock.advanceAsync(300);
    await feed.flush();
    expect(positions).toEqual([['1', '2']]);
    for (const i of [3, 4, 5]) feed.take(ev(i));
    await feed.flush();
    expect(positions.at(-1)).toEqual(['3', '4', '5']);
    expect(feed.stats.positionsSent).toBe(5);
  });

  it('an emergency alarm goes at once, after the positions before it and its own', async () => {
    const clock = new SimClock({ start: Date.parse(at) });
    const { d, calls } = doors();
    const feed = new AmkFeed({ amk: d, actor: SYSTEM_ACTOR, timers: clock, logger: quiet });
    feed.take({ kind: 'position', position: position(7) });
    feed.take({
      kind: 'emergency-alarm',
      alarm: { issi: 9, observedAt: at, source: 'lip', position: position(9) },
    });
    feed.take({ kind: 'status', issi: 9, receivedAt: at, status: 3 });
    await feed.flush();
    expect(calls).toEqual(['positions:2', 'alarm:9:lip']);
    expect(feed.stats.alarmsSubmitted).toBe(1);
  });

  it('the database down: positions are kept (the oldest dropped beyond the bound) and sent when it answers; the alarm is still handed on', async () => {
    const clock = new SimClock({ start: Date.parse(at) });
    let down = true;
    const { d, calls, positions } = doors(() => down);
    const feed = new AmkFeed({
      amk: d,
      actor: SYSTEM_ACTOR,
      timers: clock,
      logger: quiet,
      maxBuffered: 4,
    });
    for (const i of [1, 2, 3]) feed.take({ kind: 'position', position: position(i) });
    await feed.flush();
    expect(positions).toEqual([]);
    for (const i of [4, 5, 6]) feed.take({ kind: 'position', position: position(i) });
    feed.take({
      kind: 'emergency-alarm',
      alarm: { issi: 8, observedAt: at, source: 'network', position: null },
    });
    await feed.flush();
    expect(calls).toContain('alarm:8:network');
    expect(feed.stats.dropped).toBe(2);
    down = false;
    await clock.advanceAsync(1_100);
    await feed.flush();
    expect(positions.flat()).toEqual(['3', '4', '5', '6']);
    expect(feed.stats.failures).toBeGreaterThan(0);
  });
});
