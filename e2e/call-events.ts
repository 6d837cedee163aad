/**
 * The calls the browser tests report on: a week (Monday 2 – Sunday 8 March 2026) at Bergen
 * legevaktsentral, callers from Bergen and Askøy — quick and slow answers, calls lost in the voice
 * menu and while ringing, one misrouted call handed over to AMK. Recorded by start-server.ts
 * through the calls module's `record` (until the calls store has its ingest API).
 */
import type { CallEvent } from '../src/calls/domain/call-event.ts';
import { scriptCallEvents } from '../src/calls/testing/call-events.ts';

const at = (iso: string) => Date.parse(iso);

/** The factory's placeholder ids, as centres of the national data set (names on the page, not ids). */
function inNationalData(e: CallEvent): CallEvent {
  if (e.type === 'misrouted' && e.correctCentreId === 'lv-b') return { ...e, correctCentreId: 'lv-baerum' };
  if (e.type === 'transferred' && e.target.id === 'amk-a')
    return { ...e, target: { ...e.target, id: 'amk-bergen' } };
  return e;
}

export function e2eCallEvents(): CallEvent[] {
  const events: CallEvent[] = [];
  for (let day = 2; day <= 8; day++) {
    const date = `2026-03-0${day}`;
    for (let i = 0; i < 6; i++) {
      const hour = String(8 + i * 2).padStart(2, '0');
      events.push(
        ...scriptCallEvents({
          callId: `e2e-${day}-${i}`,
          centreId: 'lv-bergen',
          municipality: i % 3 === 0 ? '4627' : '4601',
          offeredAt: at(`${date}T${hour}:00:00+01:00`),
          menuMs: 20_000,
          // Mostly within 2 minutes; some slow; Saturday evening very slow.
          ...(i === 5
            ? { abandonAfterMs: 240_000 }
            : { answerMs: day === 7 && i === 4 ? 900_000 : 15_000 + i * 30_000, talkMs: 120_000 }),
        }),
      );
    }
  }
  events.push(
    ...scriptCallEvents({
      callId: 'e2e-misrouted',
      centreId: 'lv-bergen',
      municipality: '4601',
      offeredAt: at('2026-03-04T22:30:00+01:00'),
      answerMs: 40_000,
      talkMs: 60_000,
      misrouted: true,
      transferToAmk: true,
    }),
    ...scriptCallEvents({
      callId: 'e2e-menu',
      centreId: 'lv-bergen',
      municipality: '4601',
      offeredAt: at('2026-03-05T03:00:00+01:00'),
      menuMs: 30_000,
      abandonInMenu: true,
    }),
  );
  return events.map(inNationalData);
}
