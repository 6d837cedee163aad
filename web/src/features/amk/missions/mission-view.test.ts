/**
 * The missions pages' pure rules (issue 14): AMK-2 (missions: filters, order, age, units,
 * handover, close, timeline, location), AMK-3 (triple alert: who may acknowledge, missing first),
 * NN-6 (first responders: the answers an operator may record).
 */
import { describe, expect, it } from 'vitest';
import { encodeRing } from '../../../../../src/routing/map/shape-codec.ts';
import type { Mission, MissionDetail, TripleAlert } from './api.ts';
import {
  ageOf,
  answersFor,
  crossesBorder,
  filterCounts,
  handoverUnits,
  locationOf,
  mayAcknowledge,
  mayClose,
  missionFromCallPath,
  missionsFor,
  municipalityPoint,
  parseCoordinate,
  recipientsMissingFirst,
  scopeIds,
  timelineRows,
} from './mission-view.ts';

type Unit = Mission['units'][number];
const unit = (o: Partial<Unit> = {}): Unit => ({
  resourceId: 'r1',
  callSign: 'A-1',
  kind: 'ambulance-car',
  amkId: 'amk-bergen',
  status: 'dispatched',
  onMission: true,
  dispatchedAt: '2026-12-07T09:00:00Z',
  delivery: null,
  ...o,
});

const mission = (o: Partial<Mission> = {}): Mission => ({
  id: 'm1',
  callId: null,
  urgency: 'vanlig',
  location: { lat: 60.39, lon: 5.32, municipality: '4601' },
  amkId: 'amk-bergen',
  amkIds: ['amk-bergen'],
  state: 'open',
  createdAt: '2026-12-07T09:00:00Z',
  closedAt: null,
  revision: 1,
  units: [],
  ...o,
});

describe('missions list (AMK-2)', () => {
  const list = [
    mission({ id: 'old-vanlig', createdAt: '2026-12-07T08:00:00Z' }),
    mission({ id: 'new-akutt', urgency: 'akutt', createdAt: '2026-12-07T09:30:00Z' }),
    mission({ id: 'old-akutt', urgency: 'akutt', createdAt: '2026-12-07T09:10:00Z' }),
    mission({ id: 'haster', urgency: 'haster', amkIds: ['amk-bergen', 'amk-forde'] }),
    mission({ id: 'closed-early', state: 'closed', closedAt: '2026-12-07T08:30:00Z' }),
    mission({
      id: 'closed-late',
      state: 'closed',
      closedAt: '2026-12-07T09:45:00Z',
      amkIds: ['amk-oslo', 'amk-bergen'],
    }),
  ];

  it('shows open missions akutt first, then haster, then vanlig, oldest first within each', () => {
    expect(missionsFor(list, 'open').map((m) => m.id)).toEqual([
      'old-akutt',
      'new-akutt',
      'haster',
      'old-vanlig',
    ]);
  });

  it('shows closed missions newest closed first, and all with the open ones before', () => {
    expect(missionsFor(list, 'closed').map((m) => m.id)).toEqual(['closed-late', 'closed-early']);
    expect(
      missionsFor(list, 'all')
        .map((m) => m.id)
        .slice(-2),
    ).toEqual(['closed-late', 'closed-early']);
  });

  it('a mission followed by more than one AMK crosses a border, open or closed', () => {
    expect(crossesBorder(list[3]!)).toBe(true);
    expect(crossesBorder(list[0]!)).toBe(false);
    expect(missionsFor(list, 'cross-border').map((m) => m.id)).toEqual(['haster', 'closed-late']);
    expect(filterCounts(list)).toEqual({ open: 4, closed: 2, 'cross-border': 2, all: 6 });
  });

  it('ages an open mission to now and a closed one to its close, in whole minutes', () => {
    const now = Date.parse('2026-12-07T11:05:59Z');
    expect(ageOf(mission({ createdAt: '2026-12-07T09:00:00Z' }), now)).toEqual({ hours: 2, minutes: 5 });
    expect(
      ageOf(mission({ createdAt: '2026-12-07T09:00:00Z', closedAt: '2026-12-07T09:42:10Z' }), now),
    ).toEqual({ hours: 0, minutes: 42 });
    // A clock a little behind the server's never shows a negative age.
    expect(ageOf(mission({ createdAt: '2026-12-07T11:07:00Z' }), now)).toEqual({ hours: 0, minutes: 0 });
  });
});

describe('one mission (AMK-2)', () => {
  it('hands over only transporting units still on it, and closes only when none transports', () => {
    const m = mission({
      units: [
        unit({ resourceId: 'a', status: 'transporting' }),
        unit({ resourceId: 'b', status: 'at-scene' }),
        unit({ resourceId: 'c', status: 'transporting', onMission: false }),
      ],
    });
    expect(handoverUnits(m).map((u) => u.resourceId)).toEqual(['a']);
    expect(mayClose(m)).toBe(false);
    expect(mayClose({ ...m, units: [unit({ status: 'at-hospital' })] })).toBe(true);
    expect(mayClose({ ...m, state: 'closed', units: [] })).toBe(false);
  });

  it('lists the timeline newest first with each step’s call sign', () => {
    const m: Pick<MissionDetail, 'timeline' | 'units'> = {
      units: [unit({ resourceId: 'a', callSign: 'BERGEN-1' })],
      timeline: [
        {
          kind: 'created',
          resourceId: null,
          status: null,
          hospital: null,
          at: '2026-12-07T09:00:00Z',
          by: 'x',
        },
        {
          kind: 'dispatched',
          resourceId: 'a',
          status: 'dispatched',
          hospital: null,
          at: '2026-12-07T09:01:00Z',
          by: 'x',
        },
        {
          kind: 'unit-status',
          resourceId: 'a',
          status: 'en-route',
          hospital: null,
          at: '2026-12-07T09:01:00Z',
          by: 'x',
        },
        {
          kind: 'handover',
          resourceId: 'gone',
          status: 'at-hospital',
          hospital: 'Haukeland',
          at: '2026-12-07T09:40:00Z',
          by: 'x',
        },
      ],
    };
    const rows = timelineRows(m);
    expect(rows.map((r) => r.kind)).toEqual(['handover', 'unit-status', 'dispatched', 'created']);
    expect(rows.map((r) => r.callSign)).toEqual([null, 'BERGEN-1', 'BERGEN-1', null]);
    expect(rows[0]!.hospital).toBe('Haukeland');
  });
});

describe('the create form’s location (AMK-2)', () => {
  const pointOf = (nr: string) => (nr === '4601' ? { lat: 60.3, lon: 5.4 } : null);

  it('reads coordinates with a decimal comma or point, and refuses what is not one in range', () => {
    expect(parseCoordinate(' 60,3913 ', 'lat')).toBe(60.3913);
    expect(parseCoordinate('-5.5', 'lon')).toBe(-5.5);
    expect(parseCoordinate('91', 'lat')).toBeNull();
    expect(parseCoordinate('120', 'lon')).toBe(120);
    expect(parseCoordinate('60°N', 'lat')).toBeNull();
    expect(parseCoordinate('', 'lat')).toBeNull();
  });

  it('sends a point alone (the server finds the municipality) or a municipality with its point', () => {
    expect(locationOf({ mode: 'point', lat: '60,39', lon: '5,32', municipality: '4601' }, pointOf)).toEqual({
      location: { lat: 60.39, lon: 5.32 },
    });
    expect(locationOf({ mode: 'municipality', lat: '', lon: '', municipality: '4601' }, pointOf)).toEqual({
      location: { lat: 60.3, lon: 5.4, municipality: '4601' },
    });
  });

  it('names every field that is missing or wrong', () => {
    expect(locationOf({ mode: 'point', lat: 'x', lon: '', municipality: '' }, pointOf)).toEqual({
      problems: ['lat', 'lon'],
    });
    expect(locationOf({ mode: 'municipality', lat: '', lon: '', municipality: '' }, pointOf)).toEqual({
      problems: ['municipality'],
    });
    expect(locationOf({ mode: 'municipality', lat: '', lon: '', municipality: '9999' }, pointOf)).toEqual({
      problems: ['municipality-no-point'],
    });
  });

  it('places a municipality at the centroid of its largest polygon', () => {
    const q = 0.001;
    // A 2°×1° rectangle around (lon 6, lat 61) and a small island elsewhere.
    const big = encodeRing(
      [
        [5, 60.5],
        [7, 60.5],
        [7, 61.5],
        [5, 61.5],
        [5, 60.5],
      ],
      q,
      true,
    )!;
    const small = encodeRing(
      [
        [10, 63],
        [10.1, 63],
        [10.1, 63.1],
        [10, 63.1],
        [10, 63],
      ],
      q,
      true,
    )!;
    expect(municipalityPoint([[small], [big]], q)).toEqual({ lat: 61, lon: 6 });
    expect(municipalityPoint([], q)).toBeNull();
  });
});

describe('the way from a 113 call (AMK-2)', () => {
  it('opens the missions page with the call and its hastegrad, only at an AMK centre', () => {
    expect(missionFromCallPath('call 1', { service: 'amk' }, 'akutt')).toBe(
      '/amk/missions?callId=call+1&urgency=akutt',
    );
    expect(missionFromCallPath('c2', { service: 'amk' }, '')).toBe('/amk/missions?callId=c2');
    expect(missionFromCallPath('c3', { service: 'legevakt' }, 'akutt')).toBeNull();
  });
});

describe('triple alert acknowledgements (AMK-3)', () => {
  const alert: Pick<TripleAlert, 'amkId'> = { amkId: 'amk-bergen' };
  const r = (o: Partial<TripleAlert['recipients'][number]>): TripleAlert['recipients'][number] => ({
    recipient: 'police',
    kind: 'police',
    amkId: null,
    acknowledgedAt: null,
    acknowledgedBy: null,
    delivery: null,
    ...o,
  });

  it('an AMK recipient by its own operators; police, fire and rescue recorded by the raising AMK', () => {
    const forde = r({ recipient: 'amk:amk-forde', kind: 'amk', amkId: 'amk-forde' });
    expect(mayAcknowledge(alert, forde, ['amk-forde'])).toBe(true);
    expect(mayAcknowledge(alert, forde, ['amk-bergen'])).toBe(false);
    expect(mayAcknowledge(alert, r({}), ['amk-bergen'])).toBe(true);
    expect(mayAcknowledge(alert, r({ recipient: 'fire', kind: 'fire' }), ['amk-forde'])).toBe(false);
    expect(mayAcknowledge(alert, r({ kind: 'rescue-coordination' }), 'national')).toBe(true);
  });

  it('offers nothing for a recipient that has acknowledged', () => {
    expect(mayAcknowledge(alert, r({ acknowledgedAt: '2026-12-07T09:00:00Z' }), 'national')).toBe(false);
  });

  it('lists the missing recipients first, each group in the server’s order', () => {
    const list = [
      r({ recipient: 'police', acknowledgedAt: '2026-12-07T09:00:00Z' }),
      r({ recipient: 'fire' }),
      r({ recipient: 'amk:amk-forde', acknowledgedAt: '2026-12-07T09:01:00Z' }),
      r({ recipient: 'rescue-coordination' }),
    ];
    expect(recipientsMissingFirst(list).map((x) => x.recipient)).toEqual([
      'fire',
      'rescue-coordination',
      'police',
      'amk:amk-forde',
    ]);
  });

  it('reads where the user operates from the capabilities', () => {
    expect(
      scopeIds([{ action: 'amk.operate', scopes: [{ level: 'centre', id: 'amk-bergen' }] }], 'amk.operate'),
    ).toEqual(['amk-bergen']);
    expect(scopeIds([{ action: 'amk.operate', scopes: [{ level: 'national' }] }], 'amk.operate')).toBe(
      'national',
    );
    expect(scopeIds([], 'amk.operate')).toEqual([]);
    expect(scopeIds(undefined, 'amk.operate')).toEqual([]);
  });
});

describe('first responders (NN-6)', () => {
  it('an operator records accepted or declined first, arrival only after accepting, nothing after', () => {
    expect(answersFor({ answer: null, arrivedAt: null })).toEqual(['accepted', 'declined']);
    expect(answersFor({ answer: 'accepted', arrivedAt: null })).toEqual(['arrived']);
    expect(answersFor({ answer: 'accepted', arrivedAt: '2026-12-07T09:00:00Z' })).toEqual([]);
    expect(answersFor({ answer: 'declined', arrivedAt: null })).toEqual([]);
  });
});
