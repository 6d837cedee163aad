/**
 * TR-1 (with TR-2, TR-3, TR-5): the training rules of HDO's page on Nødnett training
 * (seeds/002), quoted verbatim, one case each.
 */
import { describe, expect, it } from 'vitest';
import { mayUseEquipment, type TrainingPolicy } from './equipment-training.ts';
import { buildNurse, training } from './testing.ts';
import type { Equipment, TrainingCompletion } from './types.ts';

const person = buildNurse({ id: 'op-1', name: 'Ola Operatør' });
const other = 'op-2';
const D = '2025-03-03';
const terminal: Equipment = { kind: 'radio-terminal', terminalType: 'Sepura STP9000' };
const controlRoom: Equipment = { kind: 'control-room', system: 'ICCS Frequentis' };

interface Case {
  id: string;
  quote: string;
  title: string;
  equipment: Equipment;
  completions: TrainingCompletion[];
  policy?: TrainingPolicy;
  ok: boolean;
  missing: string[];
}

const cases: Case[] = [
  {
    id: 'TR-1',
    quote:
      'alle brukere av radioterminaler i nødnett har gjennomgått opplæring i bruk av den type radioterminal som benyttes i eget område',
    title: 'radio terminal: e-learning and the course for this terminal type',
    equipment: terminal,
    completions: [
      training('op-1', 'e-learning', '2025-01-10'),
      training('op-1', 'radio-terminal', '2025-01-20', { terminalType: 'Sepura STP9000' }),
    ],
    ok: true,
    missing: [],
  },
  {
    id: 'TR-1',
    quote: 'opplæring i bruk av den type radioterminal som benyttes i eget område',
    title: 'radio terminal: trained on another terminal type',
    equipment: terminal,
    completions: [
      training('op-1', 'e-learning', '2025-01-10'),
      training('op-1', 'radio-terminal', '2025-01-20', { terminalType: 'Motorola MTP6650' }),
    ],
    ok: false,
    missing: ['radio-terminal-course'],
  },
  {
    id: 'TR-1',
    quote:
      'alle operatører i kontrollrom har gjennomgått opplæring i bruk av eget kommunikasjonsteknisk utstyr',
    title: 'control room: course for the own system (name compared case-insensitively)',
    equipment: controlRoom,
    completions: [
      training('op-1', 'e-learning', '2025-01-10'),
      training('op-1', 'control-room', '2025-01-20', { system: 'iccs frequentis' }),
    ],
    ok: true,
    missing: [],
  },
  {
    id: 'TR-1',
    quote:
      'alle operatører i kontrollrom har gjennomgått opplæring i bruk av eget kommunikasjonsteknisk utstyr',
    title: 'control room: a radio-terminal course is not a control-room course',
    equipment: controlRoom,
    completions: [
      training('op-1', 'e-learning', '2025-01-10'),
      training('op-1', 'radio-terminal', '2025-01-20', { terminalType: 'Sepura STP9000' }),
    ],
    ok: false,
    missing: ['control-room-course'],
  },
  {
    id: 'TR-1',
    quote: 'skal ha nødvendig kompetanse før de begynner å bruke utstyret',
    title: 'nothing completed yet',
    equipment: terminal,
    completions: [],
    ok: false,
    missing: ['e-learning', 'radio-terminal-course'],
  },
  {
    id: 'TR-1',
    quote: 'skal ha nødvendig kompetanse før de begynner å bruke utstyret',
    title: 'a course completed after the date does not count',
    equipment: terminal,
    completions: [
      training('op-1', 'e-learning', '2025-01-10'),
      training('op-1', 'radio-terminal', '2025-03-04', { terminalType: 'Sepura STP9000' }),
    ],
    ok: false,
    missing: ['radio-terminal-course'],
  },
  {
    id: 'TR-1',
    quote: 'skal ha nødvendig kompetanse før de begynner å bruke utstyret',
    title: "another person's completions do not count",
    equipment: terminal,
    completions: [
      training(other, 'e-learning', '2025-01-10'),
      training(other, 'radio-terminal', '2025-01-20', { terminalType: 'Sepura STP9000' }),
    ],
    ok: false,
    missing: ['e-learning', 'radio-terminal-course'],
  },
  {
    id: 'TR-2',
    quote: 'skal fullføre før den oppmøtebaserte delen av opplæringen',
    title: 'attended course without the e-learning pre-course',
    equipment: terminal,
    completions: [training('op-1', 'radio-terminal', '2025-01-20', { terminalType: 'Sepura STP9000' })],
    ok: false,
    missing: ['e-learning'],
  },
  {
    id: 'TR-2',
    quote: 'skal fullføre før den oppmøtebaserte delen av opplæringen',
    title: 'e-learning done only after the attended course',
    equipment: terminal,
    completions: [
      training('op-1', 'radio-terminal', '2025-01-20', { terminalType: 'Sepura STP9000' }),
      training('op-1', 'e-learning', '2025-02-01'),
    ],
    ok: false,
    missing: ['e-learning-before-course'],
  },
  {
    id: 'TR-3',
    quote:
      'endelig kursbevis for godkjent opplæring hvor både e-læring og oppmøtebasert opplæring er gjennomført',
    title: 'an attended course that has expired',
    equipment: controlRoom,
    completions: [
      training('op-1', 'e-learning', '2022-01-10'),
      training('op-1', 'control-room', '2022-01-20', { system: 'ICCS Frequentis', validTo: '2025-01-19' }),
    ],
    ok: false,
    missing: ['control-room-course'],
  },
  {
    id: 'TR-5',
    quote:
      'E-læringskurset kan også benyttes som en sertifiseringsmodul for tjenester som ønsker å ha en jevnlig utsjekk',
    title: 'e-learning certificate expired and not repeated',
    equipment: terminal,
    completions: [
      training('op-1', 'e-learning', '2023-01-10', { validTo: '2025-01-09' }),
      training('op-1', 'radio-terminal', '2023-01-20', { terminalType: 'Sepura STP9000' }),
    ],
    ok: false,
    missing: ['recertification'],
  },
  {
    id: 'TR-5',
    quote: 'E-læringskurset kan også benyttes som en sertifiseringsmodul',
    title: 'e-learning repeated: the newest completion counts',
    equipment: terminal,
    completions: [
      training('op-1', 'e-learning', '2023-01-10', { validTo: '2025-01-09' }),
      training('op-1', 'radio-terminal', '2023-01-20', { terminalType: 'Sepura STP9000' }),
      training('op-1', 'e-learning', '2025-01-05', { validTo: '2027-01-04' }),
    ],
    ok: true,
    missing: [],
  },
  {
    id: 'TR-5',
    quote: 'for tjenester som ønsker å ha en jevnlig utsjekk',
    title: 'service policy: re-certify every 12 months, last e-learning 13 months ago',
    equipment: terminal,
    completions: [
      training('op-1', 'e-learning', '2024-02-01'),
      training('op-1', 'radio-terminal', '2024-02-10', { terminalType: 'Sepura STP9000' }),
    ],
    policy: { recertifyEveryMonths: 12 },
    ok: false,
    missing: ['recertification'],
  },
  {
    id: 'TR-5',
    quote: 'for tjenester som ønsker å ha en jevnlig utsjekk',
    title: 'service policy: re-certify every 12 months, last e-learning 11 months ago',
    equipment: terminal,
    completions: [
      training('op-1', 'e-learning', '2024-04-01'),
      training('op-1', 'radio-terminal', '2024-04-10', { terminalType: 'Sepura STP9000' }),
    ],
    policy: { recertifyEveryMonths: 12 },
    ok: true,
    missing: [],
  },
];

describe('mayUseEquipment (TR-1)', () => {
  it.each(cases)('$id — $title', (c) => {
    const r = mayUseEquipment(person, c.equipment, D, c.completions, c.policy);
    expect(r.requirementId).toBe('TR-1');
    expect(r.ok).toBe(c.ok);
    expect(r.missing.map((m) => m.code).sort()).toEqual([...c.missing].sort());
    expect(r.paragraph).toMatch(c.equipment.kind === 'control-room' ? /6\.2\.1/ : /6\.2\.2/);
    for (const m of r.missing) {
      expect(m.personId).toBe('op-1');
      expect(m.elementNb).not.toBe(m.element);
    }
  });

  it('TR-1 names the terminal type and system in the missing element, in English and bokmål', () => {
    const r = mayUseEquipment(person, controlRoom, D, []);
    expect(r.missing.find((m) => m.code === 'control-room-course')).toMatchObject({
      element: 'Attended control-room course for ICCS Frequentis',
      elementNb: 'Oppmøtebasert kontrollromskurs for ICCS Frequentis',
    });
  });
});
