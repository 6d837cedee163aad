/**
 * Roster check (CMP-1 … CMP-4, LV-1, TR-1): a week for one municipality's legevakt, LV-sentral,
 * AMK and ambulance car. Each test starts from a compliant week and breaks one thing.
 */
import { describe, expect, it } from 'vitest';
import { checkRoster } from './roster.ts';
import {
  buildAmbulanceWorker,
  buildApprovedGp,
  buildDoctor,
  buildLvOperator,
  buildNurse,
  buildSpecialist,
  course,
  training,
} from './testing.ts';
import type { PersonFacts, RosterRole, RosterShift, UnitKind } from './types.ts';

const WEEK = { from: '2025-03-03T00:00+01:00', to: '2025-03-10T00:00+01:00' };
const DAYS = ['03', '04', '05', '06', '07', '08', '09'];

function shift(
  unitId: string,
  unitKind: UnitKind,
  start: string,
  end: string,
  ...assignments: [string, RosterRole][]
): RosterShift {
  return {
    unitId,
    unitKind,
    start,
    end,
    assignments: assignments.map(([personId, role]) => ({ personId, role })),
  };
}

/** Seven 24-hour shifts from 00:00 to 00:00. */
function dayShifts(
  unitId: string,
  unitKind: UnitKind,
  ...assignments: [string, RosterRole][]
): RosterShift[] {
  return DAYS.map((d, i) => {
    const next = i === DAYS.length - 1 ? '2025-03-10' : `2025-03-${DAYS[i + 1]}`;
    return shift(unitId, unitKind, `2025-03-${d}T00:00+01:00`, `${next}T00:00+01:00`, ...assignments);
  });
}

/** A legevakt shift at lv-bergen on Tuesday 4 March, times as HH:mm. */
function tuesday(from: string, to: string, ...assignments: [string, RosterRole][]): RosterShift {
  return shift('lv-bergen', 'legevakt', `2025-03-04T${from}+01:00`, `2025-03-04T${to}+01:00`, ...assignments);
}

/** Adds doc-2 (does not meet §7 første ledd) and doc-3 (qualified back-up, letter b). */
function addDoctors(people: Map<string, PersonFacts>): void {
  people.set('doc-2', buildDoctor({ id: 'doc-2', name: 'Nils Turnus' }));
  people.set('doc-3', buildApprovedGp({ id: 'doc-3', name: 'Berit Bakvakt' }));
}

function buildWeek() {
  const people = new Map<string, PersonFacts>();
  const add = (p: PersonFacts) => {
    people.set(p.id, p);
    return p.id;
  };
  const ids = {
    doctor: add(buildSpecialist({ id: 'doc-1', name: 'Kari Lege' })),
    operator: add(buildLvOperator({ id: 'op-1', name: 'Ola Operatør' })),
    amkOperator: add(
      buildNurse({ id: 'amk-op-1', name: 'Siri AMK', courses: [course('amk-operator-training')] }),
    ),
    amkDoctor: add(
      buildDoctor({ id: 'amk-doc-1', name: 'Per Anestesi', courses: [course('acute-medicine')] }),
    ),
    aw1: add(buildAmbulanceWorker({ id: 'aw-1', name: 'Anne Ambulanse' })),
    aw2: add(buildAmbulanceWorker({ id: 'aw-2', name: 'Bjørn Ambulanse' })),
  };
  const shifts: RosterShift[] = [
    ...dayShifts('lv-bergen', 'legevakt', [ids.doctor, 'doctor-on-call']),
    ...dayShifts('lvs-bergen', 'lv-sentral', [ids.operator, 'operator']),
    ...dayShifts('amk-bergen', 'amk', [ids.amkOperator, 'operator'], [ids.amkDoctor, 'amk-doctor']),
    ...dayShifts('amb-1', 'ambulance-car', [ids.aw1, 'driver'], [ids.aw2, 'crew']),
  ];
  return { people, shifts, ids };
}

describe('checkRoster', () => {
  it('CMP-1 … CMP-4, LV-1: a compliant week has no violations', () => {
    const { people, shifts } = buildWeek();
    const report = checkRoster(shifts, people, WEEK);
    expect(report.violations).toEqual([]);
    expect(report).toMatchObject({ ok: true, checkedShifts: 28 });
  });

  it('CMP-1 §7 annet ledd: a doctor who does not meet §7 første ledd, alone without back-up', () => {
    const { people, shifts } = buildWeek();
    people.set('doc-2', buildDoctor({ id: 'doc-2', name: 'Nils Turnus' }));
    const tuesday = shifts.findIndex((s) => s.unitId === 'lv-bergen' && s.start.startsWith('2025-03-04'));
    shifts[tuesday] = { ...shifts[tuesday]!, assignments: [{ personId: 'doc-2', role: 'doctor-on-call' }] };
    const report = checkRoster(shifts, people, WEEK);
    expect(report.ok).toBe(false);
    expect(report.violations).toHaveLength(1);
    expect(report.violations[0]).toMatchObject({
      kind: 'backup',
      requirementId: 'CMP-1',
      paragraph: '§7 annet ledd',
      unitId: 'lv-bergen',
      shiftId: 'lv-bergen/2025-03-04T00:00+01:00',
      start: '2025-03-04T00:00+01:00',
      end: '2025-03-05T00:00+01:00',
      personIds: ['doc-2'],
    });
    expect(report.violations[0]!.missing.map((m) => m.code)).toEqual([
      'backup-doctor',
      'general-medicine-specialist',
      'violence-abuse-course',
    ]);
    expect(report.violations[0]!.messageNb).toContain('bakvakt');
  });

  it('CMP-1 §7 annet ledd: a qualified back-up for the whole shift makes it lawful', () => {
    const { people, shifts } = buildWeek();
    addDoctors(people);
    shifts.push(
      tuesday('08:00', '16:00', ['doc-2', 'doctor-on-call']),
      tuesday('07:00', '12:00', ['doc-3', 'backup-doctor']),
      tuesday('12:00', '17:00', ['doc-3', 'backup-doctor']),
    );
    expect(checkRoster(shifts, people, WEEK).violations).toEqual([]);
  });

  it('CMP-1 §7 annet ledd: the back-up is not on call for part of the shift', () => {
    const { people, shifts } = buildWeek();
    addDoctors(people);
    shifts.push(
      tuesday('08:00', '20:00', ['doc-2', 'doctor-on-call']),
      tuesday('08:00', '16:00', ['doc-3', 'backup-doctor']),
    );
    const v = checkRoster(shifts, people, WEEK).violations;
    expect(v).toHaveLength(1);
    expect(v[0]).toMatchObject({
      kind: 'backup',
      paragraph: '§7 annet ledd',
      start: '2025-03-04T16:00+01:00',
      end: '2025-03-04T20:00+01:00',
      personIds: ['doc-2', 'doc-3'],
    });
  });

  it('CMP-1 §7 annet ledd: a back-up at another legevakt does not count', () => {
    const { people, shifts } = buildWeek();
    addDoctors(people);
    shifts.push(
      tuesday('08:00', '16:00', ['doc-2', 'doctor-on-call']),
      shift('lv-askoy', 'legevakt', '2025-03-04T08:00+01:00', '2025-03-04T16:00+01:00', [
        'doc-3',
        'backup-doctor',
      ]),
    );
    const v = checkRoster(shifts, people, WEEK).violations;
    expect(v.filter((x) => x.kind === 'backup')).toHaveLength(1);
    // lv-askoy has no doctor on call at all: the back-up doctor does not count (§6).
    expect(v.filter((x) => x.kind === 'coverage' && x.unitId === 'lv-askoy')).toEqual([
      expect.objectContaining({ paragraph: '§6 første ledd', start: WEEK.from, end: WEEK.to }),
    ]);
  });

  it('CMP-1 §7 annet ledd: an unqualified back-up is reported, and does not cover the shift', () => {
    const { people, shifts } = buildWeek();
    people.set('doc-2', buildDoctor({ id: 'doc-2', name: 'Nils Turnus' }));
    people.set('doc-4', buildDoctor({ id: 'doc-4', name: 'Lise LIS1' }));
    shifts.push(
      shift(
        'lv-bergen',
        'legevakt',
        '2025-03-04T08:00+01:00',
        '2025-03-04T16:00+01:00',
        ['doc-2', 'doctor-on-call'],
        ['doc-4', 'backup-doctor'],
      ),
    );
    const v = checkRoster(shifts, people, WEEK).violations;
    expect(v.map((x) => [x.kind, x.paragraph, x.personIds.join()])).toEqual([
      ['competence', '§7 annet ledd', 'doc-4'],
      ['backup', '§7 annet ledd', 'doc-2'],
    ]);
  });

  it('CMP-1 §7 annet ledd: a back-up who cannot turn out does not count', () => {
    const { people, shifts } = buildWeek();
    addDoctors(people);
    shifts.push(
      shift(
        'lv-bergen',
        'legevakt',
        '2025-03-04T08:00+01:00',
        '2025-03-04T16:00+01:00',
        ['doc-2', 'doctor-on-call'],
        ['doc-3', 'backup-doctor'],
      ),
    );
    const report = checkRoster(shifts, people, WEEK, {
      backupCanTurnOut: (personId) => personId !== 'doc-3',
    });
    expect(report.violations.map((x) => x.kind)).toEqual(['backup']);
  });

  it('CMP-1 §7 tredje ledd: an exempted substitute may be on call alone', () => {
    const { people, shifts } = buildWeek();
    people.set(
      'doc-5',
      buildDoctor({
        id: 'doc-5',
        name: 'Vikar Vik',
        supervisedServiceMonths: 20,
        engagements: [{ substitute: true, from: '2025-03-01', to: '2025-04-15' }],
        exemptions: [
          {
            kind: 'county-governor-substitute',
            from: '2025-03-01',
            to: '2025-04-15',
            grantedBy: 'Statsforvalteren i Vestland',
            grantedByRole: 'county-governor',
          },
        ],
      }),
    );
    shifts.push(tuesday('08:00', '16:00', ['doc-5', 'doctor-on-call']));
    expect(checkRoster(shifts, people, WEEK).violations).toEqual([]);
  });

  it('CMP-1 §7: a nurse rostered as doctor on call', () => {
    const { people, shifts } = buildWeek();
    people.set('n-1', buildNurse({ id: 'n-1', name: 'Sykepleier' }));
    shifts.push(tuesday('08:00', '16:00', ['n-1', 'doctor-on-call']));
    const v = checkRoster(shifts, people, WEEK).violations;
    expect(v).toHaveLength(1);
    expect(v[0]).toMatchObject({ kind: 'competence', paragraph: '§7 første ledd', personIds: ['n-1'] });
    expect(v[0]!.missing.map((m) => m.code)).toEqual(['doctor-authorisation']);
  });

  it('CMP-2 §8 and CMP-4 §13 f: LV operator lacking courses and operator training', () => {
    const { people, shifts } = buildWeek();
    people.set(
      'op-1',
      buildLvOperator({ id: 'op-1', name: 'Ola Operatør', courses: [course('acute-medicine')] }),
    );
    const v = checkRoster(shifts, people, WEEK).violations;
    // Seven shifts, each with a §13 f and a §8 violation.
    expect(v).toHaveLength(14);
    expect(new Set(v.map((x) => x.paragraph))).toEqual(new Set(['§13 bokstav f', '§8 første ledd']));
    const first = v.find((x) => x.paragraph === '§13 bokstav f')!;
    expect(first).toMatchObject({
      kind: 'competence',
      requirementId: 'CMP-4',
      personIds: ['op-1'],
      unitKind: 'lv-sentral',
    });
    expect(first.message).toContain('Ola Operatør');
    expect(first.message).toContain('Additional training for work as an operator');
  });

  it('CMP-2 §8: legevakt health personnel without courses', () => {
    const { people, shifts } = buildWeek();
    people.set('hp-1', buildNurse({ id: 'hp-1', courses: [] }));
    shifts.push(
      shift('lv-bergen', 'legevakt', '2025-03-05T08:00+01:00', '2025-03-05T16:00+01:00', [
        'hp-1',
        'health-personnel',
      ]),
    );
    const v = checkRoster(shifts, people, WEEK).violations;
    expect(v.map((x) => [x.paragraph, x.requirementId])).toEqual([['§8 første ledd', 'CMP-2']]);
  });

  it('CMP-3 §11: crew composition — a one-person ambulance car', () => {
    const { people, shifts } = buildWeek();
    shifts.push(
      shift('amb-2', 'ambulance-car', '2025-03-05T08:00+01:00', '2025-03-05T20:00+01:00', ['aw-1', 'driver']),
    );
    const v = checkRoster(shifts, people, WEEK).violations;
    expect(v).toHaveLength(1);
    expect(v[0]).toMatchObject({
      kind: 'composition',
      paragraph: '§11 første ledd',
      requirementId: 'CMP-3',
      personIds: ['aw-1'],
    });
    expect(v[0]!.missing.map((m) => m.code)).toEqual(['crew-two-persons']);
  });

  it('CMP-3 §11: a boat, a plane and a helicopter', () => {
    const { people, shifts } = buildWeek();
    people.set('skip', buildNurse({ id: 'skip' }));
    people.set('pilot', buildNurse({ id: 'pilot' }));
    shifts.push(
      shift(
        'boat-1',
        'ambulance-boat',
        '2025-03-05T08:00+01:00',
        '2025-03-05T20:00+01:00',
        ['skip', 'skipper'],
        ['aw-1', 'crew'],
      ),
      shift(
        'plane-1',
        'ambulance-plane',
        '2025-03-05T08:00+01:00',
        '2025-03-05T20:00+01:00',
        ['pilot', 'pilot'],
        ['aw-2', 'crew'],
      ),
      shift('heli-1', 'ambulance-helicopter', '2025-03-05T08:00+01:00', '2025-03-05T20:00+01:00', [
        'amk-doc-1',
        'doctor',
      ]),
    );
    const v = checkRoster(shifts, people, WEEK).violations;
    expect(v.map((x) => [x.unitId, x.paragraph, x.missing.map((m) => m.code).join()])).toEqual([
      ['plane-1', '§11 fjerde ledd', 'flight-nurse'],
      ['heli-1', '§11 fjerde ledd', 'helicopter-doctor,rescue-crew'],
    ]);
  });

  it('CMP-4 §15 m: AMK without a doctor from 20:00 to 08:00 one night', () => {
    const { people, shifts } = buildWeek();
    const wednesday = shifts.findIndex((s) => s.unitId === 'amk-bergen' && s.start.startsWith('2025-03-05'));
    shifts.splice(
      wednesday,
      1,
      shift('amk-bergen', 'amk', '2025-03-05T00:00+01:00', '2025-03-06T00:00+01:00', [
        'amk-op-1',
        'operator',
      ]),
      shift('amk-bergen', 'amk', '2025-03-05T00:00+01:00', '2025-03-05T20:00+01:00', [
        'amk-doc-1',
        'amk-doctor',
      ]),
    );
    const thursday = shifts.findIndex((s) => s.unitId === 'amk-bergen' && s.start.startsWith('2025-03-06'));
    shifts[thursday] = shift(
      'amk-bergen',
      'amk',
      '2025-03-06T08:00+01:00',
      '2025-03-07T00:00+01:00',
      ['amk-op-1', 'operator'],
      ['amk-doc-1', 'amk-doctor'],
    );
    shifts.push(
      shift('amk-bergen', 'amk', '2025-03-06T00:00+01:00', '2025-03-06T08:00+01:00', [
        'amk-op-1',
        'operator',
      ]),
    );
    const v = checkRoster(shifts, people, WEEK).violations;
    expect(v).toHaveLength(1);
    expect(v[0]).toMatchObject({
      kind: 'coverage',
      requirementId: 'CMP-4',
      paragraph: '§15 bokstav m',
      unitId: 'amk-bergen',
      start: '2025-03-05T20:00+01:00',
      end: '2025-03-06T08:00+01:00',
    });
    expect(v[0]!.missing[0]!.element).toBe(
      'A doctor with acute-medicine competence available around the clock',
    );
  });

  it('CMP-4 §15 l–m: an unqualified AMK doctor and operator — and the doctor does not count as coverage', () => {
    const { people, shifts } = buildWeek();
    people.set('amk-doc-1', buildDoctor({ id: 'amk-doc-1', name: 'Per Anestesi' }));
    people.set('amk-op-1', buildNurse({ id: 'amk-op-1', name: 'Siri AMK' }));
    const v = checkRoster(shifts, people, WEEK).violations;
    expect(v.filter((x) => x.paragraph === '§15 bokstav m' && x.kind === 'competence')).toHaveLength(7);
    expect(v.filter((x) => x.paragraph === '§15 bokstav l')).toHaveLength(7);
    expect(v.filter((x) => x.kind === 'coverage')).toEqual([
      expect.objectContaining({ paragraph: '§15 bokstav m', start: WEEK.from, end: WEEK.to }),
    ]);
  });

  it('LV-1 §12 c: an hour one night when the LV-sentral is unstaffed', () => {
    const { people, shifts } = buildWeek();
    const friday = shifts.findIndex((s) => s.unitId === 'lvs-bergen' && s.start.startsWith('2025-03-07'));
    shifts.splice(
      friday,
      1,
      shift('lvs-bergen', 'lv-sentral', '2025-03-07T00:00+01:00', '2025-03-07T02:00+01:00', [
        'op-1',
        'operator',
      ]),
      shift('lvs-bergen', 'lv-sentral', '2025-03-07T03:00+01:00', '2025-03-08T00:00+01:00', [
        'op-1',
        'operator',
      ]),
    );
    const v = checkRoster(shifts, people, WEEK).violations;
    expect(v).toEqual([
      expect.objectContaining({
        kind: 'coverage',
        requirementId: 'LV-1',
        paragraph: '§12 bokstav c',
        unitId: 'lvs-bergen',
        start: '2025-03-07T02:00+01:00',
        end: '2025-03-07T03:00+01:00',
        personIds: [],
      }),
    ]);
  });

  it('LV-1: an LV-sentral shift with only health personnel, no operator, leaves a gap', () => {
    const { people, shifts } = buildWeek();
    const last = shifts.findIndex((s) => s.unitId === 'lvs-bergen' && s.start.startsWith('2025-03-09'));
    shifts[last] = { ...shifts[last]!, assignments: [{ personId: 'op-1', role: 'health-personnel' }] };
    const v = checkRoster(shifts, people, WEEK).violations;
    expect(v.map((x) => [x.paragraph, x.start, x.end])).toEqual([
      ['§12 bokstav c', '2025-03-09T00:00+01:00', '2025-03-10T00:00+01:00'],
    ]);
  });

  it('CMP-1 §6: a legevakt with no doctor on call one evening', () => {
    const { people, shifts } = buildWeek();
    const monday = shifts.findIndex((s) => s.unitId === 'lv-bergen' && s.start.startsWith('2025-03-03'));
    shifts[monday] = shift('lv-bergen', 'legevakt', '2025-03-03T00:00+01:00', '2025-03-03T18:00+01:00', [
      'doc-1',
      'doctor-on-call',
    ]);
    const v = checkRoster(shifts, people, WEEK).violations;
    expect(v).toEqual([
      expect.objectContaining({
        kind: 'coverage',
        paragraph: '§6 første ledd',
        start: '2025-03-03T18:00+01:00',
        end: '2025-03-04T00:00+01:00',
      }),
    ]);
  });

  it('competence is judged on the date of each shift: a course expiring mid-week', () => {
    const { people, shifts } = buildWeek();
    people.set(
      'op-1',
      buildLvOperator({
        id: 'op-1',
        courses: [
          course('acute-medicine'),
          course('violence-abuse', '2019-01-01', '2025-03-06'),
          course('lv-operator-training'),
        ],
      }),
    );
    const v = checkRoster(shifts, people, WEEK).violations;
    expect(v.map((x) => x.start)).toEqual([
      '2025-03-07T00:00+01:00',
      '2025-03-08T00:00+01:00',
      '2025-03-09T00:00+01:00',
    ]);
    expect(v.every((x) => x.paragraph === '§8 første ledd')).toBe(true);
  });

  it('a person missing from the register is reported, not skipped', () => {
    const { people, shifts } = buildWeek();
    shifts.push(
      shift(
        'amb-1',
        'ambulance-car',
        '2025-03-05T08:00+01:00',
        '2025-03-05T20:00+01:00',
        ['ghost', 'crew'],
        ['aw-1', 'driver'],
      ),
    );
    const v = checkRoster(shifts, people, WEEK).violations;
    expect(v.map((x) => x.kind)).toEqual(['unknown-person', 'composition']);
    expect(v[0]).toMatchObject({ personIds: ['ghost'], paragraph: '§18', requirementId: 'CMP-6' });
  });

  it('a role that does not belong to the unit kind is reported', () => {
    const { people, shifts } = buildWeek();
    shifts.push(
      shift('amk-bergen', 'amk', '2025-03-05T08:00+01:00', '2025-03-05T20:00+01:00', ['aw-1', 'skipper']),
    );
    const v = checkRoster(shifts, people, WEEK).violations;
    expect(v).toEqual([expect.objectContaining({ kind: 'invalid-shift', personIds: ['aw-1'] })]);
  });

  it('shifts outside the range are not checked; coverage is judged only inside it', () => {
    const { people, shifts } = buildWeek();
    people.set('op-x', buildNurse({ id: 'op-x', courses: [] }));
    shifts.push(
      shift('lvs-bergen', 'lv-sentral', '2025-03-10T00:00+01:00', '2025-03-10T08:00+01:00', [
        'op-x',
        'operator',
      ]),
    );
    const report = checkRoster(shifts, people, {
      from: '2025-03-04T00:00+01:00',
      to: '2025-03-05T00:00+01:00',
    });
    expect(report).toMatchObject({ ok: true, checkedShifts: 4 });
  });

  it('TR-1: staff without training for the unit’s control-room system', () => {
    const { people, shifts } = buildWeek();
    const completions = [
      training('op-1', 'e-learning', '2024-01-01'),
      training('op-1', 'control-room', '2024-01-10', { system: 'ICCS' }),
    ];
    const equipment = {
      byUnit: new Map([
        ['lvs-bergen', { kind: 'control-room' as const, system: 'ICCS' }],
        ['amk-bergen', { kind: 'control-room' as const, system: 'ICCS' }],
      ]),
      completions,
    };
    const v = checkRoster(shifts, people, WEEK, { equipment }).violations;
    // op-1 is trained; the AMK operator and AMK doctor are not (7 shifts each).
    expect(v).toHaveLength(14);
    expect(
      v.every((x) => x.kind === 'training' && x.requirementId === 'TR-1' && x.unitId === 'amk-bergen'),
    ).toBe(true);
    expect(v[0]!.missing.map((m) => m.code)).toEqual(['e-learning', 'control-room-course']);
  });

  it('refuses a range that is not two instants with offset', () => {
    const { people, shifts } = buildWeek();
    expect(() => checkRoster(shifts, people, { from: '2025-03-03T00:00', to: WEEK.to })).toThrow(/offset/);
    expect(() => checkRoster(shifts, people, { from: WEEK.to, to: WEEK.from })).toThrow(RangeError);
  });

  it('a shift with an unreadable time is reported as invalid', () => {
    const { people, shifts } = buildWeek();
    shifts.push(
      shift('amb-1', 'ambulance-car', '2025-03-05 08:00', '2025-03-05T20:00+01:00', ['aw-1', 'driver']),
    );
    expect(checkRoster(shifts, people, WEEK).violations.map((x) => x.kind)).toEqual(['invalid-shift']);
  });
});
