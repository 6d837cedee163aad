/**
 * From a decoded LIP report to a plain position fix: degrees, metres, km/h, and when the fix was
 * taken. PURE: the receive instant is passed in. This is the shape an adapter maps to the AMK
 * context's positions (`{ issi, observedAt, lat, lon, errorMetres, speedKmh, headingDeg, source: 'lip' }`).
 */
import {
  POSITION_ERROR,
  REASON_EMERGENCY,
  REASONS_FOR_SENDING,
  TIME_ELAPSED_MAX_SECONDS,
  directionExtendedFromCode,
  directionFromCode,
  uncertaintyFromCode,
  velocityFromCode,
} from './fields.ts';
import type { LipAdditionalData, LipPdu, LipTimeData } from './types.ts';

export interface LipFix {
  /**
   * When the fix was taken, as ISO 8601 UTC. With only a "time elapsed" code this is the OLDEST the
   * fix can be (receive time minus the code's bound), so a map never shows a position as fresher
   * than it may be; with "time of position" it is that instant; with neither, the receive time
   * (and `ageAtMostSeconds` is null: the age is not known).
   */
  observedAt: string;
  /** Upper bound of the fix's age at receipt in seconds (0 for time of position), null = not known. */
  ageAtMostSeconds: number | null;
  lat: number;
  lon: number;
  /** Horizontal error bound in metres; null when not known or worse than 200 km. */
  errorMetres: number | null;
  speedKmh: number | null;
  headingDeg: number | null;
  /** The reason-for-sending code, null when the report carries user-defined data instead. */
  reasonForSending: number | null;
  /** The name of that reason (`REASONS_FOR_SENDING`), null when reserved or absent. */
  reasonName: string | null;
  /** The terminal reports an emergency condition (reason for sending 2): its safety alarm. */
  emergency: boolean;
}

/** Why a report gives no fix. */
export type NoFixReason = 'no-location' | 'arc-has-no-point-estimate';

/** The fix a report carries at `receivedAtMs`, or why it carries none. */
export function lipFix(
  pdu: LipPdu,
  receivedAtMs: number,
): { ok: true; fix: LipFix } | { ok: false; reason: NoFixReason } {
  const reason = reasonOf(pdu.additionalData);
  const common = {
    reasonForSending: reason,
    reasonName: reason === null ? null : (REASONS_FOR_SENDING[reason] ?? null),
    emergency: reason === REASON_EMERGENCY,
  };
  if (pdu.type === 'short-location-report') {
    const age = TIME_ELAPSED_MAX_SECONDS[pdu.timeElapsed] ?? null;
    return {
      ok: true,
      fix: {
        observedAt: new Date(receivedAtMs - (age ?? 0) * 1000).toISOString(),
        ageAtMostSeconds: age,
        lat: pdu.latitude,
        lon: pdu.longitude,
        errorMetres: POSITION_ERROR[pdu.positionError]?.maxMetres ?? null,
        speedKmh: velocityFromCode(pdu.horizontalVelocity),
        headingDeg: directionFromCode(pdu.directionOfTravel),
        ...common,
      },
    };
  }
  const l = pdu.location;
  if (l.shape === 'none') return { ok: false, reason: 'no-location' };
  if (l.shape === 'arc') return { ok: false, reason: 'arc-has-no-point-estimate' };
  let errorMetres: number | null = null;
  switch (l.shape) {
    case 'circle':
    case 'circle-with-altitude':
    case 'circle-with-altitude-and-altitude-uncertainty':
      errorMetres = uncertaintyFromCode(l.uncertainty);
      break;
    case 'ellipse':
    case 'ellipse-with-altitude':
    case 'ellipse-with-altitude-and-altitude-uncertainty':
      errorMetres = uncertaintyFromCode(l.halfMajorAxis);
      break;
    case 'point-and-position-error':
      errorMetres = POSITION_ERROR[l.positionError]?.maxMetres ?? null;
      break;
    case 'point':
    case 'point-with-altitude':
      break;
  }
  const { observedAtMs, ageAtMostSeconds } = timeOf(pdu.time, receivedAtMs);
  const v = pdu.velocity;
  const heading =
    v.directionOfTravelExtended === null ? null : directionExtendedFromCode(v.directionOfTravelExtended);
  return {
    ok: true,
    fix: {
      observedAt: new Date(observedAtMs).toISOString(),
      ageAtMostSeconds,
      lat: l.latitude,
      lon: l.longitude,
      errorMetres,
      speedKmh: v.horizontalVelocity === null ? null : velocityFromCode(v.horizontalVelocity),
      headingDeg: heading,
      ...common,
    },
  };
}

function reasonOf(d: LipAdditionalData): number | null {
  return d.type === 'reason-for-sending' ? d.reason : null;
}

function timeOf(
  t: LipTimeData,
  receivedAtMs: number,
): { observedAtMs: number; ageAtMostSeconds: number | null } {
  switch (t.type) {
    case 'none':
      return { observedAtMs: receivedAtMs, ageAtMostSeconds: null };
    case 'time-elapsed': {
      const age = TIME_ELAPSED_MAX_SECONDS[t.timeElapsed] ?? null;
      return { observedAtMs: receivedAtMs - (age ?? 0) * 1000, ageAtMostSeconds: age };
    }
    case 'time-of-position':
      return { observedAtMs: resolveTimeOfPosition(t, receivedAtMs), ageAtMostSeconds: 0 };
  }
}

/** Up to this far ahead of the receive time a time of position is taken as the terminal's clock running fast. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

/**
 * The instant of a "time of position" (day of month, hour, minute, second, UTC): the latest such
 * instant not more than five minutes after `receivedAtMs`, searched this month and the months
 * before (a day 31 skips months that have none).
 */
export function resolveTimeOfPosition(
  t: { day: number; hour: number; minute: number; second: number },
  receivedAtMs: number,
): number {
  const r = new Date(receivedAtMs);
  for (let back = 0; back < 12; back += 1) {
    const y = r.getUTCFullYear();
    const m = r.getUTCMonth() - back;
    const ms = Date.UTC(y, m, t.day, t.hour, t.minute, t.second);
    // Date.UTC rolls day 31 of a 30-day month into the next month: skip those months.
    if (new Date(ms).getUTCDate() !== t.day) continue;
    if (ms <= receivedAtMs + FUTURE_TOLERANCE_MS) return ms;
  }
  return receivedAtMs;
}
