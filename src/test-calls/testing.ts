/**
 * Test factories for the test-call regime: a completed run with results (and an alarm when a call
 * failed) written straight to the store, for tests of reads, scope and sign-off that need no SIP.
 */
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../platform/db/types.ts';
import { buildDataSet } from '../routing/domain/testing.ts';
import type { RoutingDataSet } from '../routing/domain/types.ts';
import { insertAlarm, insertResult, insertRun } from './store.ts';

/** The factory data without the part-day schedule, so that every answer is the same day and night. */
export function testCallsData(): RoutingDataSet {
  const d = buildDataSet();
  return { ...d, centres: d.centres.map(({ schedule: _schedule, ...c }) => c) };
}

/** Settings of the test-call module for tests: fast simulated centres, a short stale time. */
export const TEST_CALLS_ENV = {
  NODMELD_TEST_CALLS: 'on',
  NODMELD_TEST_CALLS_SIMULATED_ANSWER_MS: '20',
  NODMELD_TEST_CALLS_CALL_TIMEOUT_MS: '1500',
  NODMELD_TEST_CALLS_CONCURRENCY: '6',
  NODMELD_TEST_CALLS_SCHEDULE: 'off',
  NODMELD_TEST_CALLS_STALE_MS: '2000',
};

/** A completed run over one centre: its direct call and one 116117 call from `municipality`. */
export async function buildCompletedRun(
  q: Queryable,
  opts: { centreId: string; municipality: string; failed?: boolean },
): Promise<{ runId: string; alarmId: string | null }> {
  const runId = randomUUID();
  const at = new Date().toISOString();
  await insertRun(q, {
    id: runId,
    trigger: 'manual',
    triggerKey: null,
    centreIds: [opts.centreId],
    requestedBy: 'test',
    at,
  });
  await q.query(
    `UPDATE test_call_runs SET status = 'completed', planned = 2, data_version = 1, started_at = $2::timestamptz, finished_at = $2::timestamptz WHERE id = $1`,
    [runId, at],
  );
  const base = {
    runId,
    centreId: opts.centreId,
    reachedCentreId: opts.centreId,
    routeMethod: null,
    answerMs: 120,
    dataVersion: 1,
    startedAt: at,
    finishedAt: at,
  };
  await insertResult(q, {
    ...base,
    key: `direct:${opts.centreId}`,
    kind: 'direct',
    municipality: null,
    target: '23000000',
    callingNumber: '11611700',
    connectedNumber: '23000000',
    answered: true,
    sipCodes: [180, 200],
    verdict: 'ok',
    failure: false,
  });
  const failed = opts.failed ?? false;
  await insertResult(q, {
    ...base,
    key: `116117:${opts.municipality}`,
    kind: '116117',
    municipality: opts.municipality,
    target: '116117',
    callingNumber: '22000000',
    connectedNumber: '22000001',
    routeMethod: 'number-series',
    answered: !failed,
    answerMs: failed ? null : 140,
    sipCodes: failed ? [100, 302, 180, 487] : [100, 302, 180, 200],
    verdict: failed ? 'not-answered' : 'ok',
    failure: failed,
  });
  if (!failed) return { runId, alarmId: null };
  const alarmId = randomUUID();
  await insertAlarm(q, { id: alarmId, runId, centreId: opts.centreId, failures: 1, at });
  return { runId, alarmId };
}
