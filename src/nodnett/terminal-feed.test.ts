/**
 * The terminal feed turns raw network reports into plain typed events (NN-4): positions through
 * the real LIP decoder, alarms from LIP or from the network, statuses, and undecodable PDUs named.
 */
import { describe, expect, it } from 'vitest';
import { encodeLip } from './lip/encode.ts';
import type { LongLocationReport } from './lip/types.ts';
import { eventsOf } from './terminal-feed.ts';

const RX = '2026-12-07T06:00:00.000Z';

describe('terminal feed (NN-4)', () => {
  it('a short report becomes a position in the AMK adapter’s shape', () => {
    const lip = encodeLip({
      type: 'short-location-report',
      timeElapsed: 0,
      longitude: 11.25,
      latitude: 61.875,
      positionError: 1,
      horizontalVelocity: 20,
      directionOfTravel: 8,
      additionalData: { type: 'reason-for-sending', reason: 129 },
    });
    expect(eventsOf({ kind: 'location', issi: 7_000_001, receivedAt: RX, lip })).toEqual([
      {
        kind: 'position',
        position: {
          issi: 7_000_001,
          observedAt: '2026-12-07T05:59:55.000Z',
          receivedAt: RX,
          lat: 61.875,
          lon: 11.25,
          errorMetres: 20,
          speedKmh: 20,
          headingDeg: 180,
          source: 'lip',
        },
      },
    ]);
  });

  it('NN-4: an emergency LIP report gives the alarm first, then the position', () => {
    const lip = encodeLip({
      type: 'short-location-report',
      timeElapsed: 0,
      longitude: 11.25,
      latitude: 61.875,
      positionError: 1,
      horizontalVelocity: 0,
      directionOfTravel: 0,
      additionalData: { type: 'reason-for-sending', reason: 2 },
    });
    const events = eventsOf({ kind: 'location', issi: 5, receivedAt: RX, lip });
    expect(events.map((e) => e.kind)).toEqual(['emergency-alarm', 'position']);
  });

  it('NN-4: an emergency report with no location shape is still an alarm (and says why there is no position)', () => {
    const pdu: LongLocationReport = {
      type: 'long-location-report',
      time: { type: 'none' },
      location: { shape: 'none' },
      velocity: {
        type: 0,
        horizontalVelocity: null,
        horizontalVelocityUncertainty: null,
        verticalVelocity: null,
        verticalVelocityUncertainty: null,
        directionOfTravelExtended: null,
        directionOfTravelUncertainty: null,
      },
      acknowledgementRequested: false,
      additionalData: { type: 'reason-for-sending', reason: 2 },
      optionalElements: null,
    };
    const events = eventsOf({ kind: 'location', issi: 5, receivedAt: RX, lip: encodeLip(pdu) });
    expect(events).toEqual([
      { kind: 'emergency-alarm', alarm: { issi: 5, observedAt: RX, source: 'lip', position: null } },
      { kind: 'undecodable', issi: 5, receivedAt: RX, error: { code: 'no-position', reason: 'no-location' } },
    ]);
  });

  it('the network’s own alarm signal and status messages pass through', () => {
    expect(eventsOf({ kind: 'emergency-alarm', issi: 9, receivedAt: RX })).toEqual([
      { kind: 'emergency-alarm', alarm: { issi: 9, observedAt: RX, source: 'network', position: null } },
    ]);
    expect(eventsOf({ kind: 'status', issi: 9, receivedAt: RX, status: 0x8002 })).toEqual([
      { kind: 'status', issi: 9, receivedAt: RX, status: 0x8002 },
    ]);
    // AMK-3: the read report of an alert's text, with its message reference.
    expect(
      eventsOf({ kind: 'sds-report', issi: 7900107, receivedAt: RX, messageRef: 17, report: 'consumed' }),
    ).toEqual([{ kind: 'sds-report', issi: 7900107, receivedAt: RX, messageRef: 17, report: 'consumed' }]);
    expect(eventsOf({ kind: 'status', issi: 9, receivedAt: RX, status: 0x8002 })).toEqual([
      { kind: 'status', issi: 9, receivedAt: RX, status: 0x8002 },
    ]);
  });

  it('a malformed PDU becomes an undecodable event naming the field and bit', () => {
    const events = eventsOf({ kind: 'location', issi: 9, receivedAt: RX, lip: new Uint8Array([0x00, 0x01]) });
    expect(events).toEqual([
      {
        kind: 'undecodable',
        issi: 9,
        receivedAt: RX,
        error: expect.objectContaining({ code: 'truncated', field: 'longitude', bitOffset: 4 }),
      },
    ]);
  });
});
