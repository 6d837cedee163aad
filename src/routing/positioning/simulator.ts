/**
 * Simulated location service of one mobile operator (RT-3), for tests, demos and benchmarks.
 *
 * Everything about a number is decided by hashing it, so runs are reproducible and the three
 * simulators agree without talking to each other:
 * - which operator's subscriber it is (by market share; every number belongs to exactly one);
 * - where it is: a population-weighted municipality (same number, same place unless overridden);
 * - its cell id and accuracy.
 * Latency and failures come from a seeded random sequence.
 *
 * API: `GET /v1/location?msisdn=47XXXXXXXX` → 200 `{msisdn, municipality, cellId, accuracyM}`
 * (own subscriber), 404 (someone else's), 400 (not a Norwegian MSISDN), 503 (at `failureRate`).
 * `GET /healthz` → 200 `{status:"ok", operator}`.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { toMsisdn } from './port.ts';
import { mulberry32 } from '../../platform/seeded-random.ts';

/** Rough Norwegian mobile market split by subscriptions; only the proportions matter. */
export const DEFAULT_SUBSCRIBER_SHARE: Readonly<Record<string, number>> = {
  telenor: 0.47,
  telia: 0.36,
  ice: 0.17,
};

/** What a simulator answers at `unknownRate`: a well-formed number that is no municipality. */
export const UNKNOWN_MUNICIPALITY = '9999';

export interface SimulatorBehaviour {
  latencyMs: { mean: number; jitter: number };
  /** Share of requests answered 503. */
  failureRate: number;
  /** Share of own-subscriber answers naming an unknown municipality. */
  unknownRate: number;
}

export interface LocationSimulatorOptions extends SimulatorBehaviour {
  host?: string;
  /** 0 picks a free port. */
  port: number;
  operator: string;
  /**
   * Market split among all operators (same object for all simulators, so each number has one
   * owner). Default `DEFAULT_SUBSCRIBER_SHARE`; `operator` must be one of its keys.
   */
  subscriberShare?: Record<string, number>;
  municipalities: { number: string; population: number }[];
  /** Fixed positions: number (any form `toMsisdn` accepts) → municipality. Only own subscribers. */
  overrides?: Record<string, string>;
  /** Seed of the latency/failure sequence. Default 1. */
  seed?: number;
  /** Requests waiting for their latency at most; more get 503. Default 10 000. */
  maxPending?: number;
}

export interface SimulatorStats {
  requests: number;
  located: number;
  notSubscriber: number;
  failed: number;
  unknown: number;
  rejected: number;
}

export interface LocationSimulator {
  url: string;
  close(): Promise<void>;
  /** Changes latency/failure behaviour while running (tests of slow or failing operators). */
  update(behaviour: Partial<SimulatorBehaviour>): void;
  stats(): SimulatorStats;
}

/** Uniform value in [0, 1) from a hash of `salt:value`. */
export function hashUnit(salt: string, value: string): number {
  const digest = createHash('sha256').update(`${salt}:${value}`).digest();
  return digest.readUIntBE(0, 6) / 2 ** 48;
}

/** The operator whose subscriber `msisdn` is, under the given market split. */
export function subscriberOperator(
  msisdn: string,
  share: Record<string, number> = DEFAULT_SUBSCRIBER_SHARE,
): string {
  const entries = Object.entries(share).sort(([a], [b]) => a.localeCompare(b));
  const total = entries.reduce((sum, [, s]) => sum + s, 0);
  let point = hashUnit('owner', msisdn) * total;
  for (const [name, s] of entries) {
    if (point < s) return name;
    point -= s;
  }
  return entries[entries.length - 1]?.[0] ?? '';
}

/** Deterministic population-weighted municipality picker. */
export function createMunicipalityPicker(
  municipalities: { number: string; population: number }[],
): (msisdn: string) => string {
  const valid = municipalities.filter(
    (m) => /^\d{4}$/.test(m.number) && Number.isFinite(m.population) && m.population > 0,
  );
  if (valid.length === 0)
    throw new RangeError('simulator: no municipality with a 4-digit number and a positive population');
  const sorted = [...valid].sort((a, b) => a.number.localeCompare(b.number));
  const cumulative: number[] = [];
  let total = 0;
  for (const m of sorted) {
    total += m.population;
    cumulative.push(total);
  }
  return (msisdn) => {
    const point = hashUnit('place', msisdn) * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] ?? 0) > point) hi = mid;
      else lo = mid + 1;
    }
    return sorted[lo]?.number ?? '';
  };
}

const seededRandom = mulberry32;

function checkBehaviour(b: SimulatorBehaviour): void {
  const rate = (name: string, v: number): void => {
    if (!(v >= 0 && v <= 1)) throw new RangeError(`simulator: ${name} must be between 0 and 1, got ${v}`);
  };
  rate('failureRate', b.failureRate);
  rate('unknownRate', b.unknownRate);
  if (!(b.latencyMs.mean >= 0) || !(b.latencyMs.jitter >= 0))
    throw new RangeError('simulator: latency mean and jitter must be ≥ 0');
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Starts a simulator; resolves once it listens. Rejects on bad options or if the port is taken. */
export async function startLocationSimulator(options: LocationSimulatorOptions): Promise<LocationSimulator> {
  const share = options.subscriberShare ?? DEFAULT_SUBSCRIBER_SHARE;
  if (!(options.operator in share)) {
    throw new RangeError(
      `simulator: operator "${options.operator}" is not in the subscriber share (${Object.keys(share).join(', ')})`,
    );
  }
  const behaviour: SimulatorBehaviour = {
    latencyMs: { ...options.latencyMs },
    failureRate: options.failureRate,
    unknownRate: options.unknownRate,
  };
  checkBehaviour(behaviour);
  const pick = createMunicipalityPicker(options.municipalities);
  const overrides = new Map<string, string>();
  for (const [number, municipality] of Object.entries(options.overrides ?? {})) {
    const msisdn = toMsisdn(number);
    if (msisdn === null) throw new RangeError(`simulator: override key "${number}" is not a phone number`);
    overrides.set(msisdn, municipality);
  }
  const random = seededRandom(options.seed ?? 1);
  const maxPending = options.maxPending ?? 10_000;
  const pending = new Set<NodeJS.Timeout>();
  const stats: SimulatorStats = {
    requests: 0,
    located: 0,
    notSubscriber: 0,
    failed: 0,
    unknown: 0,
    rejected: 0,
  };

  function answer(msisdn: string): { status: number; body: unknown } {
    if (random() < behaviour.failureRate) {
      stats.failed += 1;
      return { status: 503, body: { error: 'location service unavailable' } };
    }
    if (subscriberOperator(msisdn, share) !== options.operator) {
      stats.notSubscriber += 1;
      return { status: 404, body: { error: 'not a subscriber' } };
    }
    let municipality = overrides.get(msisdn) ?? pick(msisdn);
    if (random() < behaviour.unknownRate) {
      municipality = UNKNOWN_MUNICIPALITY;
      stats.unknown += 1;
    } else {
      stats.located += 1;
    }
    const cell = Math.floor(hashUnit('cell', msisdn) * 10_000);
    const accuracyM = 50 + Math.round(hashUnit('accuracy', msisdn) * 4_950);
    return {
      status: 200,
      body: { msisdn, municipality, cellId: `${options.operator}-${municipality}-${cell}`, accuracyM },
    };
  }

  function latency(): number {
    const { mean, jitter } = behaviour.latencyMs;
    return Math.max(0, mean + (random() * 2 - 1) * jitter);
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://simulator');
    if (req.method !== 'GET') {
      sendJson(res, 405, { error: 'method not allowed' });
      return;
    }
    if (url.pathname === '/healthz') {
      sendJson(res, 200, { status: 'ok', operator: options.operator });
      return;
    }
    if (url.pathname !== '/v1/location') {
      sendJson(res, 404, { error: 'no such resource' });
      return;
    }
    stats.requests += 1;
    const msisdn = url.searchParams.get('msisdn') ?? '';
    if (!/^47\d{8}$/.test(msisdn)) {
      stats.rejected += 1;
      sendJson(res, 400, { error: 'msisdn must be 47 followed by 8 digits' });
      return;
    }
    if (pending.size >= maxPending) {
      stats.failed += 1;
      sendJson(res, 503, { error: 'overloaded' });
      return;
    }
    const { status, body } = answer(msisdn);
    const timer = setTimeout(() => {
      pending.delete(timer);
      if (!res.destroyed) sendJson(res, status, body);
    }, latency());
    pending.add(timer);
    // The client gave up (e.g. another operator answered first): forget the answer.
    res.on('close', () => {
      clearTimeout(timer);
      pending.delete(timer);
    });
  });
  server.keepAliveTimeout = 5_000;
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.maxConnections = 2_048;
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Errors after start (e.g. EMFILE) must not crash the process that hosts the simulator.
  server.on('error', () => undefined);
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;

  return {
    url: `http://${host}:${address.port}`,
    update(change) {
      const next: SimulatorBehaviour = {
        latencyMs: { ...behaviour.latencyMs, ...change.latencyMs },
        failureRate: change.failureRate ?? behaviour.failureRate,
        unknownRate: change.unknownRate ?? behaviour.unknownRate,
      };
      checkBehaviour(next);
      Object.assign(behaviour, next);
    },
    stats: () => ({ ...stats }),
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const timer of pending) clearTimeout(timer);
        pending.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
