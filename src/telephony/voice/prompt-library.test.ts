/**
 * The voice menu's prompts (issue 13, part 2; RT-4, RT-5): synthesised for real with Debian's
 * espeak-ng and sox into a temporary folder, read back as 8 kHz mono audio, recordings preferred,
 * and every missing or unplayable sentence named before a caller could hear silence.
 */
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PromptPart } from '../../routing/domain/prompts.ts';
import { writeWavPcm16 } from '../media/wav.ts';
import { generatePrompts, MANIFEST, type PromptManifest } from './generate-prompts.ts';
import { PromptLibrary, PromptLibraryError, promptFile } from './prompt-library.ts';

const CATALOGUE: PromptPart[] = [
  { id: 'nb/greeting', language: 'nb', text: 'Du har ringt legevakt, 116117.' },
  { id: 'en/option.postcode.1', language: 'en', text: 'Postcode, press 1.' },
  { id: 'se/option.switchTo.2', language: 'se', text: 'Sámegillii, deaddil 2.' },
];

describe('voice prompts: generated, recorded, checked (issue 13)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'nodmeld-prompts-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('synthesises each sentence once, as 8 kHz mono audio, with a manifest marking the Sami ones', async () => {
    const generated = path.join(dir, 'generated');
    const first = await generatePrompts(CATALOGUE, generated);
    expect(first).toMatchObject({ made: 3, kept: 0 });
    const manifest = JSON.parse(await readFile(path.join(generated, MANIFEST), 'utf8')) as PromptManifest;
    expect(manifest.sampleRate).toBe(8000);
    expect(manifest.generator).toMatch(/eSpeak NG/i);
    expect(manifest.parts.map((p) => [p.id, p.voice, p.needsNativeRecording])).toEqual([
      ['nb/greeting', 'espeak-ng nb', false],
      ['en/option.postcode.1', 'espeak-ng en-gb', false],
      ['se/option.switchTo.2', 'espeak-ng fi', true],
    ]);
    // Again: nothing to make; a changed text is made again.
    expect(await generatePrompts(CATALOGUE, generated)).toMatchObject({ made: 0, kept: 3 });
    const changed = CATALOGUE.map((p, i) => (i === 0 ? { ...p, text: 'Du har ringt legevakten.' } : p));
    expect(await generatePrompts(changed, generated)).toMatchObject({ made: 1, kept: 2 });

    const library = await PromptLibrary.load(CATALOGUE, { generated });
    expect(library.size).toBe(3);
    const greeting = library.g711('nb/greeting', 'alaw');
    // At least a second of speech, and not silence (A-law silence is 0xD5 / 0x55).
    expect(greeting.length).toBeGreaterThan(8000);
    expect(greeting.filter((b) => b !== 0xd5 && b !== 0x55).length).toBeGreaterThan(greeting.length / 4);
    expect(library.g711('nb/greeting', 'mulaw').length).toBe(greeting.length);
    expect(library.sourceOf('nb/greeting')).toBe('generated');
  });

  it('a recording wins over the synthesised sentence', async () => {
    const recorded = path.join(dir, 'recorded');
    const tone = Int16Array.from({ length: 4000 }, (_, i) => Math.round(8000 * Math.sin(i / 3)));
    await mkdir(path.join(recorded, 'nb'), { recursive: true });
    await writeFile(promptFile(recorded, 'nb/greeting'), writeWavPcm16(tone, 8000));
    const library = await PromptLibrary.load(CATALOGUE, { recorded, generated: path.join(dir, 'generated') });
    expect(library.sourceOf('nb/greeting')).toBe('recorded');
    expect(library.sourceOf('en/option.postcode.1')).toBe('generated');
    expect(library.g711('nb/greeting', 'mulaw').length).toBe(4000);
  });

  it('names every sentence without a playable file: missing, not 8 kHz mono, not audio', async () => {
    const generated = path.join(dir, 'broken');
    await mkdir(path.join(generated, 'nb'), { recursive: true });
    await mkdir(path.join(generated, 'en'), { recursive: true });
    await writeFile(promptFile(generated, 'nb/greeting'), writeWavPcm16(new Int16Array(100), 22050));
    await writeFile(promptFile(generated, 'en/option.postcode.1'), 'not a wav');
    const err = await PromptLibrary.load(CATALOGUE, { generated }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PromptLibraryError);
    const problems = (err as PromptLibraryError).problems;
    expect(problems.map((p) => [p.id, p.problem])).toEqual([
      ['nb/greeting', '22050 Hz, 1 channel(s): must be 8000 Hz mono'],
      ['en/option.postcode.1', 'not a WAV file (no RIFF/WAVE header)'],
      ['se/option.switchTo.2', 'missing'],
    ]);
    expect((err as Error).message).toContain('se/option.switchTo.2 ("Sámegillii, deaddil 2."): missing');
  });
});
