/**
 * The test-call API (/api/v1/test-calls; RT-8): runs with their results, starting one, sign-offs,
 * alarms and their acknowledgement. The types come from the server's response schemas (type-only:
 * nothing is bundled); the value lists from the context's zod-free vocabulary.
 */
import type { z } from 'zod';
import type * as S from '../../../../src/test-calls/http/schema.ts';
import type { SignOffSubject, Verdict } from '../../../../src/test-calls/domain/vocabulary.ts';
import { api } from '../../shared/api/client.ts';

export { VERDICTS, RUN_STATUSES, RUN_TRIGGERS } from '../../../../src/test-calls/domain/vocabulary.ts';
export type { SignOffSubject, Verdict };
export type RunSummary = z.infer<typeof S.runSummarySchema>;
export type RunDetail = z.infer<typeof S.runDetailSchema>;
export type CallResult = z.infer<typeof S.resultSchema>;
export type Alarm = z.infer<typeof S.alarmSchema>;
export type SignOff = z.infer<typeof S.signOffSchema>;

/** The pushes that change what the pages show (src/test-calls/events.ts). */
export const TEST_CALL_EVENTS = [
  'test-calls.run.finished',
  'test-calls.alarm.raised',
  'test-calls.alarm.acknowledged',
  'test-calls.run.signed-off',
];

const base = '/api/v1/test-calls';

export const testCallsApi = {
  runs: (query: { centre?: string; municipality?: string }, signal?: AbortSignal) =>
    api<z.infer<typeof S.runListSchema>>('GET', `${base}/runs`, { query, signal }),
  run: (id: string, signal?: AbortSignal) =>
    api<RunDetail>('GET', `${base}/runs/${encodeURIComponent(id)}`, { signal }),
  start: (centreIds?: string[]) =>
    api<{ runId: string }>('POST', `${base}/runs`, { body: centreIds ? { centreIds } : {} }),
  resume: (id: string) =>
    api<{ runId: string }>('POST', `${base}/runs/${encodeURIComponent(id)}/resume`, { body: {} }),
  signOff: (id: string, body: { subject: SignOffSubject; subjectId: string; comment: string | null }) =>
    api<SignOff>('POST', `${base}/runs/${encodeURIComponent(id)}/sign-offs`, { body }),
  alarms: (open: boolean, signal?: AbortSignal) =>
    api<z.infer<typeof S.alarmListSchema>>('GET', `${base}/alarms`, {
      query: { open: String(open) },
      signal,
    }),
  acknowledge: (id: string, comment: string | null) =>
    api<Alarm>('POST', `${base}/alarms/${encodeURIComponent(id)}/acknowledge`, { body: { comment } }),
};
