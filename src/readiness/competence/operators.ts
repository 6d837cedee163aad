/**
 * Operators and the AMK doctor (CMP-4): §13 bokstav f (LV-sentral operators), §15 bokstav l (AMK
 * operators) and §15 bokstav m (a doctor with acute-medicine competence available around the clock).
 */
import { assertIsoDate } from './dates.ts';
import { missing } from './elements.ts';
import {
  hasBachelorHealthEducation,
  hasCourse,
  hasSpeciality,
  holdsAuthorisation,
  isDoctor,
} from './facts.ts';
import { deferralNotes, requirement, ruleResult, sortOut } from './requirements.ts';
import type { IsoDate, PersonFacts, RuleResult } from './types.ts';

export const SECTION_13F = '§13 bokstav f';
export const SECTION_15L = '§15 bokstav l';
export const SECTION_15M = '§15 bokstav m';

export interface LvOperatorContext {
  /**
   * "Nødvendig klinisk praksis" has no length in the regulation; the municipality may set one.
   * Default: at least one month of documented clinical practice.
   */
  minimumClinicalPracticeMonths?: number;
}

/**
 * CMP-4, §13 bokstav f: health education at bachelor level, necessary clinical practice and the
 * additional operator training. An authorisation as nurse, doctor or paramedic counts as proof of
 * health education at bachelor level or above. §8 applies to LV operators as well: call
 * `otherPersonnel` too.
 */
export function lvOperator(facts: PersonFacts, date: IsoDate, context: LvOperatorContext = {}): RuleResult {
  assertIsoDate(date);
  const personId = facts.id;
  const months = Math.max(1, context.minimumClinicalPracticeMonths ?? 1);
  const byEducation = hasBachelorHealthEducation(facts, date);
  const byAuthorisation = holdsAuthorisation(facts, ['nurse', 'doctor', 'paramedic'], date, {
    licence: false,
  });
  const outcome = sortOut(
    [
      requirement(
        byEducation || byAuthorisation,
        missing('bachelor-health-education', SECTION_13F, { personId }),
      ),
      requirement(
        facts.clinicalPracticeMonths >= months,
        missing('clinical-practice', SECTION_13F, { personId, params: { months } }),
      ),
      requirement(
        hasCourse(facts, 'lv-operator-training', date),
        missing('lv-operator-training', SECTION_13F, { personId }),
      ),
    ],
    date,
  );
  const notes = deferralNotes(outcome, date);
  if (!byEducation && byAuthorisation)
    notes.push(
      'Health education at bachelor level taken from the authorisation (nurse, doctor or paramedic).',
    );
  return ruleResult('CMP-4', SECTION_13F, outcome, { notes });
}

/** CMP-4, §15 bokstav l: nurse or ambulance worker who has completed the AMK operator training. */
export function amkOperator(facts: PersonFacts, date: IsoDate): RuleResult {
  assertIsoDate(date);
  const personId = facts.id;
  const outcome = sortOut(
    [
      requirement(
        holdsAuthorisation(facts, ['nurse', 'ambulance-worker'], date),
        missing('nurse-or-ambulance-worker', SECTION_15L, { personId }),
      ),
      requirement(
        hasCourse(facts, 'amk-operator-training', date),
        missing('amk-operator-training', SECTION_15L, { personId }),
      ),
    ],
    date,
  );
  return ruleResult('CMP-4', SECTION_15L, outcome, { notes: deferralNotes(outcome, date) });
}

/**
 * CMP-4, §15 bokstav m, for one doctor: a doctor with acute-medicine competence, read as the
 * course in acute medicine or approval as specialist in anaesthesiology or emergency medicine.
 * Whether such a doctor is available around the clock is a roster question (`checkRoster`).
 */
export function amkDoctor(facts: PersonFacts, date: IsoDate): RuleResult {
  assertIsoDate(date);
  const personId = facts.id;
  const outcome = sortOut(
    [
      requirement(isDoctor(facts, date), missing('doctor-authorisation', SECTION_15M, { personId })),
      requirement(
        hasCourse(facts, 'acute-medicine', date) ||
          hasSpeciality(facts, ['anaesthesiology', 'emergency-medicine'], date),
        missing('acute-medicine-competence', SECTION_15M, { personId }),
      ),
    ],
    date,
  );
  return ruleResult('CMP-4', SECTION_15M, outcome, { notes: deferralNotes(outcome, date) });
}
