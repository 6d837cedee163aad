import { describe, expect, it } from 'vitest';
import type { Resource, ResourceList, SafetyAlarm, TrackPoint } from './api.ts';
import {
  ageOf,
  clockText,
  countUnits,
  cutTrack,
  manualNextStatuses,
  matches,
  mergeRead,
  NO_FILTER,
  pictureOf,
  placeOf,
  secondsSince,
  sortUnits,
  splitAlarms,
  STATUS_SHAPES,
  withPositions,
  withResourceChange,
} from './picture-view.ts';

const T0 = Date.parse('2026-12-07T10:00:00Z');
const iso = (offsetS: number) => new Date(T0 + offsetS * 1000).toISOString();

const point = (offsetS: number, lat = 60.39, lon = 5.32): TrackPoint => ({
  observedAt: iso(offsetS),
  lat,
  lon,
  errorMetres: 10,
  speedKmh: 60,
  headingDeg: 90,
});

let n = 0;
function resource(overrides: Partial<Resource> = {}): Resource {
  n++;
  return {
    id: `r-${n}`,
    callSign: `AMB ${n}`,
    kind: 'ambulance-car',
    agency: null,
    amkId: 'amk-bergen',
    station: { name: 'Bergen ambulansestasjon', lat: 60.38, lon: 5.33 },
    issi: String(2000 + n),
    rosterUnitId: null,
    status: 'available',
    statusChangedAt: iso(-3600),
    missionId: null,
    revision: 1,
    position: null,
    crew: null,
    crewFlagged: false,
    ...overrides,
  };
}

function list(
  own: Resource[],
  neighbours: Resource[] = [],
  tracks: ResourceList['tracks'] = {},
): ResourceList {
  return {
    amkIds: ['amk-bergen'],
    neighbourAmkIds: ['amk-forde'],
    own,
    neighbours,
    counts: {
      own: {
        available: 0,
        dispatched: 0,
        'en-route': 0,
        'at-scene': 0,
        transporting: 0,
        'at-hospital': 0,
        'out-of-service': 0,
      },
      neighboursAvailable: neighbours.length,
      crewFlagged: 0,
    },
    tracks,
    trackLimits: { points: 3, minutes: 30 },
    staleAfterMs: 300_000,
  };
}

const positionsEvent = (units: { resourceId: string; p: TrackPoint }[]) => ({
  amkId: 'amk-bergen',
  units: units.map(({ resourceId, p }) => ({ ...p, resourceId, issi: '1' })),
});

describe('the AMK picture from a read (NN-5)', () => {
  it('own units with their tracks, then the neighbours’ available ones, marked as such', () => {
    const own = resource();
    const nb = resource({ amkId: 'amk-forde' });
    const p = pictureOf(list([own], [nb], { [own.id]: [point(-20), point(-10)] }));
    expect([...p.units.keys()]).toEqual([own.id, nb.id]);
    expect(p.units.get(own.id)).toMatchObject({ neighbour: false });
    expect(p.units.get(own.id)!.track).toHaveLength(2);
    expect(p.units.get(nb.id)).toMatchObject({ neighbour: true, track: [] });
  });

  it('a unit without a position is drawn at its station; a position grows stale while the page is open', () => {
    const atStation = pictureOf(list([resource()]));
    const u = [...atStation.units.values()][0]!;
    expect(placeOf(u, 300_000, T0)).toEqual({ lat: 60.38, lon: 5.33, from: 'station', stale: false });
    const moving = { ...u, resource: { ...u.resource, position: { ...point(-60), stale: false } } };
    expect(placeOf(moving, 300_000, T0)).toMatchObject({ from: 'position', stale: false, lat: 60.39 });
    expect(placeOf(moving, 300_000, T0 + 241_000).stale).toBe(true);
    const staleAtRead = { ...u, resource: { ...u.resource, position: { ...point(-600), stale: true } } };
    expect(placeOf(staleAtRead, 300_000, T0).stale).toBe(true);
  });
});

describe('pushed positions (NN-4): in place, by the server’s track rule', () => {
  it('moves the unit to a later point and extends its track, cut to the last N of the last M minutes', () => {
    const own = resource({ position: { ...point(-30), stale: false } });
    let p = pictureOf(list([own], [], { [own.id]: [point(-50), point(-40), point(-30)] }));
    p = withPositions(p, positionsEvent([{ resourceId: own.id, p: point(-5, 60.4) }]), T0);
    const u = p.units.get(own.id)!;
    expect(u.resource.position).toMatchObject({ lat: 60.4, observedAt: iso(-5), stale: false });
    expect(u.track.map((q) => q.observedAt)).toEqual([iso(-40), iso(-30), iso(-5)]);
    // Half an hour after the older points, they fall out of the window; the newest stays.
    expect(cutTrack(u.track, p.trackLimits, T0 + 30 * 60_000 - 20_000).map((q) => q.observedAt)).toEqual([
      iso(-5),
    ]);
  });

  it('a late report joins the track but never moves the unit back; the same report twice is one point', () => {
    const own = resource({ position: { ...point(-10, 60.5), stale: false } });
    const p0 = pictureOf(list([own], [], { [own.id]: [point(-10, 60.5)] }));
    const p1 = withPositions(p0, positionsEvent([{ resourceId: own.id, p: point(-20, 60.1) }]), T0);
    expect(p1.units.get(own.id)!.resource.position!.lat).toBe(60.5);
    expect(p1.units.get(own.id)!.track.map((q) => q.lat)).toEqual([60.1, 60.5]);
    const p2 = withPositions(p1, positionsEvent([{ resourceId: own.id, p: point(-20, 60.1) }]), T0);
    expect(p2).toBe(p1); // nothing changed: no redraw
  });

  it('units not on screen are left to the next read; the others keep their identity (memoised markers)', () => {
    const a = resource();
    const b = resource();
    const p0 = pictureOf(list([a, b]));
    const p1 = withPositions(
      p0,
      positionsEvent([
        { resourceId: a.id, p: point(-1) },
        { resourceId: 'unknown', p: point(-1) },
      ]),
      T0,
    );
    expect(p1.units.get(b.id)).toBe(p0.units.get(b.id));
    expect(p1.units.get(a.id)).not.toBe(p0.units.get(a.id));
    expect(p1.units.has('unknown')).toBe(false);
  });
});

describe('pushed status changes and re-reads', () => {
  it('a newer status is applied in place; an older or equal revision is ignored; other changes ask for a read', () => {
    const own = resource({ revision: 3 });
    const p = pictureOf(list([own]));
    const change = (revision: number, status: Resource['status'], change: 'status' | 'updated' = 'status') =>
      withResourceChange(
        p,
        {
          resourceId: own.id,
          amkId: 'amk-bergen',
          change,
          status,
          fromStatus: 'available',
          missionId: null,
          revision,
        },
        iso(0),
      );
    const applied = change(4, 'out-of-service');
    expect(applied.reload).toBe(false);
    expect(applied.picture.units.get(own.id)!.resource).toMatchObject({
      status: 'out-of-service',
      revision: 4,
      statusChangedAt: iso(0),
    });
    expect(change(3, 'out-of-service').picture).toBe(p);
    expect(change(5, 'available', 'updated').reload).toBe(true);
    expect(
      withResourceChange(
        p,
        {
          resourceId: 'new',
          amkId: 'amk-bergen',
          change: 'status',
          status: 'available',
          fromStatus: null,
          missionId: null,
          revision: 1,
        },
        iso(0),
      ).reload,
    ).toBe(true);
  });

  it('a read that started before a push does not undo it: newer revision and later position win, tracks join', () => {
    const own = resource({ revision: 2, position: { ...point(-60), stale: false } });
    let screen = pictureOf(list([own], [], { [own.id]: [point(-60)] }));
    screen = withPositions(screen, positionsEvent([{ resourceId: own.id, p: point(-5, 60.45) }]), T0);
    screen = withResourceChange(
      screen,
      {
        resourceId: own.id,
        amkId: 'amk-bergen',
        change: 'status',
        status: 'out-of-service',
        fromStatus: 'available',
        missionId: null,
        revision: 3,
      },
      iso(-4),
    ).picture;
    const gone = resource();
    const read = list([{ ...own, revision: 2 }, gone], [], { [own.id]: [point(-90), point(-60)] });
    const merged = mergeRead(screen, read, T0);
    const u = merged.units.get(own.id)!;
    expect(u.resource).toMatchObject({ status: 'out-of-service', revision: 3 });
    expect(u.resource.position).toMatchObject({ lat: 60.45 });
    expect(u.track.map((q) => q.observedAt)).toEqual([iso(-90), iso(-60), iso(-5)]);
    expect(merged.units.has(gone.id)).toBe(true);
    // A unit the read no longer has (moved away, a neighbour's no longer available) is gone.
    expect(mergeRead(merged, list([gone]), T0).units.has(own.id)).toBe(false);
  });
});

describe('the list: counts, filters, order', () => {
  const units = () => {
    const p = pictureOf(
      list(
        [
          resource({ callSign: 'B', status: 'at-scene' }),
          resource({ callSign: 'A', status: 'available', crewFlagged: true }),
          resource({ callSign: 'C', status: 'available', kind: 'ambulance-boat' }),
          resource({ callSign: 'D', status: 'out-of-service' }),
        ],
        [resource({ callSign: 'N', amkId: 'amk-forde' })],
      ),
    );
    return [...p.units.values()];
  };

  it('counts the own units per status, the crew flags and the neighbours’ available units', () => {
    const c = countUnits(units());
    expect(c.ownTotal).toBe(4);
    expect(c.own).toMatchObject({ available: 2, 'at-scene': 1, 'out-of-service': 1, transporting: 0 });
    expect(c.crewFlagged).toBe(1);
    expect(c.neighboursAvailable).toBe(1);
    expect(countUnits(units(), 'ambulance-boat')).toMatchObject({ ownTotal: 1, neighboursAvailable: 0 });
  });

  it('filters by status, crew flag, kind and own/neighbours', () => {
    const signs = (f: Partial<typeof NO_FILTER>) =>
      units()
        .filter((u) => matches(u, { ...NO_FILTER, ...f }))
        .map((u) => u.resource.callSign)
        .sort();
    expect(signs({})).toEqual(['A', 'B', 'C', 'D', 'N']);
    expect(signs({ status: 'available' })).toEqual(['A', 'C', 'N']);
    expect(signs({ status: 'available', side: 'own' })).toEqual(['A', 'C']);
    expect(signs({ status: 'crew-flagged' })).toEqual(['A']);
    expect(signs({ kind: 'ambulance-boat' })).toEqual(['C']);
    expect(signs({ side: 'neighbours' })).toEqual(['N']);
  });

  it('lists own units first, by status in the table’s order, then call sign', () => {
    expect(sortUnits(units()).map((u) => u.resource.callSign)).toEqual(['A', 'C', 'B', 'D', 'N']);
  });
});

describe('status changes by hand (the transition table, AMK-2)', () => {
  it('offers only the allowed moves, never dispatch (a mission dispatches)', () => {
    expect(manualNextStatuses('available')).toEqual(['out-of-service']);
    expect(manualNextStatuses('dispatched')).toEqual(['en-route', 'available']);
    expect(manualNextStatuses('transporting')).toEqual(['at-hospital']);
    expect(manualNextStatuses('at-hospital')).toEqual(['available']);
  });

  it('every status has its own marker shape (not colour alone)', () => {
    expect(new Set(Object.values(STATUS_SHAPES)).size).toBe(Object.keys(STATUS_SHAPES).length);
  });
});

describe('safety alarms (NN-4)', () => {
  const alarm = (id: string, overrides: Partial<SafetyAlarm>): SafetyAlarm => ({
    id,
    issi: '1',
    observedAt: iso(0),
    source: 'json',
    resourceId: null,
    callSign: null,
    amkId: 'amk-bergen',
    level: 'amk',
    audience: ['amk-bergen'],
    raisedAt: iso(0),
    escalateAt: null,
    acknowledgedAt: null,
    acknowledgedBy: null,
    position: null,
    track: [],
    crew: [],
    steps: [],
    ...overrides,
  });

  it('unacknowledged first by escalation level then age; acknowledged newest first', () => {
    const { open, acknowledged } = splitAlarms([
      alarm('new', { raisedAt: iso(-10) }),
      alarm('old', { raisedAt: iso(-40) }),
      alarm('escalated', { raisedAt: iso(-5), level: 'neighbours' }),
      alarm('ack-early', { acknowledgedAt: iso(-3000) }),
      alarm('ack-late', { acknowledgedAt: iso(-100) }),
    ]);
    expect(open.map((a) => a.id)).toEqual(['escalated', 'old', 'new']);
    expect(acknowledged.map((a) => a.id)).toEqual(['ack-late', 'ack-early']);
  });

  it('the time since it was raised, as a clock', () => {
    expect(secondsSince(iso(-75), T0)).toBe(75);
    expect(secondsSince(iso(2), T0)).toBe(0);
    expect(clockText(0)).toBe('0:00');
    expect(clockText(75)).toBe('1:15');
    expect(clockText(3725)).toBe('1:02:05');
  });

  it('ages in seconds, minutes, then hours', () => {
    expect(ageOf(42)).toEqual({ unit: 'seconds', n: 42 });
    expect(ageOf(600)).toEqual({ unit: 'minutes', n: 10 });
    expect(ageOf(3 * 3600 + 120)).toEqual({ unit: 'hours', h: 3, m: 2 });
  });
});
