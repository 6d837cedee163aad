/**
 * The test-call regime's value lists (RT-8; docs/test-calls.md): what started a run, where it is,
 * what was called, and what a call found. The database stores these as text; the edge checks them.
 */

/** What started a run: a routing-data activation, a re-route, the schedule, or a person. */
export const RUN_TRIGGERS = ['activation', 'reroute', 'schedule', 'manual'] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];

/**
 * queued → running → completed; a running run whose process died is marked interrupted, and a
 * resume takes it up where it stopped (running again).
 */
export const RUN_STATUSES = ['queued', 'running', 'completed', 'interrupted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** A call to the centre's public 8-digit number, or to 116117 as a caller from a municipality. */
export const CALL_KINDS = ['direct', '116117'] as const;
export type CallKind = (typeof CALL_KINDS)[number];

/**
 * What a call found:
 * - `ok`: the centre under test answered;
 * - `other-centre`: another centre answered (routing sent the caller elsewhere);
 * - `not-answered`: it rang until the call's time ran out;
 * - `busy`: 486/600 Busy;
 * - `refused`: another final answer (404 for a number nobody terminates, 5xx …);
 * - `unreachable`: no answer at all (nothing listens, the packets are lost);
 * - `no-caller-number`: no number in the data places a caller in the municipality (nothing called).
 */
export const VERDICTS = [
  'ok',
  'other-centre',
  'not-answered',
  'busy',
  'refused',
  'unreachable',
  'no-caller-number',
] as const;
export type Verdict = (typeof VERDICTS)[number];

/** How a simulated centre behaves (demo and fault tests). */
export const SIMULATED_BEHAVIOURS = ['answer', 'no-answer', 'busy'] as const;
export type SimulatedBehaviour = (typeof SIMULATED_BEHAVIOURS)[number];

/** Who signs a run's results: a centre (its leader) or a municipality (its reader). */
export const SIGN_OFF_SUBJECTS = ['centre', 'municipality'] as const;
export type SignOffSubject = (typeof SIGN_OFF_SUBJECTS)[number];
