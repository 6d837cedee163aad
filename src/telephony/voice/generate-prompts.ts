/**
 * `nodmeld prompts generate`: the voice menu's prompts synthesised with Debian's espeak-ng and
 * resampled by sox to 8 kHz mono 16-bit PCM (issue 13, part 2) — one file per sentence of the
 * catalogue, written to a temporary name and renamed (a killed run leaves no half file), and a
 * `manifest.json` beside them: each sentence's id, language, text, voice and whether it needs a
 * recording by a native speaker. A file is made again only when its text changed (the manifest
 * remembers the text) or with `--force`. espeak-ng has no North Sami voice: the Sami prompts are
 * spoken with the Finnish voice (the nearest spelling-to-sound of those it has) and marked
 * `needsNativeRecording` — replace them with recordings (NODMELD_PROMPTS_DIR) before use.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Language } from '../../routing/domain/types.ts';
import type { PromptPart } from '../../routing/domain/prompts.ts';
import { PROMPT_SAMPLE_RATE, promptFile } from './prompt-library.ts';

const run = promisify(execFile);

/** espeak-ng's voice per menu language; `se` has none of its own. */
export const SYNTH_VOICES: Record<Language, { voice: string; needsNativeRecording: boolean }> = {
  nb: { voice: 'nb', needsNativeRecording: false },
  en: { voice: 'en-gb', needsNativeRecording: false },
  se: { voice: 'fi', needsNativeRecording: true },
};

export interface ManifestEntry {
  id: string;
  language: Language;
  text: string;
  file: string;
  voice: string;
  needsNativeRecording: boolean;
}

export interface PromptManifest {
  generator: string;
  sampleRate: number;
  parts: ManifestEntry[];
}

export const MANIFEST = 'manifest.json';

export class SynthesizerMissingError extends Error {
  override name = 'SynthesizerMissingError';
}

async function readManifest(dir: string): Promise<Map<string, ManifestEntry>> {
  try {
    const m = JSON.parse(await readFile(path.join(dir, MANIFEST), 'utf8')) as PromptManifest;
    return new Map(m.parts.map((p) => [p.id, p]));
  } catch {
    return new Map();
  }
}

async function tool(name: string, args: string[]): Promise<string> {
  try {
    return (await run(name, args)).stdout;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw new SynthesizerMissingError(
        `${name} is not installed (Debian: apt-get install espeak-ng sox); the voice prompts are made with it`,
      );
    throw err;
  }
}

/** Synthesises one sentence to `file` (8 kHz mono 16-bit PCM WAV), atomically. */
export async function synthesise(part: PromptPart, file: string): Promise<void> {
  const { voice } = SYNTH_VOICES[part.language];
  await mkdir(path.dirname(file), { recursive: true });
  const raw = `${file}.${process.pid}.espeak.wav`;
  const tmp = `${file}.${process.pid}.tmp.wav`;
  try {
    await tool('espeak-ng', ['-v', voice, '-s', '150', '-w', raw, '--', part.text]);
    await tool('sox', [
      raw,
      '-r',
      String(PROMPT_SAMPLE_RATE),
      '-c',
      '1',
      '-b',
      '16',
      '-e',
      'signed-integer',
      tmp,
    ]);
    await rename(tmp, file);
  } finally {
    await rm(raw, { force: true });
    await rm(tmp, { force: true });
  }
}

export interface GenerateResult {
  made: number;
  kept: number;
  dir: string;
}

/** Makes the files of `catalogue` in `dir` that are missing or whose text changed. */
export async function generatePrompts(
  catalogue: readonly PromptPart[],
  dir: string,
  opts: { force?: boolean; concurrency?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<GenerateResult> {
  const version = (await tool('espeak-ng', ['--version'])).trim();
  await tool('sox', ['--version']);
  await mkdir(dir, { recursive: true });
  const before = await readManifest(dir);
  const entries: ManifestEntry[] = [];
  const todo: PromptPart[] = [];
  for (const part of catalogue) {
    const file = promptFile(dir, part.id);
    const { voice, needsNativeRecording } = SYNTH_VOICES[part.language];
    entries.push({
      id: part.id,
      language: part.language,
      text: part.text,
      file: path.relative(dir, file),
      voice: `espeak-ng ${voice}`,
      needsNativeRecording,
    });
    const known = before.get(part.id);
    const exists = await readFile(file).then(
      () => true,
      () => false,
    );
    if (opts.force || !exists || known?.text !== part.text) todo.push(part);
  }
  const concurrency = opts.concurrency ?? Math.max(1, os.availableParallelism());
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < todo.length) {
      const part = todo[next++]!;
      await synthesise(part, promptFile(dir, part.id));
      opts.onProgress?.(++done, todo.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, todo.length) }, worker));
  const manifest: PromptManifest = { generator: version, sampleRate: PROMPT_SAMPLE_RATE, parts: entries };
  const tmp = path.join(dir, `${MANIFEST}.${process.pid}.tmp`);
  await writeFile(tmp, `${JSON.stringify(manifest, null, 2)}\n`);
  await rename(tmp, path.join(dir, MANIFEST));
  return { made: todo.length, kept: catalogue.length - todo.length, dir };
}
