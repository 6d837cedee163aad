/**
 * `nodmeld start` in voice-menu mode (issue 13 part 1): the prompts are checked before the SIP
 * listeners open (a missing one stops the start, naming it), and a call through the production
 * wiring — routing's decider and runtime, the calls record listening — is answered with audio,
 * referred to its centre, and recorded as the call's routed event.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { mkdirSync } from 'node:fs';
import dgram from 'node:dgram';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDataSetDir } from '../routing/data/write.ts';
import { compileRoutingData } from '../routing/domain/compile.ts';
import { buildDataSet } from '../routing/domain/testing.ts';
import { PromptLibraryError } from '../telephony/voice/prompt-library.ts';
import { placeAudioCall } from '../telephony/sip-client/audio-call.ts';
import { SipUserAgent, type ReferReply } from '../telephony/sip-client/user-agent.ts';
import type { SipRequest } from '../telephony/sip/message.ts';
import { sleep, writeTonePrompts } from '../telephony/voice/testing.ts';
import { startSystem } from './start.ts';

let dir: string;
const env: Record<string, string> = {
  HOST: '127.0.0.1',
  PORT: '0',
  NODMELD_DATA_DIR: 'memory',
  NODMELD_LOG_LEVEL: 'silent',
  NODMELD_ADMIN_PASSWORD: 'voice-test-admin-password',
  NODMELD_API_TOKEN: 'voice-test-integration-token-0123456789',
  NODMELD_SIP_HOST: '127.0.0.1',
  NODMELD_SIP_MODE: 'voice-menu',
  NODMELD_SIP_MENU_INPUT_TIMEOUT_MS: '300',
  NODMELD_SIMULATE: 'off',
};

async function freePort(): Promise<number> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', () => resolve()));
  const p = s.address().port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return p;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'nodmeld-voice-start-'));
  const data = path.join(dir, 'data');
  await writeDataSetDir(data, buildDataSet());
  env.NODMELD_REFERENCE_DATA_DIR = data;
  const base = 30000 + 2 * Math.floor(Math.random() * 9000);
  env.NODMELD_SIP_RTP_PORTS = `${base}-${base + 99}`;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('nodmeld start in voice-menu mode (issue 13 part 1)', () => {
  it('a missing prompt stops the start, naming it (never silence for a caller)', async () => {
    const empty = path.join(dir, 'empty');
    mkdirSync(empty);
    const err = await startSystem({
      ...env,
      NODMELD_SIP_PORT: String(await freePort()),
      NODMELD_PROMPTS_GENERATED_DIR: empty,
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(PromptLibraryError);
    const e = err as PromptLibraryError;
    expect(e.problems.map((p) => p.id)).toContain('nb/greeting');
    expect(e.message).toMatch(/voice prompt\(s\) cannot be played — \S+ \(".+"\): missing/);
  });

  it('answers a call with audio, refers it to its centre and records the routed event (RT-1, RT-4)', async () => {
    const prompts = path.join(dir, 'prompts');
    writeTonePrompts(prompts, compileRoutingData(buildDataSet(), 1));
    const sipPort = await freePort();
    const running = await startSystem({
      ...env,
      NODMELD_SIP_PORT: String(sipPort),
      NODMELD_PROMPTS_GENERATED_DIR: prompts,
    });
    const ua = await SipUserAgent.open();
    const recorded = async (): Promise<number> => {
      const text = (await running.app.inject({ url: '/metrics' })).body;
      return Number(/nodmeld_calls_routed_recorder\{state="recorded"\} (\d+)/.exec(text)?.[1] ?? 0);
    };
    try {
      const before = await recorded();
      const caller = await placeAudioCall(ua, {
        target: { host: '127.0.0.1', port: sipPort },
        uri: `sip:116117@127.0.0.1:${sipPort}`,
        callingNumber: '55501234', // Bergen by its number series in the factory set
        timeoutMs: 10_000,
        sendAudio: true,
      });
      const referred = new Promise<{ refer: SipRequest; reply: ReferReply }>((resolve) => {
        caller.dialog.onRefer = (refer, reply) => resolve({ refer, reply });
      });
      await caller.media.packets(5);
      const { refer, reply } = await referred;
      expect(refer.headers.find((h) => h.name === 'x-nodmeld-method')?.value).toBe('number-series');
      await reply.accept().done('200 OK');
      for (let i = 0; i < 100 && !caller.dialog.ended; i++) await sleep(50);
      expect(await caller.dialog.whenEnded()).toBe('remote');
      caller.close();
      let after = before;
      for (let i = 0; i < 50 && after === before; i++) {
        await sleep(100);
        after = await recorded();
      }
      expect(after).toBe(before + 1);
    } finally {
      await ua.close();
      await running.stop();
    }
  });
});
