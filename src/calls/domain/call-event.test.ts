import { describe, expect, expectTypeOf, it } from 'vitest';
import type { RoutingMethod } from '../../routing/domain/types.ts';
import { callEventSchema, routingMethods, serviceOfCalledNumber } from './call-event.ts';
import { scriptCallEvents } from '../testing/call-events.ts';

describe('call events (issue 10)', () => {
  it('the routing methods recorded are exactly the routing engine’s', () => {
    expectTypeOf<(typeof routingMethods)[number]>().toEqualTypeOf<RoutingMethod>();
    expect(new Set(routingMethods).size).toBe(7);
  });

  it('accepts every event of a scripted call', () => {
    const events = scriptCallEvents({
      callId: 'c1',
      offeredAt: Date.UTC(2026, 0, 5, 10),
      menuMs: 20_000,
      answerMs: 30_000,
      talkMs: 60_000,
      transferToAmk: true,
      misrouted: true,
      callbackRequested: true,
    });
    expect(events.map((e) => e.type)).toEqual([
      'routed',
      'offered',
      'queued',
      'ringing',
      'callback-requested',
      'answered',
      'misrouted',
      'transferred',
      'ended',
    ]);
    for (const e of events) expect(callEventSchema.parse(e)).toEqual(e);
  });

  it('called numbers: 116117, 113 and a centre’s 8-digit number; nothing else', () => {
    const offered = (calledNumber: string) => ({
      eventId: 'e1',
      callId: 'c1',
      occurredAt: '2026-01-05T11:00:00.000+01:00',
      source: 'centre-telephony',
      type: 'offered',
      calledNumber,
      centreId: 'lv-a',
    });
    for (const n of ['116117', '113', '55512345'])
      expect(callEventSchema.safeParse(offered(n)).success).toBe(true);
    for (const n of ['112', '1161170', '5551234', '+4755512345', '']) {
      expect(callEventSchema.safeParse(offered(n)).success).toBe(false);
    }
    expect(serviceOfCalledNumber('113')).toBe('amk');
    expect(serviceOfCalledNumber('116117')).toBe('legevakt');
    expect(serviceOfCalledNumber('55512345')).toBe('legevakt');
  });

  it('refuses an instant without an offset, an unknown type and a transfer without an outcome', () => {
    const base = { eventId: 'e1', callId: 'c1', source: 'centre-telephony' };
    expect(
      callEventSchema.safeParse({ ...base, type: 'abandoned', occurredAt: '2026-01-05T11:00:00' }).success,
    ).toBe(false);
    expect(
      callEventSchema.safeParse({ ...base, type: 'hung-up', occurredAt: '2026-01-05T11:00:00Z' }).success,
    ).toBe(false);
    expect(
      callEventSchema.safeParse({
        ...base,
        type: 'transferred',
        occurredAt: '2026-01-05T11:00:00Z',
        target: { kind: 'amk' },
      }).success,
    ).toBe(false);
  });
});
