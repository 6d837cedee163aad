/**
 * In-memory `PositioningPort` (RT-3) for tests and demos: a fixed map from number to
 * municipality. It honours deadlines and abort signals exactly like the real service, so other
 * contexts' tests can exercise slow and failed positioning without HTTP.
 */
import { locateWithin } from './lookup-deadline.ts';
import { toMsisdn, type PositionFailureReason, type PositioningPort } from './port.ts';
import { DEFAULT_POSITIONING_DEADLINE_MS } from './positioning-service.ts';

export interface StaticPositioningOptions {
  /** Operator name reported for positioned numbers. Default "static". */
  operator?: string;
  /** Simulated answer time in ms (answers later than the deadline time out). Default 0. */
  latencyMs?: number;
  /** Numbers that fail with the given reason (after the latency). */
  failures?: Record<string, PositionFailureReason>;
  /** Default deadline in ms. Default 2 500. */
  deadlineMs?: number;
  now?: () => number;
}

/**
 * Creates the fake. Keys may be national (8 digits) or with 47/+47/0047: they are normalised
 * like calling numbers. Numbers not in the map fail with `no-answer`.
 */
export function createStaticPositioning(
  positions: Record<string, string> | ReadonlyMap<string, string>,
  options: StaticPositioningOptions = {},
): PositioningPort {
  const normalise = (entries: Iterable<[string, string]>): Map<string, string> => {
    const out = new Map<string, string>();
    for (const [number, value] of entries) {
      const msisdn = toMsisdn(number);
      if (msisdn === null) throw new TypeError(`static positioning: "${number}" is not a phone number`);
      out.set(msisdn, value);
    }
    return out;
  };
  const table = normalise(positions instanceof Map ? positions.entries() : Object.entries(positions));
  const failures = normalise(Object.entries(options.failures ?? {})) as Map<string, PositionFailureReason>;
  const operator = options.operator ?? 'static';
  const latencyMs = options.latencyMs ?? 0;
  const now = options.now ?? (() => performance.now());

  return {
    locate(number, opts) {
      const deadlineMs = opts.deadlineMs ?? options.deadlineMs ?? DEFAULT_POSITIONING_DEADLINE_MS;
      return locateWithin({ deadlineMs, signal: opts.signal, now }, (signal) => {
        const msisdn = toMsisdn(number);
        return new Promise((resolve) => {
          const timer = setTimeout(() => {
            signal.removeEventListener('abort', stop);
            const failure = msisdn === null ? 'no-answer' : failures.get(msisdn);
            const municipality = msisdn === null ? undefined : table.get(msisdn);
            if (failure) resolve({ status: 'failed', reason: failure });
            else if (municipality !== undefined) resolve({ status: 'positioned', municipality, operator });
            else resolve({ status: 'failed', reason: 'no-answer' });
          }, latencyMs);
          const stop = (): void => {
            clearTimeout(timer);
            resolve({ status: 'failed', reason: 'timeout' });
          };
          signal.addEventListener('abort', stop, { once: true });
        });
      });
    },
  };
}
