/**
 * HTTP client for one mobile operator's location service (RT-3, RT-15), guarded by a circuit
 * breaker of its own.
 *
 * Protocol (spoken by the simulator in `simulator.ts`; a real operator gets an adapter that maps
 * onto it): `GET {baseUrl}/v1/location?msisdn=47XXXXXXXX` →
 * `200 {"msisdn","municipality","cellId","accuracyM"}` for the operator's own subscribers, `404`
 * for numbers the operator does not serve.
 *
 * The client never throws and never rejects: every outcome is an `OperatorAnswer`.
 */
import http from 'node:http';
import https from 'node:https';
import {
  createCircuitBreaker,
  type BreakerPermit,
  type BreakerState,
  type CircuitBreakerOptions,
} from './circuit-breaker.ts';
import { firedLate, isTimeoutReason } from './lookup-deadline.ts';

export type OperatorAnswer =
  | { kind: 'located'; municipality: string; cellId?: string; accuracyM?: number }
  /** 404: the number is not this operator's subscriber. */
  | { kind: 'not-subscriber' }
  /** A well-formed answer naming a municipality we do not know: treated as no answer. */
  | { kind: 'unknown-municipality'; municipality: string }
  /** Transport error, 5xx/429, other 4xx or a malformed body. */
  | { kind: 'error'; detail: string }
  /** The per-request timeout, or the caller's deadline (abort reason named `TimeoutError`). */
  | { kind: 'timeout' }
  /** The breaker is open: no request was sent. */
  | { kind: 'circuit-open' }
  /** The caller aborted (another operator answered first, or the call was cancelled). */
  | { kind: 'aborted' };

export interface OperatorClientOptions {
  name: string;
  /** http(s) base URL; `/v1/location` is appended. */
  baseUrl: string;
  /** Per-request timeout in ms. */
  requestTimeoutMs: number;
  breaker?: CircuitBreakerOptions;
  /** If given, a 4-digit municipality outside this set is `unknown-municipality`. */
  knownMunicipalities?: ReadonlySet<string>;
  /** Keep-alive pool size. Default 64. */
  maxSockets?: number;
  /** Larger answers are malformed. Default 16 KiB. */
  maxResponseBytes?: number;
}

export interface OperatorClient {
  readonly name: string;
  /** `msisdn` as digits with country code, e.g. "4791234567". Never rejects. */
  locate(msisdn: string, signal?: AbortSignal): Promise<OperatorAnswer>;
  breakerState(): BreakerState;
  /** Destroys pooled sockets. Requests in flight end as errors or aborts. */
  close(): void;
}

const MUNICIPALITY = /^\d{4}$/;

/** Validates a 200 body. Returns null when it is malformed. */
export function parseLocationAnswer(
  body: string,
  msisdn: string,
  known?: ReadonlySet<string>,
): Extract<OperatorAnswer, { kind: 'located' | 'unknown-municipality' }> | null {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const v = value as Record<string, unknown>;
  // An answer about another number is worse than none: it would route the call by someone else's position.
  if (v.msisdn !== undefined && v.msisdn !== msisdn) return null;
  if (typeof v.municipality !== 'string' || !MUNICIPALITY.test(v.municipality)) return null;
  if (v.cellId !== undefined && typeof v.cellId !== 'string') return null;
  if (
    v.accuracyM !== undefined &&
    !(typeof v.accuracyM === 'number' && Number.isFinite(v.accuracyM) && v.accuracyM >= 0)
  ) {
    return null;
  }
  if (known && !known.has(v.municipality))
    return { kind: 'unknown-municipality', municipality: v.municipality };
  const located: { kind: 'located'; municipality: string; cellId?: string; accuracyM?: number } = {
    kind: 'located',
    municipality: v.municipality,
  };
  if (typeof v.cellId === 'string') located.cellId = v.cellId;
  if (typeof v.accuracyM === 'number') located.accuracyM = v.accuracyM;
  return located;
}

/** Creates the client; throws on a base URL that is not http(s) or a non-positive timeout. */
export function createOperatorClient(options: OperatorClientOptions): OperatorClient {
  let base: URL;
  try {
    base = new URL(options.baseUrl);
  } catch {
    throw new TypeError(`positioning operator "${options.name}": base URL "${options.baseUrl}" is not a URL`);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new TypeError(
      `positioning operator "${options.name}": base URL must be http(s), got "${options.baseUrl}"`,
    );
  }
  if (!Number.isFinite(options.requestTimeoutMs) || options.requestTimeoutMs <= 0) {
    throw new RangeError(`positioning operator "${options.name}": requestTimeoutMs must be > 0`);
  }
  const basePath = base.pathname.replace(/\/+$/, '');
  const transport = base.protocol === 'https:' ? https : http;
  const agent = new transport.Agent({
    keepAlive: true,
    maxSockets: options.maxSockets ?? 64,
    maxFreeSockets: 16,
    scheduling: 'lifo',
  });
  const maxBytes = options.maxResponseBytes ?? 16 * 1024;
  const breaker = createCircuitBreaker(options.breaker);

  function send(
    msisdn: string,
    permit: BreakerPermit,
    signal: AbortSignal | undefined,
  ): Promise<OperatorAnswer> {
    return new Promise((resolve) => {
      let settled = false;
      const url = new URL(base);
      url.pathname = `${basePath}/v1/location`;
      url.search = `?msisdn=${encodeURIComponent(msisdn)}`;
      const req = transport.request(url, { method: 'GET', agent, headers: { accept: 'application/json' } });

      const finish = (
        answer: OperatorAnswer,
        outcome: 'success' | 'failure' | 'cancel',
        destroy = false,
      ): void => {
        if (destroy) {
          clearTimeout(timer);
          req.destroy();
        }
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        permit[outcome]();
        resolve(answer);
      };
      const onAbort = (): void => {
        if (isTimeoutReason(signal?.reason)) {
          finish({ kind: 'timeout' }, 'failure', true);
          return;
        }
        // Superseded or cancelled: answer at once, but let a request already on the wire finish in
        // the background (bounded by the request timeout) so its keep-alive connection survives;
        // destroying it would cost a new TCP connection on most lookups, since two of three
        // operators lose every race.
        const onTheWire = req.socket !== null && !req.socket.connecting;
        finish({ kind: 'aborted' }, 'cancel', !onTheWire);
      };
      const armedAt = performance.now();
      const timer = setTimeout(
        () =>
          finish(
            { kind: 'timeout' },
            firedLate(armedAt, options.requestTimeoutMs) ? 'cancel' : 'failure',
            true,
          ),
        options.requestTimeoutMs,
      );
      req.on('close', () => clearTimeout(timer));
      signal?.addEventListener('abort', onAbort, { once: true });

      req.on('error', (err) => finish({ kind: 'error', detail: err.message }, 'failure'));
      req.on('response', (res) => {
        const status = res.statusCode ?? 0;
        if (status !== 200) {
          res.resume(); // drain so the keep-alive socket can be reused
          if (status === 404) finish({ kind: 'not-subscriber' }, 'success');
          // Other 4xx: the service is up but refused this request; that says nothing about its health.
          else if (status >= 400 && status < 500 && status !== 429)
            finish({ kind: 'error', detail: `HTTP ${status}` }, 'success');
          else finish({ kind: 'error', detail: `HTTP ${status}` }, 'failure');
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) finish({ kind: 'error', detail: 'answer too large' }, 'failure', true);
          else chunks.push(chunk);
        });
        res.on('error', (err) => finish({ kind: 'error', detail: err.message }, 'failure'));
        res.on('aborted', () => finish({ kind: 'error', detail: 'answer cut off' }, 'failure'));
        res.on('end', () => {
          if (settled) return;
          const parsed = parseLocationAnswer(
            Buffer.concat(chunks).toString('utf8'),
            msisdn,
            options.knownMunicipalities,
          );
          if (parsed) finish(parsed, 'success');
          else finish({ kind: 'error', detail: 'malformed answer' }, 'failure');
        });
      });
      req.end();
    });
  }

  return {
    name: options.name,
    breakerState: () => breaker.state(),
    async locate(msisdn, signal) {
      if (signal?.aborted) return isTimeoutReason(signal.reason) ? { kind: 'timeout' } : { kind: 'aborted' };
      const permit = breaker.tryAcquire();
      if (!permit) return { kind: 'circuit-open' };
      return send(msisdn, permit, signal);
    },
    close() {
      agent.destroy();
    },
  };
}
