/**
 * The shared contract of `NodnettPort` (NN-1 … NN-4, NN-7), run against every implementation
 * (Hono style: one suite, many adapters). Today the simulator runs it; a production gateway runs it
 * against the operator's test network by providing a fixture whose scenario names that network's
 * test terminals and numbers. Nothing here steers the network: every expectation follows from the
 * scenario, and reports are provoked the way a real network allows (an immediate location request).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { decodeLip } from '../lip/decode.ts';
import type { NodnettPort, Ssi, TerminalReport } from '../port.ts';

export interface NodnettContractScenario {
  /** At least three terminals that are in coverage and answer. */
  inCoverage: Ssi[];
  /** A terminal the network knows that is out of coverage (or switched off). */
  outOfCoverage: Ssi;
  /** An ISSI the network does not know. */
  unknownTerminal: Ssi;
  /** Members a new incident group takes (≤ 4 so the suite can fill one). */
  groupCapacity: number;
  /** A telephone that answers a conference call, and one that does not. */
  reachablePhone: string;
  unreachablePhone: string;
  /** A terminal that reads every text at once (a test terminal set to auto-read), if the network has one. */
  readingTerminal?: Ssi;
}

export interface NodnettFixture {
  port: NodnettPort;
  scenario: NodnettContractScenario;
  close(): Promise<void>;
}

/** Waits (real time, polling) until `pick` finds a report, or fails after `ms`. */
async function waitForReport(
  reports: TerminalReport[],
  pick: (r: TerminalReport) => boolean,
  ms = 5_000,
): Promise<TerminalReport> {
  const until = Date.now() + ms;
  for (;;) {
    const found = reports.find(pick);
    if (found) return found;
    if (Date.now() > until) throw new Error('no such report arrived');
    await new Promise((r) => setTimeout(r, 10));
  }
}

export function nodnettContract(name: string, create: () => Promise<NodnettFixture>): void {
  describe(`NodnettPort contract: ${name}`, () => {
    const fixtures: NodnettFixture[] = [];
    const build = async (): Promise<NodnettFixture> => {
      const f = await create();
      fixtures.push(f);
      return f;
    };
    afterAll(async () => {
      await Promise.all(fixtures.map((f) => f.close()));
    });

    it('NN-1, NN-2: the fleet map has national, regional and local groups, and police and fire groups to share', async () => {
      const { port } = await build();
      const map = await port.fleetMap();
      expect(map.ok).toBe(true);
      if (!map.ok) return;
      const levels = new Set(map.groups.map((g) => g.level));
      for (const level of ['national', 'regional', 'local'] as const) expect(levels).toContain(level);
      const agencies = new Set(map.groups.flatMap((g) => g.agencies));
      for (const agency of ['health', 'police', 'fire'] as const) expect(agencies).toContain(agency);
      expect(new Set(map.groups.map((g) => g.gssi)).size).toBe(map.groups.length);
    });

    it('NN-2: creates an incident group shared with police and fire and attaches units and their groups', async () => {
      const { port, scenario } = await build();
      const map = await port.fleetMap();
      if (!map.ok) throw new Error('fleet map');
      const police = map.groups.find((g) => g.agencies.length === 1 && g.agencies[0] === 'police')!;
      const created = await port.createIncidentGroup({
        name: 'Trafikkulykke E6',
        agencies: ['health', 'police'],
        area: null,
      });
      expect(created).toMatchObject({ ok: true, group: { level: 'incident', name: 'Trafikkulykke E6' } });
      if (!created.ok) return;
      const gssi = created.group.gssi;
      const [a, b] = scenario.inCoverage;
      const attached = await port.attach(gssi, {
        terminals: [a!, scenario.outOfCoverage, scenario.unknownTerminal],
        groups: [police.gssi],
      });
      expect(attached).toEqual({
        ok: true,
        terminals: [
          { issi: a, outcome: 'attached' },
          { issi: scenario.outOfCoverage, outcome: 'out-of-coverage' },
          { issi: scenario.unknownTerminal, outcome: 'unknown-terminal' },
        ],
        groups: [{ gssi: police.gssi, outcome: 'attached' }],
      });
      // Attaching the same unit again is not an error; a second unit joins.
      const again = await port.attach(gssi, { terminals: [a!, b!], groups: [] });
      expect(again.ok && again.terminals.map((t) => t.outcome)).toEqual(['attached', 'attached']);
      const after = await port.fleetMap();
      const group = after.ok ? after.groups.find((g) => g.gssi === gssi) : undefined;
      expect(group?.members.terminals.sort()).toEqual([a, b].sort());
      expect(group?.members.groups).toEqual([police.gssi]);
    });

    it('NN-2: a full incident group refuses the next member with group-full', async () => {
      const { port, scenario } = await build();
      const map = await port.fleetMap();
      if (!map.ok) throw new Error('fleet map');
      const created = await port.createIncidentGroup({
        name: 'Brann i tunnel',
        agencies: ['health', 'fire'],
        area: null,
      });
      if (!created.ok) throw new Error('create');
      const others = map.groups.map((g) => g.gssi);
      const candidates = {
        terminals: scenario.inCoverage.slice(0, 3),
        groups: others.slice(0, scenario.groupCapacity),
      };
      const r = await port.attach(created.group.gssi, candidates);
      if (!r.ok) throw new Error('attach');
      const outcomes = [...r.terminals.map((t) => t.outcome), ...r.groups.map((g) => g.outcome)];
      expect(outcomes.filter((o) => o === 'attached')).toHaveLength(scenario.groupCapacity);
      expect(outcomes.slice(scenario.groupCapacity).every((o) => o === 'group-full')).toBe(true);
    });

    it('NN-2: only incident groups take members; a released group is gone', async () => {
      const { port, scenario } = await build();
      const map = await port.fleetMap();
      if (!map.ok) throw new Error('fleet map');
      const fixed = map.groups.find((g) => g.level === 'local')!;
      expect(await port.attach(fixed.gssi, { terminals: [scenario.inCoverage[0]!], groups: [] })).toEqual({
        ok: false,
        reason: 'not-an-incident-group',
      });
      expect(await port.releaseIncidentGroup(fixed.gssi)).toEqual({
        ok: false,
        reason: 'not-an-incident-group',
      });
      const created = await port.createIncidentGroup({
        name: 'Leteaksjon',
        agencies: ['health'],
        area: null,
      });
      if (!created.ok) throw new Error('create');
      expect(await port.releaseIncidentGroup(created.group.gssi)).toEqual({ ok: true });
      expect(await port.attach(created.group.gssi, { terminals: [], groups: [] })).toEqual({
        ok: false,
        reason: 'unknown-group',
      });
      const after = await port.fleetMap();
      expect(after.ok && after.groups.some((g) => g.gssi === created.group.gssi)).toBe(false);
    });

    it('NN-3: a conference of ambulance crew, doctor on call and hospital specialist connects, then ends', async () => {
      const { port, scenario } = await build();
      const r = await port.startConference([
        { kind: 'terminal', issi: scenario.inCoverage[0]! },
        { kind: 'terminal', issi: scenario.inCoverage[1]! },
        { kind: 'phone', number: scenario.reachablePhone },
      ]);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.conference.status).toBe('connected');
      expect(r.conference.parties.map((p) => p.outcome)).toEqual(['joined', 'joined', 'joined']);
      expect(await port.endConference(r.conference.id)).toEqual({ ok: true });
      expect(await port.endConference(r.conference.id)).toEqual({ ok: false, reason: 'unknown-conference' });
    });

    it('NN-3: a conference where fewer than two join fails, with each party’s outcome', async () => {
      const { port, scenario } = await build();
      const r = await port.startConference([
        { kind: 'terminal', issi: scenario.inCoverage[0]! },
        { kind: 'terminal', issi: scenario.outOfCoverage },
        { kind: 'phone', number: scenario.unreachablePhone },
      ]);
      expect(r.ok && r.conference).toMatchObject({
        status: 'failed',
        parties: [{ outcome: 'joined' }, { outcome: 'out-of-coverage' }, { outcome: 'no-answer' }],
      });
      if (r.ok)
        expect(await port.endConference(r.conference.id)).toEqual({
          ok: false,
          reason: 'unknown-conference',
        });
    });

    it('NN-4: an immediate location request is answered by a LIP report that nodmeld decodes', async () => {
      const { port, scenario } = await build();
      const reports: TerminalReport[] = [];
      const stop = port.subscribe((r) => reports.push(r));
      const issi = scenario.inCoverage[2]!;
      expect(await port.requestLocation(issi)).toEqual({ ok: true, delivery: 'delivered' });
      const report = await waitForReport(reports, (r) => r.issi === issi && r.kind === 'location');
      stop();
      if (report.kind !== 'location') throw new Error('location expected');
      const decoded = decodeLip(
        report.lip,
        report.bitLength === undefined ? {} : { bitLength: report.bitLength },
      );
      expect(decoded.ok).toBe(true);
      expect(Number.isNaN(Date.parse(report.receivedAt))).toBe(false);
    });

    it('NN-4, NN-7: messages and requests to a terminal out of coverage or unknown say so', async () => {
      const { port, scenario } = await build();
      expect(await port.requestLocation(scenario.outOfCoverage)).toEqual({
        ok: true,
        delivery: 'out-of-coverage',
      });
      expect(await port.requestLocation(scenario.unknownTerminal)).toEqual({
        ok: true,
        delivery: 'unknown-terminal',
      });
      expect(await port.sendStatus(scenario.inCoverage[0]!, 0x8002)).toEqual({
        ok: true,
        delivery: 'delivered',
      });
      expect(await port.sendText(scenario.inCoverage[0]!, 'Ring AMK')).toMatchObject({
        ok: true,
        delivery: 'delivered',
      });
      expect(await port.sendText(scenario.outOfCoverage, 'Ring AMK')).toMatchObject({
        ok: true,
        delivery: 'out-of-coverage',
      });
      expect(await port.sendText(scenario.unknownTerminal, 'Ring AMK')).toMatchObject({
        ok: true,
        delivery: 'unknown-terminal',
      });
    });

    it('AMK-3, NN-6: a text carries an 8-bit SDS-TL message reference; a read report names it', async () => {
      const { port, scenario } = await build();
      const to = scenario.readingTerminal ?? scenario.inCoverage[0]!;
      const reports: TerminalReport[] = [];
      const stop = port.subscribe((r) => reports.push(r));
      const first = await port.sendText(to, 'TRIPPELVARSLING test', { consumedReport: true });
      const second = await port.sendText(to, 'TRIPPELVARSLING test 2', { consumedReport: true });
      if (!first.ok || !second.ok) throw new Error('sent');
      for (const s of [first, second]) {
        expect(Number.isInteger(s.messageRef)).toBe(true);
        expect(s.messageRef).toBeGreaterThanOrEqual(0);
        expect(s.messageRef).toBeLessThanOrEqual(255);
      }
      expect(second.messageRef).not.toBe(first.messageRef);
      if (scenario.readingTerminal !== undefined) {
        const read = await waitForReport(
          reports,
          (r) => r.kind === 'sds-report' && r.issi === to && r.messageRef === second.messageRef,
        );
        expect(read).toMatchObject({ kind: 'sds-report', report: 'consumed' });
      }
      stop();
    });
  });
}
