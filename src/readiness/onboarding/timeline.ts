/**
 * ON-3: from local project start to Nødnett in use normally takes nine to twelve months, and the
 * agreements, technical adaptations and staff preparation come before installation.
 *
 * Interpretation (docs/readiness.md): milestones are due, counted from the local project start,
 *   agreements signed     6 months
 *   installation          8 months
 *   test report approved  9 months
 *   go-live              12 months (expected window 9–12 months)
 * A milestone not done is `overdue` after its due date and a `warning` in the 30 days before it.
 * A planned go-live later than 12 months after the start is a warning of its own.
 */
import { addDays, addMonths } from '../competence/dates.ts';

export type MilestoneName = 'agreements-signed' | 'installed' | 'test-report-approved' | 'go-live';

export const MILESTONE_MONTHS: Record<MilestoneName, number> = {
  'agreements-signed': 6,
  installed: 8,
  'test-report-approved': 9,
  'go-live': 12,
};

const LABEL: Record<MilestoneName, string> = {
  'agreements-signed': 'All agreements signed',
  installed: 'Equipment installed',
  'test-report-approved': 'Test report approved',
  'go-live': 'Nødnett in use (go-live)',
};

export const WARNING_DAYS = 30;

export interface TimelineInput {
  localProjectStart?: string | null;
  plannedGoLive?: string | null;
  done: Partial<Record<MilestoneName, string | null>>;
}

export interface TimelineWarning {
  code: string;
  severity: 'warning' | 'overdue';
  milestone: string;
  due: string;
  message: string;
}

export interface Timeline {
  localProjectStart: string | null;
  expectedGoLiveEarliest: string | null;
  expectedGoLiveLatest: string | null;
  milestones: { milestone: MilestoneName; due: string; doneAt: string | null }[];
  warnings: TimelineWarning[];
}

/** The ON-3 timeline of a unit on `date`, with a warning for each milestone it falls behind on. */
export function timeline(input: TimelineInput, date: string): Timeline {
  const start = input.localProjectStart ?? null;
  if (!start)
    return {
      localProjectStart: null,
      expectedGoLiveEarliest: null,
      expectedGoLiveLatest: null,
      milestones: [],
      warnings: [],
    };
  const milestones = (Object.keys(MILESTONE_MONTHS) as MilestoneName[]).map((m) => ({
    milestone: m,
    due: addMonths(start, MILESTONE_MONTHS[m]),
    doneAt: input.done[m] ?? null,
  }));
  const warnings: TimelineWarning[] = [];
  for (const m of milestones) {
    if (m.doneAt && m.doneAt <= date) continue;
    if (date > m.due) {
      warnings.push({
        code: `${m.milestone}-overdue`,
        severity: 'overdue',
        milestone: m.milestone,
        due: m.due,
        message: `${LABEL[m.milestone]} was due ${m.due} (${MILESTONE_MONTHS[m.milestone]} months after the local project start ${start}) and is not done`,
      });
    } else if (date >= addDays(m.due, -WARNING_DAYS)) {
      warnings.push({
        code: `${m.milestone}-due-soon`,
        severity: 'warning',
        milestone: m.milestone,
        due: m.due,
        message: `${LABEL[m.milestone]} is due ${m.due} and is not done`,
      });
    }
  }
  const latest = addMonths(start, 12);
  if (
    input.plannedGoLive &&
    input.plannedGoLive > latest &&
    !(input.done['go-live'] && input.done['go-live'] <= date)
  ) {
    warnings.push({
      code: 'planned-beyond-twelve-months',
      severity: 'warning',
      milestone: 'go-live',
      due: latest,
      message: `The planned go-live ${input.plannedGoLive} is more than 12 months after the local project start ${start} (ON-3: normally 9–12 months)`,
    });
  }
  return {
    localProjectStart: start,
    expectedGoLiveEarliest: addMonths(start, 9),
    expectedGoLiveLatest: latest,
    milestones,
    warnings,
  };
}
