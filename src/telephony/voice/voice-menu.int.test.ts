/**
 * The voice menu on real audio (issue 13 part 1): the SIP server in mode "voice-menu" on
 * 127.0.0.1 with the real routing engine and menu state machine on the default data set, and a
 * caller on nodmeld's one SIP user agent (`sip-client/`: SIP over UDP, a kept dialog, an RTP
 * endpoint with RFC 4733 events — `placeAudioCall`). The greeting is a real espeak-ng prompt; the
 * other parts are test tones.
 */
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import dgram from 'node:dgram';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDefaultDataSet } from '../../routing/data/load.ts';
import { DEFAULT_TEST_NUMBERS } from '../../routing/data/default-test-numbers.ts';
import { createCallDecider, type DecisionNotice } from '../../routing/decide-call.ts';
import { compileRoutingData, type CompiledRoutingData } from '../../routing/domain/compile.ts';
import { menuInput, startMenu, type MenuContext, type MenuStep } from '../../routing/domain/menu.ts';
import { DEFAULT_POLICY, type OperationalState } from '../../routing/domain/types.ts';
import type { PositioningPort } from '../../routing/positioning/port.ts';
import { createStaticPositioning } from '../../routing/positioning/static-positioning.ts';
import { decodeG711, type G711Law } from '../media/g711.ts';
import { pcm16Samples, readWav } from '../media/wav.ts';
import { startSipServer, type SipServer } from '../sip/server.ts';
import {
  createFakeCallRouter,
  buildConnectDecision,
  evenFreeUdpPort,
  requireSipp,
  runSipp,
} from '../sip/testing.ts';
import { dtmfPcap } from '../media/dtmf-pcap.ts';
import type { SipRequest } from '../sip/message.ts';
import { placeAudioCall, type AudioCall, type AudioCallRequest } from '../sip-client/audio-call.ts';
import { SipUserAgent, type ReferReply } from '../sip-client/user-agent.ts';
import { synthesise } from './generate-prompts.ts';
import { PromptLibrary, promptFile } from './prompt-library.ts';
import { fakePrompts, sleep, startBaresip } from './testing.ts';
import type { PromptAudio, VoiceMenuPort } from './voice-port.ts';
import { readFileSync } from 'node:fs';

const T = DEFAULT_TEST_NUMBERS;
const MOBILE_IN_BERGEN = T.mobile.number;
const MOBILE_UNPOSITIONED = `${T.mobile.number.slice(0, 6)}99`;
const MOBILE_SLOW = `${T.mobile.number.slice(0, 6)}98`;
const FAILING = '22999999';

let server: SipServer;
let data: CompiledRoutingData;
const state: OperationalState = { reroutes: [], unavailableCentreIds: [] };
const told: DecisionNotice[] = [];
const fake = fakePrompts();
let prompts: PromptAudio;
let dir: string;
let greetingPcm: Int16Array;
let ua: SipUserAgent;
const callers: AudioCall[] = [];
/** The REFERs each call received, with their reply, in order (`nextRefer`). */
const refers = new Map<AudioCall, { refer: SipRequest; reply: ReferReply }[]>();
const unhandled: unknown[] = [];
const onUnhandled = (e: unknown): void => void unhandled.push(e);

const ctx = (n: string): MenuContext => ({
  data,
  state,
  at: Date.now(),
  policy: DEFAULT_POLICY,
  callingNumber: n,
});

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  data = compileRoutingData(await loadDefaultDataSet(), 1);
  dir = mkdtempSync(join(tmpdir(), 'nodmeld-voice-'));
  // The greeting as the build makes it (espeak-ng + sox), loaded through the prompt library.
  const greeting = startMenu({ entry: 'top' }).prompt.parts[0]!;
  expect(greeting.id).toBe('nb/greeting');
  await synthesise(greeting, promptFile(dir, greeting.id));
  greetingPcm = pcm16Samples(readWav(readFileSync(promptFile(dir, greeting.id))));
  const library = await PromptLibrary.load([greeting], { generated: dir });
  prompts = { g711: (id, law) => (id === greeting.id ? library.g711(id, law) : fake.g711(id, law)) };

  const fast = createStaticPositioning(
    { [MOBILE_IN_BERGEN]: '4601' },
    { latencyMs: 20, operator: 'telenor' },
  );
  const slow = createStaticPositioning({ [MOBILE_SLOW]: '4601' }, { latencyMs: 7000, operator: 'telenor' });
  const positioning: PositioningPort = {
    locate: (n, o) => (n.endsWith(MOBILE_SLOW) ? slow.locate(n, o) : fast.locate(n, o)),
  };
  const decider = createCallDecider({
    getData: () => data,
    getState: () => state,
    policy: DEFAULT_POLICY,
    positioning,
    deadlineMs: 9000,
  });
  decider.onDecided((n) => told.push(n));
  const port: VoiceMenuPort = {
    decide: (call, signal) => {
      if (call.callingNumber === FAILING) throw new Error('routing is broken');
      return decider.decide(call, 'sip', { signal });
    },
    menuContext: ctx,
    handedOver: (n) => decider.announce(n),
  };
  const rtpBase = 30000 + 2 * Math.floor(Math.random() * 9000);
  server = await startSipServer({
    config: {
      host: '127.0.0.1',
      port: 0,
      mode: 'voice-menu',
      voice: { rtpPortMin: rtpBase, rtpPortMax: rtpBase + 199, inputTimeoutMs: 400, rtpTimeoutMs: 2000 },
      timers: { t1Ms: 100, t2Ms: 400, t4Ms: 500 },
    },
    router: createFakeCallRouter(() => ({ decision: buildConnectDecision() })),
    voice: { port, prompts },
  });
  ua = await SipUserAgent.open({ t1Ms: 100, userAgent: 'nodmeld-voice-test' });
}, 60_000);

afterAll(async () => {
  for (const c of callers) c.close();
  await ua?.close();
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  process.off('unhandledRejection', onUnhandled);
  expect(unhandled).toEqual([]);
});

type CallOptions = Partial<AudioCallRequest> & { network?: 'fixed' | 'mobile' | 'ip' };

/** Dials 116117 with audio (silence every 20 ms unless told otherwise) and waits for the final answer. */
async function call(o: CallOptions = {}): Promise<AudioCall> {
  const { network, headers = [], ...rest } = o;
  const c = await placeAudioCall(ua, {
    target: { host: '127.0.0.1', port: server.udpPort },
    uri: `sip:116117@127.0.0.1:${server.udpPort}`,
    callingNumber: '22222222',
    timeoutMs: 10_000,
    sendAudio: true,
    headers: [...(network ? [`X-Nodmeld-Network: ${network}`] : []), ...headers],
    ...rest,
  });
  callers.push(c);
  const queue: { refer: SipRequest; reply: ReferReply }[] = [];
  refers.set(c, queue);
  if (c.outcome.dialog) c.outcome.dialog.onRefer = (refer, reply) => queue.push({ refer, reply });
  return c;
}

/** Calls and is answered: 100, 180, 200 (the user agent ACKs). */
async function answered(o: CallOptions = {}): Promise<AudioCall> {
  const c = await call(o);
  expect(c.outcome.codes).toEqual([100, 180, 200]);
  return c;
}

/** The next REFER the call received (waits for it). */
async function nextRefer(c: AudioCall, ms = 10_000): Promise<{ refer: SipRequest; reply: ReferReply }> {
  const queue = refers.get(c)!;
  await until(() => queue.length > 0, ms, 'a REFER');
  return queue.shift()!;
}

async function until(f: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = performance.now() + ms;
  while (!f()) {
    if (performance.now() > deadline) throw new Error(`${what} not within ${ms} ms`);
    await sleep(20);
  }
}

/** The call is ended by the server (its BYE, answered by the user agent) within `ms`. */
async function endedByServer(c: AudioCall, ms = 10_000): Promise<void> {
  await until(() => c.dialog.ended, ms, 'the BYE of the server');
  expect(await c.dialog.whenEnded()).toBe('remote');
}

/** The audio of a prompt as the caller must hear it (its parts in the call's law). */
function audioOf(step: MenuStep, law: G711Law = 'alaw'): Buffer {
  return Buffer.concat(step.prompt.parts.map((p) => prompts.g711(p.id, law)));
}

/** Waits until a talkspurt (a prompt from its marker packet) begins with `audio`; returns its index. */
async function heard(c: AudioCall, audio: Buffer, ms = 8000): Promise<number> {
  const deadline = performance.now() + ms;
  const head = audio.subarray(0, 160);
  for (;;) {
    const starts = c.heard.filter((p) => p.marker);
    for (let k = 0; k < starts.length; k++) if (starts[k]!.payload.equals(head)) return k;
    if (performance.now() > deadline)
      throw new Error(`prompt not heard within ${ms} ms (${starts.length} prompts heard)`);
    await sleep(20);
  }
}

async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = dgram.createSocket('udp4');
    s.once('error', () => resolve(false));
    s.bind(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/** The caller's side of a transfer: 202 to the REFER, NOTIFY 100 then 200, and the BYE that follows. */
async function acceptTransfer(c: AudioCall): Promise<SipRequest> {
  const { refer, reply } = await nextRefer(c);
  const transfer = reply.accept();
  expect(await transfer.trying).toBe(200);
  expect(await transfer.done('200 OK')).toBe(200);
  await endedByServer(c);
  return refer;
}

const hv = (r: SipRequest, name: string): string | undefined =>
  r.headers.find((h) => h.name === name.toLowerCase())?.value;

describe('The voice menu on real audio (issue 13 part 1; RT-4, RT-5)', () => {
  it(
    'answers 100/180/200 with one G.711 codec and plays the greeting as the prompt file’s audio (RT-4)',
    { timeout: 20_000 },
    async () => {
      const c = await answered();
      const sdp = c.outcome.body!.toString('latin1');
      expect(sdp).toMatch(/m=audio \d+ RTP\/AVP 8 101\r\n/);
      expect(sdp).toContain('a=ptime:20');
      const top = startMenu({ entry: 'top' });
      const expected = audioOf(top);
      await c.media.packets(Math.ceil(expected.length / 160) + 2, 15_000);
      const rtp = c.heard;
      const first = rtp[0]!;
      expect(first.marker).toBe(true);
      expect(first.payloadType).toBe(8);
      // Sequence +1 and timestamp +160 per packet, one SSRC.
      for (let i = 1; i < rtp.length; i++) {
        expect((rtp[i]!.sequence - rtp[i - 1]!.sequence) & 0xffff).toBe(1);
        expect((rtp[i]!.timestamp - rtp[i - 1]!.timestamp) >>> 0).toBe(160);
        expect(rtp[i]!.ssrc).toBe(first.ssrc);
      }
      const got = c.media.talkspurt(0);
      // Byte for byte the prompt's G.711 …
      expect(got.subarray(0, expected.length).equals(expected)).toBe(true);
      // … and, decoded, the espeak-ng greeting within G.711's quantisation (correlation with the WAV).
      const decoded = decodeG711('alaw', new Uint8Array(got.subarray(0, greetingPcm.length)));
      expect(correlation(decoded, greetingPcm)).toBeGreaterThan(0.999);
      expect(await c.dialog.bye()).toBe(200);
      await sleep(50);
      expect(server.voice!.calls).toBe(0);
      const port = Number(/m=audio (\d+)/.exec(sdp)![1]);
      expect(await portFree(port)).toBe(true);
    },
  );

  it('Norwegian → English → fallback → postcode → the right centre: REFER with the decision, NOTIFY, BYE (RT-4, RT-5)', async () => {
    const c = await answered({ callingNumber: T.osloIncumbent.number });
    const ctxc = ctx(T.osloIncumbent.number);
    let step = startMenu({ entry: 'top' });
    await heard(c, audioOf(step));
    await c.key('1');
    step = menuInput(step.state, '1', ctxc);
    expect(step.prompt.language).toBe('en');
    await heard(c, audioOf(step));
    await c.key('0');
    step = menuInput(step.state, '0', ctxc);
    await heard(c, audioOf(step));
    await c.key('1');
    step = menuInput(step.state, '1', ctxc);
    await heard(c, audioOf(step));
    await c.keys('5003');
    step = menuInput(step.state, '5003', ctxc);
    expect(step.outcome).toBe('connect');
    const decision = step.decision!;
    if (decision.outcome !== 'connect') throw new Error('expected connect');
    await heard(c, audioOf(step)); // "You will now be connected to …"
    const refer = await acceptTransfer(c);
    expect(hv(refer, 'refer-to')).toBe(`<sip:${decision.connectTo}@127.0.0.1:${ua.address.port}>`);
    expect(hv(refer, 'referred-by')).toMatch(/^<sip:116117@127\.0\.0\.1>$/);
    expect(hv(refer, 'x-nodmeld-centre')).toBe(decision.centreId);
    expect(hv(refer, 'x-nodmeld-method')).toBe('menu-postcode');
    await sleep(50);
    expect(server.voice!.calls).toBe(0);
    expect(server.voice!.ended.get('transferred')).toBeGreaterThanOrEqual(1);
    // The call's one decision on record, as the calls context is told of it.
    const mine = told.filter((n) => n.callId === c.callId);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.decision).toEqual(decision);
  });

  it('a fixed caller who presses nothing is referred where area routing decided (RT-1, RT-4)', async () => {
    const c = await answered({ callingNumber: T.bergenIncumbent.number });
    const refer = await acceptTransfer(c);
    expect(hv(refer, 'x-nodmeld-centre')).toBe(T.bergenIncumbent.centreId);
    expect(hv(refer, 'x-nodmeld-method')).toBe('number-series');
  });

  it('an unpositioned mobile caller who chose English and presses nothing gets the fallback menu in English (RT-3, RT-5)', async () => {
    const c = await answered({ callingNumber: MOBILE_UNPOSITIONED, network: 'mobile' });
    await c.key('1');
    const fallback = startMenu({ entry: 'fallback', language: 'en' });
    await heard(c, audioOf(fallback), 10_000);
    expect(await c.dialog.bye()).toBe(200);
  });

  it(
    'positioning slower than the greeting is never heard as silence, and the positioned call is referred (RT-3)',
    { timeout: 20_000 },
    async () => {
      const c = await answered({ callingNumber: MOBILE_SLOW, network: 'mobile' });
      const answeredAt = performance.now();
      const refer = await acceptTransfer(c);
      // Positioning (7 s) outlasted the greeting and the wait for a key.
      expect(performance.now() - answeredAt).toBeGreaterThan(6500);
      expect(hv(refer, 'x-nodmeld-method')).toBe('mobile-position');
      expect(hv(refer, 'x-nodmeld-positioning')).toMatch(/^positioned;operator=telenor/);
      // From the first packet to the REFER, no run of silence longer than one frame's padding.
      const silenceRuns: number[] = [];
      let run = 0;
      for (const p of c.heard) {
        if (p.payload.every((b) => b === 0xd5)) run++;
        else {
          if (run) silenceRuns.push(run);
          run = 0;
        }
      }
      expect(Math.max(0, ...silenceRuns.slice(0, -1))).toBeLessThanOrEqual(Math.ceil(400 / 20) + 2); // the input wait only
    },
  );

  it('a routing failure sends the caller to the fallback menu, never a 500 (RT-5)', async () => {
    const c = await answered({ callingNumber: FAILING });
    await heard(c, audioOf(startMenu({ entry: 'fallback', language: 'nb' })), 10_000);
    expect(await c.dialog.bye()).toBe(200);
  });

  it('SIP INFO (application/dtmf-relay) drives the menu when the caller sends no RFC 4733 events', async () => {
    const c = await answered({ telephoneEvent: null });
    expect(c.media.chosen?.telephoneEvent).toBeUndefined();
    // No telephone-event in the answer: the key goes as INFO (application/dtmf-relay), answered 200.
    await c.key('0');
    const fallback = menuInput(startMenu({ entry: 'top' }).state, '0', ctx('22222222'));
    await heard(c, audioOf(fallback));
    expect(await c.dialog.bye()).toBe(200);
  });

  it('refuses an offer with only G.729 with 488, and a Session-Expires below Min-SE with 422 (RFC 3264, 4028)', async () => {
    // An offer the user agent would never make itself: G.729 only.
    const g729 = await ua.invite({
      target: { host: '127.0.0.1', port: server.udpPort },
      uri: `sip:116117@127.0.0.1:${server.udpPort}`,
      callingNumber: '22222222',
      timeoutMs: 5000,
      keep: true,
      sdp:
        'v=0\r\no=test 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n' +
        'm=audio 40000 RTP/AVP 18 101\r\na=rtpmap:18 G729/8000\r\na=rtpmap:101 telephone-event/8000\r\n',
    });
    expect(g729.status).toBe(488);
    expect(g729.headers.find((h) => h.name === 'warning')?.value).toContain('305');
    const short = await call({ headers: ['Session-Expires: 60', 'Supported: timer'] });
    expect(short.outcome.status).toBe(422);
    expect(short.outcome.headers.find((h) => h.name === 'min-se')?.value).toBe('90');
  });

  it('answers a re-INVITE with the same codec, refuses one without it (488), and honours Session-Expires (RFC 3261/3264/4028)', async () => {
    const c = await answered({
      codecs: ['PCMU', 'PCMA'],
      headers: ['Session-Expires: 1800;refresher=uac', 'Supported: timer'],
    });
    const ok = await c.dialog.reinvite(
      c.media.offer(['PCMA', 'PCMU']),
      'Session-Expires: 1800;refresher=uac\r\nSupported: timer\r\n',
    );
    expect(ok?.status).toBe(200);
    expect(ok!.body.toString('latin1')).toMatch(/m=audio \d+ RTP\/AVP 0 101/);
    expect(ok!.headers.find((h) => h.name === 'session-expires')?.value).toBe('1800;refresher=uac');
    expect((await c.dialog.reinvite(c.media.offer(['PCMA'])))?.status).toBe(488);
    expect(await c.dialog.bye()).toBe(200);
  });

  it('a caller whose RTP stops is hung up (RTP timeout → BYE) and the port freed', async () => {
    const c = await answered({ sendAudio: false });
    await endedByServer(c, 6000);
    await sleep(50);
    expect(server.voice!.ended.get('rtp-timeout')).toBeGreaterThanOrEqual(1);
    expect(await portFree(c.media.remote!.port)).toBe(true);
  });

  it('hang-up in every state frees the call and its ports: greeting, postcode entry, transfer', async () => {
    const before = server.voice!.ended.get('caller-bye') ?? 0;
    const inGreeting = await answered();
    const inPostcode = await answered();
    await inPostcode.keys('01');
    await inPostcode.keys('50');
    const inTransfer = await answered({ callingNumber: T.bergenIncumbent.number });
    await nextRefer(inTransfer); // not answered: the REFER is still open
    for (const c of [inGreeting, inPostcode, inTransfer]) expect(await c.dialog.bye()).toBe(200);
    await sleep(50);
    expect((server.voice!.ended.get('caller-bye') ?? 0) - before).toBe(3);
    expect(server.voice!.calls).toBe(0);
    for (const c of [inGreeting, inPostcode, inTransfer])
      expect(await portFree(c.media.remote!.port)).toBe(true);
  });
});

describe('The voice menu with sipp as the caller (issue 13 part 1)', () => {
  it(
    'INVITE with SDP, 200 with the answer, RFC 4733 keys from a pcap, the REFER to the centre, NOTIFY, BYE (RT-4, RT-5)',
    { timeout: 30_000 },
    async () => {
      requireSipp();
      const caller = T.osloIncumbent.number;
      let step = startMenu({ entry: 'top' });
      for (const input of ['0', '1', '5003']) step = menuInput(step.state, input, ctx(caller));
      const d = step.decision!;
      if (d.outcome !== 'connect') throw new Error('expected connect');
      const before = server.voice!.ended.get('transferred') ?? 0;
      const r = await runSipp({
        scenario: 'voice-menu.xml',
        port: server.udpPort,
        rows: [[caller, d.connectTo, 'menu-postcode']],
        files: { 'dtmf.pcap': dtmfPcap('015003') },
        extraArgs: ['-mi', '127.0.0.1', '-mp', String(await evenFreeUdpPort())],
        timeoutS: 25,
      });
      expect(r.code, r.errors || r.log).toBe(0);
      expect(r.log).toContain(`refer-to ${d.connectTo} method menu-postcode`);
      expect((server.voice!.ended.get('transferred') ?? 0) - before).toBe(1);
    },
  );

  it('answers an offer with only G.729 with 488 (RFC 3264)', async () => {
    const before = server.counters.voiceCalls.get('not-acceptable');
    const r = await runSipp({
      scenario: 'voice-488.xml',
      port: server.udpPort,
      extraArgs: ['-mi', '127.0.0.1', '-mp', String(await evenFreeUdpPort())],
    });
    expect(r.code, r.errors || r.log).toBe(0);
    expect(server.counters.voiceCalls.get('not-acceptable') - before).toBe(1);
  });
});

describe('The voice menu with baresip as the caller (issue 13 part 1)', () => {
  it(
    'baresip hears the greeting as the prompt’s audio, and its key 0 (RFC 4733) brings the fallback menu (RT-4, RT-5)',
    { timeout: 40_000 },
    async () => {
      const bdir = mkdtempSync(join(tmpdir(), 'nodmeld-baresip-'));
      const ua = await startBaresip(bdir);
      try {
        const answered0 = server.voice!.answered;
        const byes = server.voice!.ended.get('caller-bye') ?? 0;
        ua.command('dial', `sip:116117@127.0.0.1:${server.udpPort}`);
        for (let i = 0; i < 100 && server.voice!.answered === answered0; i++) await sleep(50);
        expect(server.voice!.answered).toBe(answered0 + 1);
        // Let the greeting play out, then press 0; let the fallback menu's first sentence play.
        await sleep(greetingPcm.length / 8 + 700);
        ua.command('sndcode', '0');
        await sleep(1500);
        ua.command('hangup');
        for (let i = 0; i < 100 && (server.voice!.ended.get('caller-bye') ?? 0) === byes; i++)
          await sleep(50);
        expect(server.voice!.ended.get('caller-bye')).toBe(byes + 1);
        await ua.close();
        const heard = pcm16Samples(readWav(readFileSync(ua.heardFile()!)));
        // The greeting as G.711 carries it, found in what baresip played (its jitter buffer shifts it).
        const greeting = decodeG711('alaw', prompts.g711('nb/greeting', 'alaw'));
        const at = bestOffset(heard, greeting.subarray(8000, 12000)) - 8000;
        expect(correlation(heard.subarray(Math.max(0, at), at + greeting.length), greeting)).toBeGreaterThan(
          0.95,
        );
        // After it, the fallback menu's first sentence.
        const fallback = startMenu({ entry: 'fallback', language: 'nb' }).prompt.parts[0]!.id;
        const tone = decodeG711('alaw', prompts.g711(fallback, 'alaw')).subarray(0, 800);
        const after = heard.subarray(at + 8000);
        const k = bestOffset(after, tone);
        expect(correlation(after.subarray(k, k + tone.length), tone)).toBeGreaterThan(0.95);
      } finally {
        await ua.close().catch(() => undefined);
        await rm(bdir, { recursive: true, force: true });
      }
    },
  );
});

/** The offset in `hay` where `needle` correlates best. */
function bestOffset(hay: Int16Array, needle: Int16Array): number {
  let best = -Infinity;
  let at = 0;
  for (let o = 0; o + needle.length <= hay.length; o++) {
    let ab = 0;
    let aa = 1;
    for (let i = 0; i < needle.length; i += 2) {
      const h = hay[o + i]!;
      ab += h * needle[i]!;
      aa += h * h;
    }
    const c = ab / Math.sqrt(aa);
    if (c > best) {
      best = c;
      at = o;
    }
  }
  return at;
}

function correlation(a: Int16Array, b: Int16Array): number {
  const n = Math.min(a.length, b.length);
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < n; i++) {
    ab += a[i]! * b[i]!;
    aa += a[i]! * a[i]!;
    bb += b[i]! * b[i]!;
  }
  return ab / Math.sqrt(aa * bb);
}
