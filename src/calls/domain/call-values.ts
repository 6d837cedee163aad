/**
 * The value lists of the call events, without zod: the event schemas (call-event.ts) are built
 * from them, and the web offers them in its choices (importing this file bundles no zod), so a
 * new value is added in one place.
 */
export const hastegrader = ['akutt', 'haster', 'vanlig'] as const;

/** Who a call is handed over or conferenced to. */
export const callTargetKinds = ['amk', 'legevaktsentral', 'doctor-on-call', 'other'] as const;

export const transferOutcomes = ['connected', 'no-answer', 'busy', 'failed', 'cancelled'] as const;

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
