/**
 * Test helpers for the voice menu: fake prompt audio and baresip as a real SIP user agent. The
 * callers of the voice tests and the `bench:ivr` benchmark are nodmeld's one SIP user agent with
 * media (`../sip-client/audio-call.ts`).
 */
import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { dirname, join } from 'node:path';
import type { CompiledRoutingData } from '../../routing/domain/compile.ts';
import { promptCatalogue } from '../../routing/domain/menu.ts';
import { promptFile } from './prompt-library.ts';
import { writeWavPcm16 } from '../media/wav.ts';
import { encodeG711, type G711Law } from '../media/g711.ts';
import type { PromptAudio } from './voice-port.ts';

/** Prompt audio made up for tests: each part a different tone, `frames` × 20 ms long (a part's length is not a frame multiple). */
export function fakePrompts(ms = 130): PromptAudio & { pcm(id: string): Int16Array } {
  const cache = new Map<string, Int16Array>();
  const pcm = (id: string): Int16Array => {
    let have = cache.get(id);
    if (!have) {
      let h = 7;
      for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) >>> 0;
      const freq = 300 + (h % 2000);
      have = new Int16Array((ms * 8) | 0);
      for (let i = 0; i < have.length; i++)
        have[i] = Math.round(8000 * Math.sin((2 * Math.PI * freq * i) / 8000));
      cache.set(id, have);
    }
    return have;
  };
  const encoded = new Map<string, Uint8Array>();
  const g711 = (id: string, law: G711Law): Uint8Array => {
    const key = `${law}:${id}`;
    let have = encoded.get(key);
    if (!have) encoded.set(key, (have = encodeG711(law, pcm(id))));
    return have;
  };
  return { pcm, g711 };
}

/** Every prompt the menus can say with `data`, as a short tone WAV in `dir` (a start that needs every prompt, not their words). */
export function writeTonePrompts(dir: string, data: CompiledRoutingData): void {
  const tone = writeWavPcm16(
    Int16Array.from({ length: 800 }, (_, i) => Math.round(6000 * Math.sin(i / 3))),
    8000,
  );
  for (const part of promptCatalogue(data)) {
    const file = promptFile(dir, part.id);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, tone);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * baresip (Debian) as a real SIP user agent: a config folder with g711, aufile (it sends a silent
 * WAV as its microphone), sndfile (it writes what it hears, decoded, to `dump-…-dec.wav`) and
 * ctrl_tcp (commands as JSON netstrings: dial, sndcode, hangup).
 */
export async function startBaresip(dir: string): Promise<{
  command(command: string, params?: string): void;
  events: string[];
  heardFile(): string | undefined;
  close(): Promise<void>;
}> {
  const free = async (): Promise<number> => {
    const s = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', () => resolve()));
    const p = s.address().port;
    await new Promise<void>((resolve) => s.close(() => resolve()));
    return p;
  };
  const sipPort = await free();
  const ctlPort = await free();
  writeFileSync(join(dir, 'in.wav'), writeWavPcm16(new Int16Array(8000 * 60), 8000));
  writeFileSync(
    join(dir, 'config'),
    [
      'poll_method epoll',
      `sip_listen 127.0.0.1:${sipPort}`,
      'audio_player aubridge,nodmeld',
      `audio_source aufile,${join(dir, 'in.wav')}`,
      'audio_alert aubridge,nodmeld',
      'module_path /usr/lib/baresip/modules',
      'module g711.so',
      'module aubridge.so',
      'module aufile.so',
      'module sndfile.so',
      'module_app account.so',
      'module_app menu.so',
      'module_app ctrl_tcp.so',
      `ctrl_tcp_listen 127.0.0.1:${ctlPort}`,
      `snd_path ${dir}`,
      '',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'accounts'), '<sip:22222222@127.0.0.1>;regint=0;audio_codecs=PCMA\n');
  const child = spawn('baresip', ['-f', dir], { stdio: ['ignore', 'ignore', 'ignore'] });
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const failed = new Promise<never>((_, reject) =>
    child.once('error', (e) =>
      reject(new Error(`baresip could not start (apt-get install baresip): ${e.message}`)),
    ),
  );
  let sock: net.Socket | undefined;
  for (let i = 0; i < 50 && !sock; i++) {
    await Promise.race([sleep(100), failed]);
    sock = await new Promise<net.Socket | undefined>((resolve) => {
      const s = net.connect(ctlPort, '127.0.0.1');
      s.once('connect', () => resolve(s));
      s.once('error', () => resolve(undefined));
    });
  }
  if (!sock) throw new Error('baresip did not open its control port');
  const events: string[] = [];
  sock.on('data', (d: Buffer) => events.push(d.toString()));
  const conn = sock;
  return {
    events,
    command(command, params = '') {
      const j = JSON.stringify({ command, params, token: command });
      conn.write(`${Buffer.byteLength(j)}:${j},`);
    },
    heardFile() {
      const f = readdirSync(dir).find((n) => n.endsWith('-dec.wav'));
      return f ? join(dir, f) : undefined;
    },
    close() {
      conn.destroy();
      if (child.exitCode === null && child.signalCode === null) child.kill();
      return exited;
    },
  };
}
