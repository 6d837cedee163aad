/**
 * The SIP Call-ID of a test call (RT-8): recognisable, so that the calls record does not count
 * the regime's own calls as callers (they would distort the answer-time statistics, RT-13).
 */

export const TEST_CALL_ID_PREFIX = 'nodmeld-testcall-';

/** A Call-ID for one call of a run: unique per attempt (a resumed run calls again with a new one). */
export function testCallId(runId: string, key: string): string {
  const random = Math.floor(Math.random() * 2 ** 32).toString(16);
  return `${TEST_CALL_ID_PREFIX}${runId.slice(0, 8)}-${key.replace(/[^0-9a-z-]/gi, '-')}-${random}@nodmeld`;
}

/** Whether a Call-ID is a test call's. */
export const isTestCallId = (callId: string | undefined): boolean =>
  callId !== undefined && callId.startsWith(TEST_CALL_ID_PREFIX);
