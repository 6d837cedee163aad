/**
 * The voice menu's B2BUA hand-over recorded in the calls record (issue 13 part 1, docs/voice.md),
 * on PGlite and PostgreSQL: routing, telephony (SIP in voice-menu mode, `b2bua` hand-over) and
 * calls mounted as `nodmeld start` mounts them, a caller on nodmeld's SIP user agent with audio,
 * and **sipp as the centre** (`centre-*.xml`). The second leg's outcome reaches the calls record
 * through the port telephony offers (`onHandoffOutcome`) and the calls module's batched recorder
 * — no database write on the call's path — as the call's event beside its `routed` event: the
 * centre answered → `offered`; busy → `ended` by the system, `centre-busy`; no answer in time →
 * `ended`, `centre-no-answer`; each at the instant the outcome came.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../../platform/db/testing.ts';
import { until } from '../../platform/testing/until.ts';
import { compileRoutingData } from '../../routing/domain/compile.ts';
import { buildDataSet } from '../../routing/domain/testing.ts';
import { createRoutingTestApp, type RoutingTestApp } from '../../routing/testing-app.ts';
import { telephonyModule } from '../../telephony/module.ts';
import { placeAudioCall, type AudioCall } from '../../telephony/sip-client/audio-call.ts';
import { SipUserAgent } from '../../telephony/sip-client/user-agent.ts';
import { freeUdpPort, requireSipp, startSippCentre } from '../../telephony/sip/testing.ts';
import { writeTonePrompts } from '../../telephony/voice/testing.ts';
import { callsModule } from '../module.ts';

/** Bergen by its number series in the factory data set: area routing connects it at once. */
const CALLER = '55501234';

let dir: string;
let prompts: string;

beforeAll(async () => {
  requireSipp();
  dir = await mkdtemp(path.join(tmpdir(), 'nodmeld-handoff-'));
  // Every prompt the menus can say, as a short tone (what is played is not under test here).
  prompts = path.join(dir, 'prompts');
  writeTonePrompts(prompts, compileRoutingData(buildDataSet(), 1));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.each(dbKinds())(
  'the B2BUA hand-over’s outcome as the call’s event on %s (issue 13, RT-4)',
  (kind) => {
    let t: RoutingTestApp;
    let ua: SipUserAgent;
    let sipPort: number;
    let centrePort: number;
    const calls: AudioCall[] = [];

    beforeAll(async () => {
      // Two ports free a moment ago, and not the same one (each was closed before the next was asked for).
      sipPort = await freeUdpPort();
      do centrePort = await freeUdpPort();
      while (centrePort === sipPort);
      const rtp = 20000 + 2 * Math.floor(Math.random() * 9000);
      t = await createRoutingTestApp({
        kind,
        more: [telephonyModule, callsModule],
        env: {
          HOST: '127.0.0.1',
          PORT: '0',
          NODMELD_SIP_ENABLED: 'true',
          NODMELD_SIP_HOST: '127.0.0.1',
          NODMELD_SIP_PORT: String(sipPort),
          NODMELD_SIP_MODE: 'voice-menu',
          NODMELD_SIP_VOICE_HANDOFF: 'b2bua',
          NODMELD_SIP_DEFAULT_GATEWAY: `127.0.0.1:${centrePort}`,
          NODMELD_SIP_RTP_PORTS: `${rtp}-${rtp + 39}`,
          NODMELD_SIP_MENU_INPUT_TIMEOUT_MS: '300',
          NODMELD_SIP_VOICE_ANSWER_TIMEOUT_MS: '1500',
          NODMELD_PROMPTS_GENERATED_DIR: prompts,
        },
      });
      await t.system.listen();
      ua = await SipUserAgent.open({ t1Ms: 100 });
    }, 60_000);
    afterAll(async () => {
      for (const c of calls) c.close();
      await ua?.close();
      await t?.close();
    });

    const record = (id: string) =>
      t.app.inject({
        method: 'GET',
        url: `/api/v1/calls/${encodeURIComponent(id)}`,
        headers: { authorization: `Bearer ${t.adminToken}` },
      });

    /** The call's events once both its routed event and its hand-over's event are on record. */
    async function eventsOf(callId: string): Promise<{ type: string; [k: string]: unknown }[]> {
      let events: { type: string; eventId: string }[] = [];
      await until(async () => {
        const r = await record(callId);
        if (r.statusCode !== 200) return false;
        events = r.json().events;
        return events.some((e) => e.eventId === `handoff:${callId}`);
      }, 'the hand-over’s event on record');
      return events;
    }

    async function dial(): Promise<AudioCall> {
      const c = await placeAudioCall(ua, {
        target: { host: '127.0.0.1', port: sipPort },
        uri: `sip:116117@127.0.0.1:${sipPort}`,
        callingNumber: CALLER,
        headers: ['X-Nodmeld-Network: fixed'],
        timeoutMs: 10_000,
        sendAudio: true,
      });
      calls.push(c);
      expect(c.outcome.status).toBe(200);
      return c;
    }

    it(
      'the centre answers: the call’s offered event for its centre, after its routed event',
      { timeout: 60_000 },
      async () => {
        const { done: run } = await startSippCentre('centre-answer.xml', centrePort);
        const c = await dial();
        const events = await eventsOf(c.callId);
        const routed = events.find((e) => e.type === 'routed')!;
        expect(routed).toMatchObject({ source: 'sip-redirect', decision: { method: 'number-series' } });
        const centreId = (routed.decision as { centreId: string }).centreId;
        const offered = events.find((e) => e.eventId === `handoff:${c.callId}`)!;
        expect(offered).toMatchObject({
          type: 'offered',
          source: 'sip-redirect',
          calledNumber: '116117',
          centreId,
        });
        expect(Date.parse(offered.occurredAt as string)).toBeGreaterThanOrEqual(
          Date.parse(routed.occurredAt as string),
        );
        expect((await record(c.callId)).json().call).toMatchObject({ state: 'offered', centreId });
        expect(await c.dialog.bye()).toBe(200);
        const r = await run;
        expect(r.code, r.errors || r.log).toBe(0);
      },
    );

    it('a busy centre: the call ended by the system, centre-busy', { timeout: 60_000 }, async () => {
      const { done: run } = await startSippCentre('centre-busy.xml', centrePort);
      const c = await dial();
      const events = await eventsOf(c.callId);
      expect(events.find((e) => e.eventId === `handoff:${c.callId}`)).toMatchObject({
        type: 'ended',
        by: 'system',
        reason: 'centre-busy',
      });
      expect((await record(c.callId)).json().call).toMatchObject({ state: 'ended' });
      expect((await run).code).toBe(0);
    });

    it(
      'a centre that does not answer in time: CANCEL, the call ended by the system, centre-no-answer',
      {
        timeout: 60_000,
      },
      async () => {
        const { done: run } = await startSippCentre('centre-rings.xml', centrePort);
        const c = await dial();
        const events = await eventsOf(c.callId);
        expect(events.find((e) => e.eventId === `handoff:${c.callId}`)).toMatchObject({
          type: 'ended',
          by: 'system',
          reason: 'centre-no-answer',
        });
        const r = await run;
        expect(r.code, r.errors || r.log).toBe(0);
      },
    );
  },
);
