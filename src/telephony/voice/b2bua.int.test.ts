/**
 * The voice menu's B2BUA hand-over (issue 13 part 1, docs/voice.md): the server in voice-menu
 * mode on 127.0.0.1 with the real menu state machine on the default data set, a caller on
 * nodmeld's one SIP user agent (`sip-client/`: a kept dialog and an RTP endpoint) and **sipp as the centre** (UAS scenarios
 * `centre-*.xml`; `-rtp_echo` sends every RTP packet it gets back to its sender). After the menu
 * nodmeld calls the centre itself and bridges the RTP: the caller's audio reaches the centre and
 * comes back, in the caller's one stream; hang-up on either side ends both legs; busy and
 * cancelled legs are handled; everything is freed.
 */
import dgram from 'node:dgram';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadDefaultDataSet } from '../../routing/data/load.ts';
import { DEFAULT_TEST_NUMBERS } from '../../routing/data/default-test-numbers.ts';
import type { DecisionNotice } from '../../routing/decide-call.ts';
import { compileRoutingData, type CompiledRoutingData } from '../../routing/domain/compile.ts';
import { DEFAULT_POLICY, type OperationalState } from '../../routing/domain/types.ts';
import { toneG711 } from '../media/tones.ts';
import type { SipConfigInput } from '../sip/config.ts';
import { startSipServer, type SipServer } from '../sip/server.ts';
import {
  buildConnectDecision,
  createFakeCallRouter,
  freeUdpPort,
  requireSipp,
  startSippCentre,
} from '../sip/testing.ts';
import type { SipRequest } from '../sip/message.ts';
import { placeAudioCall, type AudioCall } from '../sip-client/audio-call.ts';
import { SipUserAgent, type ReferReply } from '../sip-client/user-agent.ts';
import { fakePrompts, sleep } from './testing.ts';
import type { HandoffNotice, VoiceMenuPort } from './voice-port.ts';

const CALLER = DEFAULT_TEST_NUMBERS.bergenIncumbent.number;
const DECISION = buildConnectDecision({ centreId: 'lv-bergen', connectTo: '55500046' });
/** A frame the caller sends, unlike silence (0xd5) or any tone: it must come back through the centre. */
const VOICE = new Uint8Array(160).fill(0x2a);

let data: CompiledRoutingData;
const state: OperationalState = { reroutes: [], unavailableCentreIds: [] };
const told: DecisionNotice[] = [];
const outcomes: HandoffNotice[] = [];
const prompts = fakePrompts(60);
const open: { server?: SipServer; ua?: SipUserAgent; caller?: AudioCall }[] = [];
/** The REFERs the caller received, with their reply. */
const refers: { refer: SipRequest; reply: ReferReply }[] = [];
let rtpBase = 0;

const port: VoiceMenuPort = {
  decide: () => ({ decision: DECISION }),
  menuContext: (callingNumber) => ({ data, state, at: Date.now(), policy: DEFAULT_POLICY, callingNumber }),
  handedOver: (n) => told.push(n),
  handoffOutcome: (n) => outcomes.push(n),
};

beforeAll(async () => {
  requireSipp();
  data = compileRoutingData(await loadDefaultDataSet(), 1);
}, 60_000);

afterEach(async () => {
  for (const o of open.splice(0)) {
    o.caller?.close();
    await o.ua?.close();
    await o.server?.close();
  }
  refers.length = 0;
  told.length = 0;
  outcomes.length = 0;
});

afterAll(() => {
  expect(open).toEqual([]);
});

/** A server whose centres are all reached at sipp's port (`NODMELD_SIP_DEFAULT_GATEWAY`). */
async function startServer(
  centrePort: number,
  handoff: 'b2bua' | 'refer-or-b2bua',
  voice: Partial<NonNullable<SipConfigInput['voice']>> = {},
): Promise<SipServer> {
  rtpBase = 40000 + 2 * Math.floor(Math.random() * 4000);
  const server = await startSipServer({
    config: {
      host: '127.0.0.1',
      port: 0,
      mode: 'voice-menu',
      defaultGateway: `127.0.0.1:${centrePort}`,
      voice: {
        rtpPortMin: rtpBase,
        rtpPortMax: rtpBase + 19,
        inputTimeoutMs: 300,
        rtpTimeoutMs: 5000,
        handoff,
        bridgeAnswerTimeoutMs: 8000,
        ...voice,
      },
      timers: { t1Ms: 100, t2Ms: 400, t4Ms: 500 },
    },
    router: createFakeCallRouter(() => ({ decision: DECISION })),
    voice: { port, prompts },
  });
  open.push({ server });
  return server;
}

/** The caller: dials 116117, takes the 200, ACKs and sends audio; presses nothing (area routing). */
async function dial(server: SipServer): Promise<AudioCall> {
  const ua = await SipUserAgent.open({ t1Ms: 100 });
  open[open.length - 1]!.ua = ua;
  const c = await placeAudioCall(ua, {
    target: { host: '127.0.0.1', port: server.udpPort },
    uri: `sip:116117@127.0.0.1:${server.udpPort}`,
    callingNumber: CALLER,
    headers: ['X-Nodmeld-Network: fixed'],
    timeoutMs: 5000,
    sendAudio: VOICE,
    codecs: ['PCMA'],
  });
  open[open.length - 1]!.caller = c;
  expect(c.outcome.status).toBe(200);
  c.dialog.onRefer = (refer, reply) => refers.push({ refer, reply });
  return c;
}

/** The server hung up on the caller (its BYE, answered by the user agent). */
async function hungUpOn(c: AudioCall): Promise<void> {
  await until(() => c.dialog.ended, 20_000, 'the BYE of the server');
  expect(await c.dialog.whenEnded()).toBe('remote');
}

const isVoice = (p: { payload: Buffer }): boolean => p.payload.equals(Buffer.from(VOICE));

async function until(f: () => boolean | Promise<boolean>, ms = 10_000, what = 'condition'): Promise<void> {
  const deadline = performance.now() + ms;
  while (!(await f())) {
    if (performance.now() > deadline) throw new Error(`${what} not met within ${ms} ms`);
    await sleep(20);
  }
}

async function portFree(p: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = dgram.createSocket('udp4');
    s.once('error', () => resolve(false));
    s.bind(p, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/** Every RTP port of the server's range can be bound again: no leg kept one. */
async function allPortsFree(): Promise<boolean> {
  for (let p = rtpBase; p <= rtpBase + 19; p++) if (!(await portFree(p))) return false;
  return true;
}

/** Everything of the call is gone: dialogs of both legs, RTP ports. */
async function freed(server: SipServer): Promise<void> {
  await until(() => server.voice!.calls === 0, 5000, 'the call forgotten');
  await until(async () => (await server.voice!.centreLegs()) === 0, 5000, 'the centre leg forgotten');
  await until(allPortsFree, 5000, 'every RTP port free');
}

describe('The voice menu hands the call over as a B2BUA (issue 13 part 1; RT-4, RT-5)', () => {
  it(
    'calls the centre with the decision, bridges RTP both ways in the caller’s one stream; the caller’s BYE ends both legs',
    { timeout: 40_000 },
    async () => {
      const sipPort = await freeUdpPort();
      const server = await startServer(sipPort, 'b2bua');
      const { done: run } = await startSippCentre('centre-answer.xml', sipPort);
      const c = await dial(server);

      // The caller's audio goes to the centre, which sends it back: heard by the caller.
      await until(() => c.heard.some(isVoice), 15_000, 'echo');
      const rtp = c.heard;
      const first = rtp.findIndex(isVoice);
      // One stream for the caller (RFC 3550): the prompts' SSRC, the sequence going on by one,
      // the marker bit where the centre's audio starts.
      expect(new Set(rtp.map((p) => p.ssrc)).size).toBe(1);
      expect(rtp[first]!.sequence).toBe((rtp[first - 1]!.sequence + 1) & 0xffff);
      expect(rtp[first]!.marker).toBe(true);
      // RFC 4733 keys pass through the bridge too (the menu no longer takes them).
      await c.key('5');
      await until(() => c.heard.some((p) => p.payloadType === 101), 5000, 'the key echoed');

      expect(told.map((n) => n.decision.outcome === 'connect' && n.decision.centreId)).toEqual(['lv-bergen']);
      expect(outcomes).toEqual([
        expect.objectContaining({ centreId: 'lv-bergen', how: 'b2bua', outcome: 'answered', status: 200 }),
      ]);

      expect(await c.dialog.bye()).toBe(200);
      const r = await run;
      expect(r.code, r.errors || r.log).toBe(0);
      expect(r.log).toContain('centre lv-bergen offer m=audio');
      await freed(server);
      expect(server.voice!.ended.get('caller-bye')).toBe(1);
    },
  );

  it(
    'the centre’s BYE ends the caller’s side; both legs and their ports are freed',
    { timeout: 40_000 },
    async () => {
      const sipPort = await freeUdpPort();
      const server = await startServer(sipPort, 'b2bua');
      const { done: run } = await startSippCentre('centre-hangs-up.xml', sipPort);
      const c = await dial(server);
      await hungUpOn(c);
      const r = await run;
      expect(r.code, r.errors || r.log).toBe(0);
      expect(c.heard.some(isVoice)).toBe(true);
      await freed(server);
      expect(server.voice!.ended.get('bridged')).toBe(1);
    },
  );

  it(
    'a busy centre: the caller hears the busy tone, then BYE; recorded as busy',
    { timeout: 40_000 },
    async () => {
      const sipPort = await freeUdpPort();
      const { done: run } = await startSippCentre('centre-busy.xml', sipPort);
      const server = await startServer(sipPort, 'b2bua');
      const c = await dial(server);
      await hungUpOn(c);
      expect((await run).code).toBe(0);
      const busyStart = Buffer.from(toneG711('busy', 'alaw').subarray(0, 160));
      expect(c.heard.some((p) => p.marker && p.payload.equals(busyStart))).toBe(true);
      expect(outcomes).toEqual([expect.objectContaining({ outcome: 'busy', status: 486 })]);
      await freed(server);
      expect(server.voice!.ended.get('handoff-failed')).toBe(1);
    },
  );

  it(
    'the caller hangs up while the centre rings: CANCEL to the centre, recorded as abandoned',
    { timeout: 40_000 },
    async () => {
      const sipPort = await freeUdpPort();
      const server = await startServer(sipPort, 'b2bua');
      const { done: run } = await startSippCentre('centre-rings.xml', sipPort);
      const c = await dial(server);
      // Ringing is heard (the ringback tone) while the centre's leg rings.
      const ring = Buffer.from(toneG711('ringback', 'alaw').subarray(0, 160));
      await until(() => c.heard.some((p) => p.marker && p.payload.equals(ring)), 15_000, 'ringback');
      expect(await c.dialog.bye()).toBe(200);
      const r = await run;
      expect(r.code, r.errors || r.log).toBe(0);
      expect(outcomes).toEqual([expect.objectContaining({ outcome: 'abandoned' })]);
      await freed(server);
    },
  );

  it('refer-or-b2bua: a refused REFER falls back to the B2BUA', { timeout: 40_000 }, async () => {
    const sipPort = await freeUdpPort();
    const server = await startServer(sipPort, 'refer-or-b2bua');
    const { done: run } = await startSippCentre('centre-hangs-up.xml', sipPort);
    const c = await dial(server);
    await until(() => refers.length > 0, 15_000, 'the REFER');
    const { refer, reply } = refers.shift()!;
    expect(refer.headers.find((h) => h.name === 'refer-to')?.value).toContain('55500046');
    reply.refuse(405);
    await hungUpOn(c);
    expect((await run).code).toBe(0);
    expect(c.heard.some(isVoice)).toBe(true);
    expect(outcomes).toEqual([expect.objectContaining({ outcome: 'answered', how: 'b2bua' })]);
    await freed(server);
  });
});
