import { describe, expect, it } from 'vitest';
import type { OutboundAlert } from '../amk/alert-delivery/alert-channel.ts';
import type { RoutingRuntime } from '../routing/runtime.ts';
import { SimClock } from '../platform/time/clock.ts';
import { alertText, MAX_SDS_CHARS, nodnettAlertChannel } from './alert-channel.ts';
import { parseOperationsCentres } from './operations-centres.ts';
import { createSimulatedNodnett, FIRST_ISSI } from './simulator/simulated-nodnett.ts';

const alert = (o: Partial<OutboundAlert> = {}): OutboundAlert => ({
  deliveryId: 'd1',
  kind: 'triple-alert',
  to: { kind: 'agency', agency: 'police' },
  amkId: 'amk-bergen',
  location: { lat: 60.39131, lon: 5.32209, municipality: '4601' },
  urgency: 'akutt',
  alertId: '0123abcd-0000-4000-8000-000000000000',
  ...o,
});

/** No routing data in force: names fall back to the numbers. */
const noData = { hasData: () => false } as unknown as RoutingRuntime;

describe('the alert channel over Nødnett (AMK-3, NN-6)', () => {
  const clock = new SimClock({ start: Date.UTC(2026, 2, 2, 10) });
  const sim = createSimulatedNodnett({
    seed: 1,
    terminals: 2,
    clock,
    dispatchers: [7_900_107],
    outOfCoverage: [FIRST_ISSI + 1],
  });
  const directory = parseOperationsCentres(
    'agency,name,issi,areas\npolice,Vest politidistrikt operasjonssentral,7900107,46\n',
    'dir.csv',
  );
  const channel = nodnettAlertChannel({ port: sim, directory, runtime: noData });

  it('an agency’s alert goes to the centre the directory names for the place', async () => {
    const r = await channel.deliver(alert());
    expect(r).toMatchObject({
      outcome: 'delivered',
      addressIssi: '7900107',
      addressName: 'Vest politidistrikt operasjonssentral',
    });
    expect(sim.control.received(7_900_107).at(-1)).toMatchObject({ messageRef: r.messageRef });
  });

  it('no centre in the directory, a terminal unknown or out of coverage, the network down: outcomes, never a throw', async () => {
    expect(await channel.deliver(alert({ to: { kind: 'agency', agency: 'fire' } }))).toEqual({
      outcome: 'no-address',
      addressIssi: null,
      addressName: null,
      messageRef: null,
    });
    const group = (issi: string) =>
      alert({ kind: 'first-responder', to: { kind: 'terminal', issi, callSign: 'FR 1' } });
    expect((await channel.deliver(group('1234567'))).outcome).toBe('unknown-terminal');
    expect((await channel.deliver(group('not-an-issi'))).outcome).toBe('unknown-terminal');
    expect(await channel.deliver(group(String(FIRST_ISSI + 1)))).toMatchObject({
      outcome: 'out-of-coverage',
      addressName: 'FR 1',
    });
    sim.control.setAvailable(false);
    expect((await channel.deliver(alert())).outcome).toBe('network-unavailable');
    sim.control.setAvailable(true);
  });

  it('the text says what, from whom, how urgent, where, and a reference, within one SDS', () => {
    expect(
      alertText({ alert: alert(), amkName: 'AMK Bergen', amkNumber: '55975000', municipalityName: 'Bergen' }),
    ).toBe(
      'TRIPPELVARSLING fra AMK Bergen tlf 55975000. Hastegrad: akutt. Sted: Bergen (4601) 60.3913N 5.3221Ø. Ref 0123abcd.',
    );
    const long = alertText({
      alert: alert({ kind: 'first-responder', urgency: null }),
      amkName: 'A'.repeat(400),
      amkNumber: null,
      municipalityName: 'Bergen',
    });
    expect(long.startsWith('AKUTTHJELPERVARSEL fra AAA')).toBe(true);
    expect(long).toHaveLength(MAX_SDS_CHARS);
  });
});
