/**
 * The terminal feed: subscribes to the Nødnett port, decodes every LIP report with nodmeld's own
 * codec, and hands on plain typed values — positions, emergency alarms, status messages, and the
 * reports that could not be decoded (NN-4). In-process only: the lead's adapter maps these to the
 * AMK context's positions (`{ issi, observedAt, lat, lon, errorMetres, speedKmh, headingDeg,
 * source: 'lip' }`) and safety alarms (`{ issi, observedAt, source }`).
 *
 * Never throws into the port: a listener's fault is caught and counted, an undecodable PDU becomes
 * an `undecodable` event with the decoder's field and bit.
 */
import { decodeLip } from './lip/decode.ts';
import { lipFix } from './lip/fix.ts';
import type { LipDecodeError } from './lip/types.ts';
import type { NodnettPort, Ssi, TerminalReport } from './port.ts';

export interface NodnettPosition {
  issi: Ssi;
  /** When the fix was taken (ISO 8601; the oldest it can be when the report gives only an age bound). */
  observedAt: string;
  receivedAt: string;
  lat: number;
  lon: number;
  errorMetres: number | null;
  speedKmh: number | null;
  headingDeg: number | null;
  source: 'lip';
}

export interface NodnettEmergencyAlarm {
  issi: Ssi;
  observedAt: string;
  /** `lip`: a location report with reason "emergency condition detected"; `network`: the network's own alarm signal. */
  source: 'lip' | 'network';
  /** The position that came with it, if any. */
  position: NodnettPosition | null;
}

export type NodnettFeedEvent =
  | { kind: 'position'; position: NodnettPosition }
  | { kind: 'emergency-alarm'; alarm: NodnettEmergencyAlarm }
  | { kind: 'status'; issi: Ssi; receivedAt: string; status: number }
  /** A text sent to the terminal was read there (SDS-TL consumed report; the alert channel's). */
  | { kind: 'sds-report'; issi: Ssi; receivedAt: string; messageRef: number; report: 'consumed' }
  | {
      kind: 'undecodable';
      issi: Ssi;
      receivedAt: string;
      error: LipDecodeError | { code: 'no-position'; reason: string };
    };

export interface FeedCounts {
  positions: number;
  alarms: number;
  statuses: number;
  sdsReports: number;
  undecodable: number;
  listenerErrors: number;
}

/** Counts before the first report (and of a network that is off). */
export const noFeedCounts = (): FeedCounts => ({
  positions: 0,
  alarms: 0,
  statuses: 0,
  sdsReports: 0,
  undecodable: 0,
  listenerErrors: 0,
});

export interface TerminalFeed {
  /** Calls `listener` with every event, in report order. */
  subscribe(listener: (event: NodnettFeedEvent) => void): () => void;
  counts(): FeedCounts;
  stop(): void;
}

/** The events one terminal report gives (pure apart from the decode; exported for tests and adapters). */
export function eventsOf(report: TerminalReport): NodnettFeedEvent[] {
  switch (report.kind) {
    case 'status':
      return [{ kind: 'status', issi: report.issi, receivedAt: report.receivedAt, status: report.status }];
    case 'sds-report':
      return [{ ...report }];
    case 'emergency-alarm':
      return [
        {
          kind: 'emergency-alarm',
          alarm: { issi: report.issi, observedAt: report.receivedAt, source: 'network', position: null },
        },
      ];
    case 'location': {
      const decoded = decodeLip(
        report.lip,
        report.bitLength === undefined ? {} : { bitLength: report.bitLength },
      );
      if (!decoded.ok)
        return [
          { kind: 'undecodable', issi: report.issi, receivedAt: report.receivedAt, error: decoded.error },
        ];
      const fix = lipFix(decoded.pdu, Date.parse(report.receivedAt));
      if (!fix.ok) {
        const noPosition = { code: 'no-position' as const, reason: fix.reason };
        // An emergency without a usable position is still an emergency.
        const ad = decoded.pdu.additionalData;
        const alarm: NodnettFeedEvent[] =
          ad.type === 'reason-for-sending' && ad.reason === 2
            ? [
                {
                  kind: 'emergency-alarm',
                  alarm: { issi: report.issi, observedAt: report.receivedAt, source: 'lip', position: null },
                },
              ]
            : [];
        return [
          ...alarm,
          { kind: 'undecodable', issi: report.issi, receivedAt: report.receivedAt, error: noPosition },
        ];
      }
      const f = fix.fix;
      const position: NodnettPosition = {
        issi: report.issi,
        observedAt: f.observedAt,
        receivedAt: report.receivedAt,
        lat: f.lat,
        lon: f.lon,
        errorMetres: f.errorMetres,
        speedKmh: f.speedKmh,
        headingDeg: f.headingDeg,
        source: 'lip',
      };
      const events: NodnettFeedEvent[] = [{ kind: 'position', position }];
      if (f.emergency)
        events.unshift({
          kind: 'emergency-alarm',
          alarm: { issi: report.issi, observedAt: f.observedAt, source: 'lip', position },
        });
      return events;
    }
  }
}

/** Starts decoding the port's reports for in-process listeners. */
export function createTerminalFeed(port: NodnettPort): TerminalFeed {
  const listeners = new Set<(event: NodnettFeedEvent) => void>();
  const counts = noFeedCounts();
  const unsubscribe = port.subscribe((report) => {
    for (const event of eventsOf(report)) {
      if (event.kind === 'position') counts.positions += 1;
      else if (event.kind === 'emergency-alarm') counts.alarms += 1;
      else if (event.kind === 'status') counts.statuses += 1;
      else if (event.kind === 'sds-report') counts.sdsReports += 1;
      else counts.undecodable += 1;
      for (const l of listeners) {
        try {
          l(event);
        } catch {
          counts.listenerErrors += 1;
        }
      }
    }
  });
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    counts: () => ({ ...counts }),
    stop() {
      unsubscribe();
      listeners.clear();
    },
  };
}
