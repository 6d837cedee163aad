/**
 * A requirement is one element a rule checks: met or not, and since when it applies. Unmet
 * requirements that were not in force on the date (§21, §22) become `notYetInForce`, never
 * violations.
 */
import { deferred, missing } from './elements.ts';
import { hasCourse } from './facts.ts';
import { REGULATION_IN_FORCE, inForceFrom, type TransitionalItemId } from './transition.ts';
import type {
  DeferredElement,
  PersonFacts,
  ExemptionAssessment,
  IsoDate,
  MissingElement,
  RequirementId,
  RuleResult,
} from './types.ts';

export interface Requirement {
  met: boolean;
  element: MissingElement;
  /** The transitional item that delays it; every requirement waits at least for the regulation. */
  transition?: TransitionalItemId;
}

export function requirement(
  met: boolean,
  element: MissingElement,
  transition?: TransitionalItemId,
): Requirement {
  return transition === undefined ? { met, element } : { met, element, transition };
}

/** The first day a requirement applies. */
export function appliesFrom(r: Requirement): IsoDate {
  const own = r.transition === undefined ? REGULATION_IN_FORCE : inForceFrom(r.transition);
  return own > REGULATION_IN_FORCE ? own : REGULATION_IN_FORCE;
}

export interface Outcome {
  missing: MissingElement[];
  notYetInForce: DeferredElement[];
}

/** Splits the unmet requirements into violations and those not yet in force on `date`. */
export function sortOut(requirements: readonly Requirement[], date: IsoDate): Outcome {
  const out: Outcome = { missing: [], notYetInForce: [] };
  for (const r of requirements) {
    if (r.met) continue;
    const from = appliesFrom(r);
    if (date >= from) out.missing.push(r.element);
    else out.notYetInForce.push(deferred(r.element, from));
  }
  return out;
}

/** Notes that explain deferred elements, one per distinct start date. */
export function deferralNotes(outcome: Outcome, date: IsoDate): string[] {
  if (date < REGULATION_IN_FORCE) {
    return [
      `akuttmedisinforskriften was not in force on ${date} (§22: from ${REGULATION_IN_FORCE}); the earlier regulation (forskrift 18. mars 2005 nr. 252) is not evaluated.`,
    ];
  }
  const starts = [...new Set(outcome.notYetInForce.map((d) => d.inForceFrom))].sort();
  return starts.map(
    (s) =>
      `Not yet in force on ${date} (§21, applies from ${s}): ${outcome.notYetInForce
        .filter((d) => d.inForceFrom === s)
        .map((d) => d.element.toLowerCase())
        .join('; ')}.`,
  );
}

export function ruleResult(
  requirementId: RequirementId,
  paragraph: string,
  outcome: Outcome,
  extra: { notes?: string[]; exemptions?: ExemptionAssessment[]; ok?: boolean } = {},
): RuleResult {
  return {
    ok: extra.ok ?? outcome.missing.length === 0,
    requirementId,
    paragraph,
    missing: outcome.missing,
    notYetInForce: outcome.notYetInForce,
    notes: extra.notes ?? [],
    exemptions: extra.exemptions ?? [],
  };
}

/** The two courses of §7 b and §8: acute medicine, and violence and abuse. */
export function courseRequirements(
  facts: PersonFacts,
  date: IsoDate,
  paragraph: string,
  transition: TransitionalItemId,
): Requirement[] {
  const personId = facts.id;
  return [
    requirement(
      hasCourse(facts, 'acute-medicine', date),
      missing('acute-medicine-course', paragraph, { personId }),
      transition,
    ),
    requirement(
      hasCourse(facts, 'violence-abuse', date),
      missing('violence-abuse-course', paragraph, { personId }),
      transition,
    ),
  ];
}
