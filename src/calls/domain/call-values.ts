/**
 * The value lists of the call events, without zod: the event schemas (call-event.ts) are built
 * from them, and the web offers them in its choices (importing this file bundles no zod), so a
 * new value is added in one place.
 */
export const hastegrader = ['akutt', 'haster', 'vanlig'] as const;

/** Who a call is handed over or conferenced to. */
export const callTargetKinds = ['amk', 'legevaktsentral', 'doctor-on-call', 'other'] as const;

export const transferOutcomes = ['connected', 'no-answer', 'busy', 'failed', 'cancelled'] as const;

/**
 * Why the system ended a call before a centre took it: nodmeld's voice menu handed it over as a
 * B2BUA (docs/voice.md) and the centre's telephone system was busy, did not answer in time,
 * refused it, or could not be reached.
 */
export const systemEndReasons = [
  'centre-busy',
  'centre-no-answer',
  'centre-refused',
  'centre-unreachable',
] as const;

/** Why a call was misrouted (RT-12: "what, where, why"). */
export const misroutingReasons = [
  'positioning-failed',
  'base-station-across-border',
  'ported-number',
  'wrong-number-series',
  'caller-elsewhere',
  'menu-choice',
  'other',
] as const;
