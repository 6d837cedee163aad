/**
 * The simulated Nødnett beyond the port contract: deterministic from a seed, moving on the
 * injected clock, every report decodable by the real LIP decoder, emergency alarms, outages (NN-4).
 */
import { describe, expect, it } from 'vitest';
import { SimClock } from '../../platform/time/clock.ts';
import { decodeLip } from '../lip/decode.ts';
import { toHex } from '../lip/encode.ts';
import type { TerminalReport } from '../port.ts';
import { createTerminalFeed, type NodnettFeedEvent } from '../terminal-feed.ts';
import {
  FIRST_ISSI,
  SIMULATED_ANSWERS,
  SIMULATED_STATUSES,
  createSimulatedNodnett,
} from './simulated-nodnett.ts';

const START = Date.UTC(2026, 11, 7, 6, 0, 0);

function collect(seed: number, ticks: number) {
  const clock = new SimClock({ start: START });
  const sim = createSimulatedNodnett({ seed, terminals: 50, clock, reportIntervalMs: 10_000, tickMs: 1_000 });
  const reports: TerminalReport[] = [];
  sim.subscribe((r) => reports.push(r));
  sim.control.start();
  clock.advance(ticks * 1_000);
  return { reports, sim, clock };
}

describe('simulated Nødnett (NN-4)', () => {
  it('is deterministic: the same seed gives the same reports, byte for byte; another seed does not', () => {
    const a = collect(7, 30).reports.map((r) =>
      r.kind === 'location' ? `${r.issi}@${r.receivedAt}:${toHex(r.lip)}` : r.kind,
    );
    const b = collect(7, 30).reports.map((r) =>
      r.kind === 'location' ? `${r.issi}@${r.receivedAt}:${toHex(r.lip)}` : r.kind,
    );
    const c = collect(8, 30).reports.map((r) => (r.kind === 'location' ? toHex(r.lip) : r.kind));
    expect(a).toEqual(b);
    expect(a.length).toBe(150); // 50 terminals, one report per 10 s each, 30 s
    expect(c).not.toEqual(a.map((x) => x.split(':')[1]));
  });

  it('moves on the injected clock only: nothing happens until simulated time passes', () => {
    const { reports, clock } = collect(1, 0);
    expect(reports).toHaveLength(0);
    clock.advance(10_000);
    expect(reports).toHaveLength(50);
    expect(new Set(reports.map((r) => r.issi)).size).toBe(50);
    expect(
      reports.every((r) => Date.parse(r.receivedAt) > START && Date.parse(r.receivedAt) <= START + 10_000),
    ).toBe(true);
  });

  it('every report decodes with the real decoder, short and long reports mixed, positions inside Norway’s box', () => {
    const { reports } = collect(3, 600); // ten minutes: the terminals have moved
    const types = new Set<string>();
    for (const r of reports) {
      if (r.kind !== 'location') continue;
      const d = decodeLip(r.lip);
      expect(d.ok).toBe(true);
      if (!d.ok) continue;
      types.add(d.pdu.type);
      const lat =
        d.pdu.type === 'short-location-report'
          ? d.pdu.latitude
          : 'latitude' in d.pdu.location
            ? d.pdu.location.latitude
            : 0;
      expect(lat).toBeGreaterThanOrEqual(57.8);
      expect(lat).toBeLessThanOrEqual(71.3);
    }
    expect(types).toEqual(new Set(['short-location-report', 'long-location-report']));
  });

  it('NN-4: an emergency button press reaches the feed as an alarm with the unit’s position', () => {
    const clock = new SimClock({ start: START });
    const sim = createSimulatedNodnett({ seed: 2, terminals: 3, clock });
    const feed = createTerminalFeed(sim);
    const events: NodnettFeedEvent[] = [];
    feed.subscribe((e) => events.push(e));
    expect(sim.control.raiseEmergency(FIRST_ISSI + 1)).toBe(true);
    expect(events[0]).toMatchObject({
      kind: 'emergency-alarm',
      alarm: { issi: FIRST_ISSI + 1, source: 'lip', position: { issi: FIRST_ISSI + 1, source: 'lip' } },
    });
    expect(events[1]).toMatchObject({ kind: 'position', position: { issi: FIRST_ISSI + 1 } });
    // Out of coverage: the button press does not get through (the network never hears it).
    sim.control.setCoverage(FIRST_ISSI + 2, false);
    expect(sim.control.raiseEmergency(FIRST_ISSI + 2)).toBe(false);
    expect(feed.counts()).toMatchObject({ alarms: 1, positions: 1, undecodable: 0 });
  });

  it('occasional emergencies at the configured rate, from the seed', () => {
    const clock = new SimClock({ start: START });
    const sim = createSimulatedNodnett({ seed: 5, terminals: 100, clock, emergencyPerReport: 0.01 });
    const feed = createTerminalFeed(sim);
    sim.control.start();
    clock.advance(100_000); // 1000 reports
    const { alarms, positions } = feed.counts();
    expect(positions).toBe(1000);
    expect(alarms).toBeGreaterThan(0);
    expect(alarms).toBeLessThan(40);
  });

  it('a network outage: every operation answers network-unavailable and no report arrives; recovery resumes', async () => {
    const { sim, reports, clock } = collect(4, 10);
    const before = reports.length;
    sim.control.setAvailable(false);
    clock.advance(20_000);
    expect(reports.length).toBe(before);
    expect(await sim.fleetMap()).toEqual({ ok: false, reason: 'network-unavailable' });
    expect(await sim.createIncidentGroup({ name: 'x', agencies: ['health'], area: null })).toEqual({
      ok: false,
      reason: 'network-unavailable',
    });
    expect(await sim.startConference([])).toEqual({ ok: false, reason: 'network-unavailable' });
    expect(await sim.sendStatus(FIRST_ISSI, 1)).toEqual({ ok: false, reason: 'network-unavailable' });
    sim.control.setAvailable(true);
    clock.advance(10_000);
    expect(reports.length).toBe(before + 50);
  });

  it('status messages from the fictional status plan, at the configured rate', () => {
    const clock = new SimClock({ start: START });
    const sim = createSimulatedNodnett({ seed: 9, terminals: 100, clock, statusPerReport: 0.1 });
    const statuses: number[] = [];
    sim.subscribe((r) => {
      if (r.kind === 'status') statuses.push(r.status);
    });
    sim.control.start();
    clock.advance(100_000); // 1000 reports
    expect(statuses.length).toBeGreaterThan(50);
    expect(statuses.length).toBeLessThan(150);
    expect(statuses.every((s) => Object.values(SIMULATED_STATUSES).includes(s as never))).toBe(true);
  });

  it('NN-6: first-responder groups answer their alert — most accept and then arrive, some decline; other texts get no answer', async () => {
    const clock = new SimClock({ start: START });
    const sim = createSimulatedNodnett({ seed: 3, terminals: 40, clock, firstRespondersAnswer: true });
    const answers = new Map<number, number[]>();
    sim.subscribe((r) => {
      if (r.kind === 'status') answers.set(r.issi, [...(answers.get(r.issi) ?? []), r.status]);
    });
    const groups = sim.control.terminals().slice(0, 30);
    for (const g of groups)
      await sim.sendText(g.issi, 'AKUTTHJELPERVARSEL fra AMK Bergen. Sted: Bergen (4601).');
    await sim.sendText(sim.control.terminals()[35]!.issi, 'TRIPPELVARSLING fra AMK Bergen.');
    clock.advance(20_000);
    expect(answers.size).toBe(0); // not at once
    clock.advance(20_000);
    const first = groups.map((g) => answers.get(g.issi)?.[0]);
    expect(first.every((a) => a === SIMULATED_ANSWERS.accepted || a === SIMULATED_ANSWERS.declined)).toBe(
      true,
    );
    const accepted = groups.filter((g) => answers.get(g.issi)![0] === SIMULATED_ANSWERS.accepted);
    expect(accepted.length).toBeGreaterThan(15);
    expect(accepted.length).toBeLessThan(30);
    clock.advance(10 * 60_000);
    for (const g of groups)
      expect(answers.get(g.issi)).toEqual(
        accepted.includes(g)
          ? [SIMULATED_ANSWERS.accepted, SIMULATED_ANSWERS.arrived]
          : [SIMULATED_ANSWERS.declined],
      );
    expect(answers.has(sim.control.terminals()[35]!.issi)).toBe(false);
    await sim.close();
  });

  it('a subscriber that throws does not stop delivery to the others', () => {
    const clock = new SimClock({ start: START });
    const sim = createSimulatedNodnett({ seed: 6, terminals: 10, clock, reportIntervalMs: 1_000 });
    sim.subscribe(() => {
      throw new Error('listener fault');
    });
    const got: TerminalReport[] = [];
    sim.subscribe((r) => got.push(r));
    sim.control.tick();
    expect(got).toHaveLength(10);
  });
});
