/**
 * What a test call found (RT-8), as a pure function of what was planned and what the SIP
 * exchange showed, and whether it raises an alarm.
 */
import type { PlannedCall } from './plan.ts';
import type { Verdict } from './vocabulary.ts';

export interface CallObservation {
  /** The last final SIP status of the call (after following a redirect), or null when none came. */
  finalStatus: number | null;
  /** The call was given up at its timeout (or cancelled) before a final answer. */
  timedOut: boolean;
  /** Whether any provisional response (e.g. 180 Ringing) arrived on the last hop. */
  rang: boolean;
  /** The centre whose number the call ended at, or null when unknown. */
  reachedCentreId: string | null;
}

/** The verdict of one call. */
export function verdictOf(call: PlannedCall, o: CallObservation): Verdict {
  if (call.callingNumber === null) return 'no-caller-number';
  if (o.finalStatus !== null && o.finalStatus >= 200 && o.finalStatus < 300) {
    return o.reachedCentreId === call.centreId ? 'ok' : 'other-centre';
  }
  if (o.finalStatus === 486 || o.finalStatus === 600) return 'busy';
  if (o.timedOut || o.finalStatus === 487) return o.rang ? 'not-answered' : 'unreachable';
  if (o.finalStatus === null) return 'unreachable';
  return 'refused';
}

/** Routing placed the call at another centre on purpose: a schedule, a re-route, an alternative site. */
export const EXPLAINED_METHODS: readonly string[] = ['schedule', 'reroute'];

/**
 * Whether a result is a failure that raises an alarm: the call was not answered, or another
 * centre answered without a schedule, re-route or alternative site to say why. Such an
 * explained `other-centre` is flagged in the result, not alarmed; `no-caller-number` is a gap in
 * the data the run reports, not a fault of the centre.
 */
export function isFailure(r: {
  verdict: Verdict;
  routeMethod: string | null;
  alternativeSite?: boolean;
}): boolean {
  switch (r.verdict) {
    case 'ok':
    case 'no-caller-number':
      return false;
    case 'other-centre':
      return !(r.alternativeSite || (r.routeMethod !== null && EXPLAINED_METHODS.includes(r.routeMethod)));
    case 'not-answered':
    case 'busy':
    case 'refused':
    case 'unreachable':
      return true;
  }
}
