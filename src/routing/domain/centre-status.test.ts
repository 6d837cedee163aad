import { describe, expect, it } from 'vitest';
import { centreRouting, centreRoutings } from './centre-status.ts';
import { buildCompiledData, buildReroute, buildState } from './testing.ts';

/** Wednesday 7 January 2026 10:00 Europe/Oslo: lv-kinn is staffed. */
const DAY = Date.UTC(2026, 0, 7, 9, 0);
/** Wednesday 7 January 2026 23:00 Europe/Oslo: lv-kinn is closed (Bergen takes its calls). */
const NIGHT = Date.UTC(2026, 0, 7, 22, 0);

const data = buildCompiledData();
const of = (id: string) => data.centreById.get(id)!;

describe('where a centre’s calls go now (issue 11: the wall-board and the map)', () => {
  it('normal: the centre answers its own calls', () => {
    expect(centreRouting(data, buildState(), DAY, of('lv-kinn'))).toEqual({
      status: 'normal',
      answeredBy: 'lv-kinn',
      alternativeSite: false,
      reroute: null,
    });
  });

  it('RT-10 closed outside its staffed hours: the partner answers', () => {
    expect(centreRouting(data, buildState(), NIGHT, of('lv-kinn'))).toMatchObject({
      status: 'closed',
      answeredBy: 'lv-bergen',
      reroute: null,
    });
  });

  it('RT-7 re-routed: the re-route in force and the centre at the end of the chain', () => {
    const first = buildReroute({ fromCentreId: 'lv-kinn', toCentreId: 'lv-sogndal', kind: 'urgent' });
    const second = buildReroute({ fromCentreId: 'lv-sogndal', toCentreId: 'lv-bergen' });
    const r = centreRouting(data, buildState({ reroutes: [first, second] }), DAY, of('lv-kinn'));
    expect(r).toEqual({
      status: 'rerouted',
      answeredBy: 'lv-bergen',
      alternativeSite: false,
      reroute: {
        id: first.id,
        kind: 'urgent',
        toCentreId: 'lv-sogndal',
        startsAt: first.startsAt,
        endsAt: first.endsAt,
      },
    });
    // Before the re-route's window the centre is normal again.
    expect(
      centreRouting(data, buildState({ reroutes: [first] }), Date.UTC(2025, 11, 31, 9), of('lv-kinn')).status,
    ).toBe('normal');
  });

  it('RT-11 unavailable: its alternative site answers; re-routed away, it is re-routed, not unavailable', () => {
    const state = buildState({ unavailableCentreIds: ['lv-kinn'] });
    expect(centreRouting(data, state, DAY, of('lv-kinn'))).toMatchObject({
      status: 'unavailable',
      answeredBy: 'lv-kinn',
      alternativeSite: true,
    });
    const both = buildState({
      unavailableCentreIds: ['lv-kinn'],
      reroutes: [buildReroute({ fromCentreId: 'lv-kinn', toCentreId: 'lv-sogndal' })],
    });
    expect(centreRouting(data, both, DAY, of('lv-kinn'))).toMatchObject({
      status: 'rerouted',
      answeredBy: 'lv-sogndal',
      alternativeSite: false,
    });
  });

  it('closed with the partner unavailable: closed, answered at the partner’s alternative site', () => {
    const state = buildState({ unavailableCentreIds: ['lv-bergen'] });
    expect(centreRouting(data, state, NIGHT, of('lv-kinn'))).toMatchObject({
      status: 'closed',
      answeredBy: 'lv-bergen',
      alternativeSite: true,
    });
  });

  it('every centre of the data, by id', () => {
    const all = centreRoutings(data, buildState(), NIGHT);
    expect([...all.keys()].sort()).toEqual([...data.centreById.keys()].sort());
    expect(all.get('lv-kinn')!.status).toBe('closed');
    expect(all.get('lv-oslo')!.status).toBe('normal');
  });
});
