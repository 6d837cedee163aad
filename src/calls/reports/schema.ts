/**
 * zod schemas of the call report routes (RT-13): the request, and the report as JSON (OpenAPI; the
 * web infers its types from it).
 */
import { z } from 'zod';
import { rule } from '../../platform/http/field-errors.ts';
import { dateOfDayNumber, dayNumberOf } from '../../platform/time/calendar.ts';
import {
  hastegradSchema,
  misroutingReasonSchema,
  transferOutcomeSchema,
  callTargetSchema,
} from '../domain/call-event.ts';
import type { CallReport } from './model/call-report.ts';
import { DISTRIBUTION_CLASSES, periodProblem, seriesGranularities } from './model/call-report.ts';
import { reportSubjects } from './model/source.ts';

/** Whether `YYYY-MM-DD` names a day of the calendar (not 2026-02-30). */
function isCalendarDate(d: string): boolean {
  try {
    return dateOfDayNumber(dayNumberOf(d)) === d;
  } catch {
    return false;
  }
}

const calendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, rule('date', 'a date YYYY-MM-DD'))
  .refine(isCalendarDate, rule('calendar-date', 'not a calendar date'));

export const callReportParams = z.object({
  subject: z.enum(reportSubjects),
  /** Centre id, municipality number (4 digits), or `NO` for the national report. */
  id: z.string().min(1).max(100),
});

const PERIOD_RULES = {
  'report-period-reversed': 'the last day is before the first',
  'report-period-too-long': 'a report covers at most three years',
  'report-granularity-too-fine': 'too many periods: choose a coarser granularity',
} as const;

export const callReportQuery = z
  .object({
    from: calendarDate,
    to: calendarDate,
    granularity: z.enum(seriesGranularities).optional(),
    /** The report's service: legevakt (116117 and the centres' numbers) or AMK (113). */
    service: z.enum(['legevakt', 'amk']).optional(),
    /** The language of the PDF and CSV: bokmål (default) or English. */
    lang: z.enum(['nb', 'en']).optional(),
    /** `json` (default), `csv` or `pdf`. */
    format: z.enum(['json', 'csv', 'pdf']).optional(),
  })
  .superRefine((q, ctx) => {
    if (!isCalendarDate(q.from) || !isCalendarDate(q.to)) return; // refused field by field above
    const problem = periodProblem(q.from, q.to, q.granularity);
    if (problem)
      ctx.addIssue({
        code: 'custom',
        path: [problem === 'report-granularity-too-fine' ? 'granularity' : 'to'],
        message: rule(problem, PERIOD_RULES[problem as keyof typeof PERIOD_RULES]),
      });
  });

const share = z.number().nullable();
const count = z.number().int();
const reportCall = {
  callId: z.string(),
  at: z.number(),
  centreId: z.string(),
  municipality: z.string().optional(),
};

export const officialFiguresSchema = z.object({
  calls: count,
  answered: count,
  unanswered: count,
  abandonedBeforeRinging: count,
  answeredWithin10Seconds: count,
  answeredWithin2Minutes: count,
  answeredWithin10Minutes: count,
  shareWithin10Seconds: share,
  shareWithin2Minutes: share,
  shareWithin10Minutes: share,
  shareUnanswered: share,
  medianAnswer: z.object({ minMs: z.number(), maxMs: z.number(), exact: z.boolean() }).nullable(),
  longestAnswerMs: z.number().nullable(),
  target: z.object({
    requirement: z.enum(['LV-4', 'AMK-1']),
    share,
    required: z.number(),
    met: z.boolean().nullable(),
  }),
});

export const callReportSchema = z.object({
  subject: z.object({ kind: z.enum(reportSubjects), id: z.string(), name: z.string() }),
  service: z.enum(['legevakt', 'amk']),
  period: z.object({
    from: z.string(),
    to: z.string(),
    days: count,
    granularity: z.enum(seriesGranularities),
  }),
  generatedAt: z.string(),
  figures: officialFiguresSchema,
  series: z.array(
    z.object({
      period: z.string(),
      startAt: z.string(),
      partial: z.boolean(),
      calls: count,
      answered: count,
      unanswered: count,
      shareWithin2Minutes: share,
      shareWithin10Seconds: share,
      targetShare: share,
    }),
  ),
  distribution: z.array(
    z.object({ key: z.enum([...DISTRIBUTION_CLASSES.map((c) => c.key), 'unanswered']), calls: count }),
  ),
  hourOfWeek: z.array(
    z.object({
      weekday: count,
      hour: count,
      calls: count,
      occurrences: count,
      average: z.number(),
      targetShare: share,
    }),
  ),
  lists: z.object({
    longestWaits: z.array(
      z.object({ ...reportCall, waitMs: z.number(), outcome: z.enum(['answered', 'abandoned']) }),
    ),
    misrouted: z.object({
      total: count,
      byReason: z.array(z.object({ key: misroutingReasonSchema, count })),
      byCorrectCentre: z.array(z.object({ key: z.string(), count })),
      calls: z.array(
        z.object({
          ...reportCall,
          reason: misroutingReasonSchema,
          correctMunicipality: z.string().optional(),
          correctCentreId: z.string().optional(),
          hastegrad: hastegradSchema.optional(),
        }),
      ),
    }),
    transfersToAmk: z.object({
      total: count,
      byOutcome: z.array(z.object({ key: transferOutcomeSchema, count })),
      calls: z.array(
        z.object({
          ...reportCall,
          kind: z.enum(['transfer', 'conference']),
          handedOverAt: z.number(),
          target: callTargetSchema,
          outcome: transferOutcomeSchema,
          hastegrad: hastegradSchema.optional(),
        }),
      ),
    }),
  }),
  names: z.object({
    centres: z.record(z.string(), z.string()),
    municipalities: z.record(z.string(), z.string()),
  }),
}) satisfies z.ZodType<CallReport>;
