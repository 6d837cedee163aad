/**
 * The positioning port (RT-3, RT-15): where is this mobile caller? The routing engine gets the
 * answer as `CallInput.position`; the adapters behind the port ask the mobile operators.
 */
import type { PositionResult } from '../domain/types.ts';

export type PositionFailureReason = Extract<PositionResult, { status: 'failed' }>['reason'];

export const POSITION_FAILURE_REASONS: readonly PositionFailureReason[] = [
  'timeout',
  'no-answer',
  'unknown-municipality',
  'circuit-open',
];

export interface LocateOptions {
  /** Overall deadline for this call in ms; the implementation's configured default when omitted. */
  deadlineMs?: number;
  /** Aborts the lookup (e.g. the caller hung up: SIP CANCEL). */
  signal?: AbortSignal;
}

export interface PositioningPort {
  /**
   * Finds the municipality of the serving base station of `msisdn` (national 8 digits, or with
   * +47 / 0047 / 47 prefix). Never rejects: timeouts, errors and aborts resolve to
   * `{ status: 'failed', reason, elapsedMs }` — an abort reports `no-answer`, since the shared
   * `PositionResult` type has no abort reason and nobody routes a cancelled call.
   */
  locate(msisdn: string, opts: LocateOptions): Promise<PositionResult>;
}

/**
 * Normalises a calling number to the MSISDN form the operators use: country code and subscriber
 * number as digits ("4791234567"). National 8-digit numbers get 47. Returns null for anything
 * that cannot be a phone number.
 */
export function toMsisdn(number: string): string | null {
  let digits = number.trim().replace(/[\s-]/g, '');
  if (digits.startsWith('+')) digits = digits.slice(1);
  else if (digits.startsWith('00')) digits = digits.slice(2);
  else if (/^\d{8}$/.test(digits)) digits = `47${digits}`;
  return /^\d{8,15}$/.test(digits) ? digits : null;
}
