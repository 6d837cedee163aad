/**
 * A position report from a Nødnett terminal (ETSI LIP, decoded by the Nødnett adapter), another
 * source through the JSON input, or the simulator (NN-4). What `record-positions` takes.
 */

export const POSITION_SOURCES = ['lip', 'json', 'simulator'] as const;
export type PositionSource = (typeof POSITION_SOURCES)[number];

/**
 * Where a safety alarm came from: a LIP report with reason "emergency condition detected", the
 * network's own emergency signal, the JSON input, or the simulator.
 */
export const ALARM_SOURCES = ['lip', 'network', 'json', 'simulator'] as const;
export type AlarmSource = (typeof ALARM_SOURCES)[number];

export interface PositionReport {
  /** The terminal's ISSI (digits). */
  issi: string;
  /** When the terminal observed the position (ISO instant). */
  observedAt: string;
  /** WGS 84 degrees. */
  lat: number;
  lon: number;
  /** Position error (radius, metres) as reported; null when unknown. */
  errorMetres: number | null;
  speedKmh: number | null;
  /** Direction of travel, degrees clockwise from north. */
  headingDeg: number | null;
  source: PositionSource;
}

/** A point of a track or a latest position, as the read model gives it. */
export interface TrackPoint {
  observedAt: string;
  lat: number;
  lon: number;
  errorMetres: number | null;
  speedKmh: number | null;
  headingDeg: number | null;
}

/** Whether a position observed at `observedAtMs` is stale at `nowMs` (older than `maxAgeMs`). */
export const isStale = (observedAtMs: number, nowMs: number, maxAgeMs: number): boolean =>
  nowMs - observedAtMs > maxAgeMs;
