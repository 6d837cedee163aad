/**
 * §8 Kompetansekrav til annet helsepersonell (CMP-2): health personnel working with the doctor on
 * call, LV-sentral operators included, need the courses in acute medicine and in violence and
 * abuse; the county governor may grant a time-limited exemption.
 */
import { assertIsoDate } from './dates.ts';
import { missing } from './elements.ts';
import { exemptionsOn, isHealthPersonnel } from './facts.ts';
import { courseRequirements, deferralNotes, ruleResult, sortOut } from './requirements.ts';
import type { ExemptionAssessment, IsoDate, MissingElement, PersonFacts, RuleResult } from './types.ts';

export const SECTION_8 = { first: '§8 første ledd', second: '§8 annet ledd' } as const;

/** CMP-2: does `facts` meet §8 on `date` (courses, or a valid time-limited exemption)? */
export function otherPersonnel(facts: PersonFacts, date: IsoDate): RuleResult {
  assertIsoDate(date);
  const personId = facts.id;
  const outcome = sortOut(courseRequirements(facts, date, SECTION_8.first, 'section-8-courses'), date);
  const notes = deferralNotes(outcome, date);
  if (!isHealthPersonnel(facts, date))
    notes.push(
      'No health authorisation or licence on this date: §8 is written for health personnel working with the doctor on call.',
    );

  const exemptions: ExemptionAssessment[] = exemptionsOn(facts, 'course-time-limited', date).map((e) => {
    const reasons: MissingElement[] =
      e.grantedByRole === 'county-governor'
        ? []
        : [missing('granted-by-county-governor', SECTION_8.second, { personId })];
    return {
      kind: 'course-time-limited',
      status: reasons.length === 0 ? 'valid' : 'refused',
      paragraph: SECTION_8.second,
      reasons,
    };
  });
  const valid = exemptions.find((e) => e.status === 'valid');
  if (outcome.missing.length > 0 && valid) {
    const until = exemptionsOn(facts, 'course-time-limited', date)
      .filter((e) => e.grantedByRole === 'county-governor')
      .map((e) => e.to)
      .sort()
      .at(-1);
    notes.push(
      `Time-limited exemption from §8 første ledd until ${until} (§8 annet ledd); still lacking: ${outcome.missing
        .map((m) => m.element.toLowerCase())
        .join('; ')}.`,
    );
    return ruleResult(
      'CMP-2',
      SECTION_8.second,
      { missing: [], notYetInForce: outcome.notYetInForce },
      { notes, exemptions },
    );
  }
  for (const e of exemptions)
    if (e.status === 'refused')
      notes.push('Exemption cannot be used: only the county governor can grant it (§8 annet ledd).');
  return ruleResult('CMP-2', SECTION_8.first, outcome, { notes, exemptions });
}
