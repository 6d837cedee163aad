/**
 * zod schemas of the test-call API (edges only), from the zod-free value lists in
 * domain/vocabulary.ts. Response schemas are checked against the store's types (`satisfies`); the
 * web infers its types from them.
 */
import { z } from 'zod';
import { rule } from '../../platform/http/field-errors.ts';
import { CALL_KINDS, RUN_STATUSES, RUN_TRIGGERS, SIGN_OFF_SUBJECTS, VERDICTS } from '../domain/vocabulary.ts';
import type { RunRow, RunSummary, SignOffRow } from '../store.ts';
import type { AlarmView, ResultView, RunDetail } from '../read-test-calls.ts';

const centreId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, rule('centre-id', 'a centre id such as lv-bergen'));
const municipalityNumber = z
  .string()
  .regex(/^\d{4}$/, rule('municipality-number', 'a four-digit municipality number (kommunenummer)'));
const optComment = z
  .string()
  .trim()
  .max(2000)
  .nullish()
  .transform((v) => (v ? v : null));

export const idParams = z.object({ id: z.string().uuid() });

export const runsQuery = z.object({
  centre: centreId.optional(),
  municipality: municipalityNumber.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const alarmsQuery = z.object({
  open: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const startRunBody = z.object({
  /** The centres to test; absent: every centre (the operations centre only). */
  centreIds: z.array(centreId).min(1).max(500).optional(),
});

export const signOffBody = z.object({
  subject: z.enum(SIGN_OFF_SUBJECTS),
  /** The centre id or municipality number that signs. */
  subjectId: z
    .string()
    .regex(/^([a-z0-9][a-z0-9-]{0,63}|\d{4})$/, rule('subject-id', 'a centre id or a municipality number')),
  comment: optComment,
});

export const acknowledgeBody = z.object({ comment: optComment });

export const runSchema = z.object({
  id: z.string(),
  trigger: z.enum(RUN_TRIGGERS),
  triggerKey: z.string().nullable(),
  centreIds: z.array(z.string()).nullable(),
  status: z.enum(RUN_STATUSES),
  dataVersion: z.number().int().nullable(),
  planned: z.number().int(),
  owner: z.string().nullable(),
  requestedBy: z.string(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
}) satisfies z.ZodType<RunRow>;

export const runSummarySchema = runSchema.extend({
  calls: z.number().int(),
  failures: z.number().int(),
  otherCentre: z.number().int(),
}) satisfies z.ZodType<RunSummary>;

export const runListSchema = z.object({ runs: z.array(runSummarySchema) });

export const resultSchema = z.object({
  runId: z.string(),
  key: z.string(),
  kind: z.enum(CALL_KINDS),
  centreId: z.string(),
  municipality: z.string().nullable(),
  target: z.string(),
  callingNumber: z.string().nullable(),
  reachedCentreId: z.string().nullable(),
  connectedNumber: z.string().nullable(),
  routeMethod: z.string().nullable(),
  answered: z.boolean(),
  answerMs: z.number().int().nullable(),
  dataVersion: z.number().int().nullable(),
  sipCodes: z.array(z.number().int()),
  verdict: z.enum(VERDICTS),
  failure: z.boolean(),
  startedAt: z.string(),
  finishedAt: z.string(),
  centreName: z.string().nullable(),
  reachedCentreName: z.string().nullable(),
  municipalityName: z.string().nullable(),
}) satisfies z.ZodType<ResultView>;

export const signOffSchema = z.object({
  runId: z.string(),
  subject: z.enum(SIGN_OFF_SUBJECTS),
  subjectId: z.string(),
  signedBy: z.string(),
  signedAt: z.string(),
  comment: z.string().nullable(),
}) satisfies z.ZodType<SignOffRow>;

export const alarmSchema = z.object({
  id: z.string(),
  runId: z.string(),
  centreId: z.string(),
  failures: z.number().int(),
  raisedAt: z.string(),
  acknowledgedBy: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
  comment: z.string().nullable(),
  centreName: z.string().nullable(),
}) satisfies z.ZodType<AlarmView>;

export const alarmListSchema = z.object({ alarms: z.array(alarmSchema) });

export const runDetailSchema = z.object({
  run: runSchema,
  results: z.array(resultSchema),
  signOffs: z.array(signOffSchema),
  alarms: z.array(alarmSchema),
}) satisfies z.ZodType<RunDetail>;

export const startedSchema = z.object({ runId: z.string() });

export type RunSummaryDto = z.infer<typeof runSummarySchema>;
export type RunDetailDto = z.infer<typeof runDetailSchema>;
export type ResultDto = z.infer<typeof resultSchema>;
export type AlarmDto = z.infer<typeof alarmSchema>;
export type SignOffDto = z.infer<typeof signOffSchema>;
