/** The Nødnett pages' rules (NN-1, NN-2, NN-3, NN-7): the fleet tree, partner groups, areas, form input. */
import { describe, expect, it } from 'vitest';
import { buildFleetMap, DEFAULT_AREAS } from '../../../../src/nodnett/simulator/fleet.ts';
import type { TalkGroup } from './api.ts';
import {
  conferenceParties,
  fleetTree,
  groupName,
  municipalityNumber,
  operableAreas,
  parseIssis,
  partnerGroups,
} from './fleet-view.ts';

const fixed = buildFleetMap(DEFAULT_AREAS, 64) as TalkGroup[];
const incident: TalkGroup = {
  gssi: 9_100_001,
  name: 'Trafikkulykke E18',
  level: 'incident',
  agencies: ['health', 'police', 'fire'],
  area: 'amk-oslo',
  capacity: 64,
  members: { terminals: [7_000_001], groups: [] },
};
const all = [...fixed, incident];

describe('the fleet map as a tree (NN-1)', () => {
  const tree = fleetTree(all);
  it('national and regional groups apart, and one branch per AMK area named by its health group', () => {
    expect(tree.national.map((g) => g.name)).toEqual(['Nasjonal helse', 'Nasjonal samvirke']);
    expect(tree.regional).toHaveLength(4);
    expect(tree.areas.map((a) => a.name)).toEqual([
      'AMK Bergen',
      'AMK Bodø',
      'AMK Innlandet',
      'AMK Oslo',
      'AMK Stavanger',
      'AMK Tromsø',
      'AMK Trondheim',
    ]);
  });
  it('in each area the health, police and fire groups in that order, the incident groups beside them', () => {
    const oslo = tree.areas.find((a) => a.area === 'amk-oslo')!;
    expect(oslo.local.map((g) => g.name)).toEqual(['AMK Oslo', 'Politi Oslo', 'Brann Oslo']);
    expect(oslo.incident.map((g) => g.name)).toEqual(['Trafikkulykke E18']);
    expect(tree.areas.find((a) => a.area === 'amk-bergen')!.incident).toEqual([]);
  });
  it('an area that only has an incident group is still shown, named by it', () => {
    const t = fleetTree([{ ...incident, area: 'amk-x' }]);
    expect(t.areas).toEqual([
      expect.objectContaining({ area: 'amk-x', name: 'Trafikkulykke E18', local: [] }),
    ]);
  });
});

describe('NN-2: the other agencies’ groups an incident group can take', () => {
  it('the police and fire groups of its own area, not those already attached', () => {
    expect(partnerGroups(all, incident).map((g) => g.name)).toEqual(['Politi Oslo', 'Brann Oslo']);
    const police = fixed.find((g) => g.name === 'Politi Oslo')!;
    const withPolice = { ...incident, members: { terminals: [], groups: [police.gssi] } };
    expect(partnerGroups(all, withPolice).map((g) => g.name)).toEqual(['Brann Oslo']);
    expect(groupName(all, police.gssi)).toBe('Politi Oslo');
    expect(groupName(all, 1)).toBe('1');
  });
});

describe('the AMK areas the user may operate in', () => {
  const tree = fleetTree(all);
  it('every area nationally, else the scopes’ areas the fleet map knows, none without the capability', () => {
    expect(operableAreas([{ level: 'national' }], tree)).toHaveLength(7);
    expect(
      operableAreas(
        [
          { level: 'area', id: 'amk-oslo' },
          { level: 'centre', id: 'amk-nowhere' },
        ],
        tree,
      ).map((a) => a.area),
    ).toEqual(['amk-oslo']);
    expect(operableAreas(undefined, tree)).toEqual([]);
    expect(operableAreas([{ level: 'unit', id: 'amk-oslo' }], tree)).toEqual([]);
  });
});

describe('form input', () => {
  it('terminal numbers: commas or spaces, duplicates once, the first entry that is not one named', () => {
    expect(parseIssis('7000001, 7000002 7000001;')).toEqual({ ok: true, issis: [7_000_001, 7_000_002] });
    expect(parseIssis('')).toEqual({ ok: true, issis: [] });
    expect(parseIssis('7000001 abc')).toEqual({ ok: false, bad: 'abc' });
    expect(parseIssis('16777216')).toEqual({ ok: false, bad: '16777216' });
    expect(parseIssis('0')).toEqual({ ok: false, bad: '0' });
  });

  it('NN-3: the COPD conference — crew terminal, doctor by terminal or phone, specialist by phone', () => {
    expect(
      conferenceParties({
        crew: '7000001',
        doctorBy: 'phone',
        doctor: '+47 22 00 00 00',
        specialist: '55 97 50 00',
      }),
    ).toEqual({
      ok: true,
      parties: [
        { kind: 'terminal', issi: 7_000_001 },
        { kind: 'phone', number: '+4722000000' },
        { kind: 'phone', number: '55975000' },
      ],
    });
    expect(
      conferenceParties({ crew: '7000001', doctorBy: 'terminal', doctor: '7000002', specialist: '' }),
    ).toEqual({
      ok: true,
      parties: [
        { kind: 'terminal', issi: 7_000_001 },
        { kind: 'terminal', issi: 7_000_002 },
      ],
    });
    expect(conferenceParties({ crew: '', doctorBy: 'terminal', doctor: '1 2', specialist: 'lege' })).toEqual({
      ok: false,
      errors: { crew: 'required', doctor: 'issi', specialist: 'phone' },
    });
    expect(conferenceParties({ crew: '7000001', doctorBy: 'phone', doctor: '', specialist: '' })).toEqual({
      ok: false,
      errors: { doctor: 'required' },
    });
  });

  it('NN-7: a municipality number is four digits', () => {
    expect(municipalityNumber(' 0301 ')).toBe('0301');
    expect(municipalityNumber('301')).toBeNull();
    expect(municipalityNumber('Oslo')).toBeNull();
  });
});
