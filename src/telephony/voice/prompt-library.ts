/**
 * The voice menu's audio (issue 13, part 2): one file per spoken sentence (`PromptPart`, see
 * src/routing/domain/prompts.ts), `<dir>/<language>/<sentence>.wav`, 8 kHz mono, 16-bit PCM or
 * G.711 (what telephony plays). Two folders: recorded prompts (NODMELD_PROMPTS_DIR, optional) win
 * over synthesised ones (`nodmeld prompts generate`, generate-prompts.ts). Every sentence the menus
 * can say with the data in force (`promptCatalogue`) must have a file: a missing or unplayable one
 * is an error naming it, at start-up of the voice menu and by `nodmeld prompts check` — never
 * silence for a caller.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { PromptPart } from '../../routing/domain/prompts.ts';
import { decodeG711, encodeG711, type G711Law } from '../media/g711.ts';
import { pcm16Samples, readWav, WavError, type WavAudio } from '../media/wav.ts';

/** The sample rate of every prompt (G.711's). */
export const PROMPT_SAMPLE_RATE = 8000;

export interface PromptDirs {
  /** Recorded prompts, preferred where present. */
  recorded?: string;
  /** Synthesised prompts (`nodmeld prompts generate`). */
  generated: string;
}

/** A part id's file in a folder: `nb/option.postcode.1` → `<dir>/nb/option.postcode.1.wav`. */
export function promptFile(dir: string, id: string): string {
  if (!/^[a-z]{2}\/[A-Za-z0-9._-]+$/.test(id)) throw new Error(`not a prompt id: ${id}`);
  return path.join(dir, `${id}.wav`);
}

export interface PromptProblem {
  id: string;
  text: string;
  /** The file looked at last (the generated folder's when none exists). */
  file: string;
  /** `missing`, or what is wrong with the file. */
  problem: string;
}

export class PromptLibraryError extends Error {
  override name = 'PromptLibraryError';
  constructor(readonly problems: readonly PromptProblem[]) {
    const shown = problems
      .slice(0, 10)
      .map(
        (p) =>
          `${p.id} ("${p.text}"): ${p.problem === 'missing' ? `missing (${p.file})` : `${p.file}: ${p.problem}`}`,
      );
    super(
      `${problems.length} voice prompt(s) cannot be played — ${shown.join('; ')}` +
        (problems.length > 10 ? `; and ${problems.length - 10} more` : '') +
        ' (make them with `nodmeld prompts generate`, or record them into NODMELD_PROMPTS_DIR)',
    );
  }
}

interface Loaded {
  source: 'recorded' | 'generated';
  file: string;
  audio: WavAudio;
}

async function readPart(dirs: PromptDirs, part: PromptPart): Promise<Loaded | PromptProblem> {
  const tries: ['recorded' | 'generated', string][] = [];
  if (dirs.recorded) tries.push(['recorded', promptFile(dirs.recorded, part.id)]);
  tries.push(['generated', promptFile(dirs.generated, part.id)]);
  for (const [source, file] of tries) {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      return { id: part.id, text: part.text, file, problem: (err as Error).message };
    }
    try {
      const audio = readWav(bytes);
      if (audio.sampleRate !== PROMPT_SAMPLE_RATE || audio.channels !== 1)
        return {
          id: part.id,
          text: part.text,
          file,
          problem: `${audio.sampleRate} Hz, ${audio.channels} channel(s): must be ${PROMPT_SAMPLE_RATE} Hz mono`,
        };
      if (audio.frames === 0) return { id: part.id, text: part.text, file, problem: 'no sound (0 samples)' };
      return { source, file, audio };
    } catch (err) {
      if (err instanceof WavError) return { id: part.id, text: part.text, file, problem: err.message };
      throw err;
    }
  }
  return { id: part.id, text: part.text, file: tries[tries.length - 1]![1], problem: 'missing' };
}

/** The voice menu's prompts, checked and ready to play in either G.711 law. */
export class PromptLibrary {
  private readonly encoded = new Map<string, Uint8Array>();
  private constructor(private readonly parts: ReadonlyMap<string, Loaded>) {}

  /**
   * Reads and checks a file for every part of `catalogue` (recorded before generated); throws a
   * PromptLibraryError naming every part without a playable file.
   */
  static async load(catalogue: readonly PromptPart[], dirs: PromptDirs): Promise<PromptLibrary> {
    const loaded = new Map<string, Loaded>();
    const problems: PromptProblem[] = [];
    // A few at a time: hundreds of small files.
    for (let i = 0; i < catalogue.length; i += 32) {
      const batch = catalogue.slice(i, i + 32);
      const results = await Promise.all(batch.map((part) => readPart(dirs, part)));
      results.forEach((r, j) => {
        if ('audio' in r) loaded.set(batch[j]!.id, r);
        else problems.push(r);
      });
    }
    if (problems.length > 0) throw new PromptLibraryError(problems);
    return new PromptLibrary(loaded);
  }

  get size(): number {
    return this.parts.size;
  }

  /** Where a part's audio comes from (for `nodmeld prompts check` and the start-up log). */
  sourceOf(id: string): 'recorded' | 'generated' | undefined {
    return this.parts.get(id)?.source;
  }

  /** A part's audio in `law`, one byte per sample at 8 kHz (made once, then kept). */
  g711(id: string, law: G711Law): Uint8Array {
    const key = `${law}:${id}`;
    const have = this.encoded.get(key);
    if (have) return have;
    const part = this.parts.get(id);
    if (!part) throw new Error(`no prompt ${id} in the library`);
    const { audio } = part;
    const bytes =
      audio.encoding === law
        ? audio.data
        : audio.encoding === 'pcm16'
          ? encodeG711(law, pcm16Samples(audio))
          : encodeG711(law, decodeG711(audio.encoding, audio.data));
    this.encoded.set(key, bytes);
    return bytes;
  }
}
