/**
 * TR-1 (with TR-2, TR-3, TR-5): nobody uses Nødnett equipment before training. Radio-terminal
 * users need the course for the terminal type they use, control-room operators the course for
 * their own system; both after the common e-learning pre-course, and with a valid re-certification
 * where the service requires one.
 */
import { addMonths, assertIsoDate } from './dates.ts';
import { missing } from './elements.ts';
import { ruleResult } from './requirements.ts';
import type {
  Equipment,
  IsoDate,
  MissingElement,
  PersonFacts,
  RuleResult,
  TrainingCompletion,
} from './types.ts';

export const TRAINING_BASIS = {
  'control-room':
    'Nasjonal veileder for Nødnett i helsetjenesten kap. 6.2.1, jf. akuttmedisinforskriften §4 annet ledd og §18',
  'radio-terminal':
    'Nasjonal veileder for Nødnett i helsetjenesten kap. 6.2.2, jf. akuttmedisinforskriften §4 annet ledd og §18',
  'e-learning': 'Nasjonal veileder for Nødnett i helsetjenesten kap. 6 (felles nettbasert forkurs)',
} as const;

export interface TrainingPolicy {
  /** TR-5: the service requires the e-learning to be repeated at least this often. */
  recertifyEveryMonths?: number;
}

const same = (a: string | undefined, b: string): boolean =>
  a !== undefined && a.trim().toLowerCase() === b.trim().toLowerCase();

function matches(c: TrainingCompletion, equipment: Equipment): boolean {
  return equipment.kind === 'control-room'
    ? c.courseKind === 'control-room' && same(c.system, equipment.system)
    : c.courseKind === 'radio-terminal' && same(c.terminalType, equipment.terminalType);
}

const latest = (list: readonly TrainingCompletion[]): TrainingCompletion | undefined =>
  [...list]
    .sort((a, b) => (a.completedAt < b.completedAt ? -1 : a.completedAt > b.completedAt ? 1 : 0))
    .at(-1);

/**
 * TR-1: may `person` use `equipment` on `date`, given the training `completions` (anyone's; only
 * the person's own count)? The answer lists each missing training element.
 */
export function mayUseEquipment(
  person: Pick<PersonFacts, 'id' | 'name'>,
  equipment: Equipment,
  date: IsoDate,
  completions: readonly TrainingCompletion[],
  policy: TrainingPolicy = {},
): RuleResult {
  assertIsoDate(date);
  const personId = person.id;
  const basis = TRAINING_BASIS[equipment.kind];
  const own = completions.filter((c) => c.personId === personId && c.completedAt <= date);
  const eLearning = own.filter((c) => c.courseKind === 'e-learning');
  const attended = own.filter((c) => matches(c, equipment));
  const validAttended = attended.filter((c) => c.validTo === undefined || date <= c.validTo);
  const gaps: MissingElement[] = [];
  const notes: string[] = [];

  if (eLearning.length === 0) gaps.push(missing('e-learning', TRAINING_BASIS['e-learning'], { personId }));
  const course = latest(validAttended);
  if (course === undefined) {
    gaps.push(
      equipment.kind === 'control-room'
        ? missing('control-room-course', basis, { personId, params: { system: equipment.system } })
        : missing('radio-terminal-course', basis, {
            personId,
            params: { terminalType: equipment.terminalType },
          }),
    );
    const expired = latest(attended);
    if (expired) notes.push(`The attended course of ${expired.completedAt} expired on ${expired.validTo}.`);
  } else if (eLearning.length > 0 && !eLearning.some((e) => e.completedAt <= course.completedAt)) {
    gaps.push(missing('e-learning-before-course', TRAINING_BASIS['e-learning'], { personId }));
  }

  const lastELearning = latest(eLearning);
  if (lastELearning) {
    const expiredByDate = lastELearning.validTo !== undefined && lastELearning.validTo < date;
    const every = policy.recertifyEveryMonths;
    const expiredByPolicy = every !== undefined && addMonths(lastELearning.completedAt, every) <= date;
    if (expiredByDate || expiredByPolicy) {
      gaps.push(missing('recertification', TRAINING_BASIS['e-learning'], { personId }));
      notes.push(`Last e-learning completed ${lastELearning.completedAt}.`);
    }
  }
  if (gaps.length === 0)
    notes.push('Training documented: e-learning pre-course and attended course (TR-3 final certificate).');
  return ruleResult('TR-1', basis, { missing: gaps, notYetInForce: [] }, { notes });
}
