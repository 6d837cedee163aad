import { describe, expect, it } from 'vitest';
import { missingAcknowledgements, recipientsOf } from './triple-alert.ts';

describe('triple alert recipients (AMK-3)', () => {
  it('police, fire and every other affected AMK once; HRS only when chosen', () => {
    expect(
      recipientsOf({
        amkId: 'amk-bergen',
        affectedAmkIds: ['amk-forde', 'amk-bergen', 'amk-forde'],
        rescueCoordination: false,
      }).map((r) => r.recipient),
    ).toEqual(['police', 'fire', 'amk:amk-forde']);
    expect(
      recipientsOf({ amkId: 'amk-bergen', affectedAmkIds: [], rescueCoordination: true }).map(
        (r) => r.recipient,
      ),
    ).toEqual(['police', 'fire', 'rescue-coordination']);
  });

  it('the missing acknowledgements', () => {
    expect(
      missingAcknowledgements([
        { recipient: 'police', acknowledgedAt: '2026-03-02T10:00:05Z' },
        { recipient: 'fire', acknowledgedAt: null },
      ]),
    ).toEqual(['fire']);
  });
});
