/**
 * Issue 8: a routing data set saved as Latin-1 was accepted and activated with 99 municipality and
 * 24 centre names garbled. Every file must be UTF-8: anything else is refused with its file and
 * line (`nodmeld data validate|import`); a UTF-8 byte-order mark is accepted.
 */
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dataValidateCommand } from './cli.ts';
import { DEFAULT_DATA_DIR, loadDataSetDir } from './load.ts';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** A copy of the shipped default data set. */
async function copyOfDefault(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'nodmeld-enc-'));
  dirs.push(dir);
  await cp(DEFAULT_DATA_DIR, dir, { recursive: true });
  return dir;
}

/** Lines (1-based) of a UTF-8 text that hold a character outside ASCII. */
const nonAsciiLines = (text: string) =>
  text
    .split('\n')
    .map((l, i) => (/[^\x00-\x7f]/.test(l) ? i + 1 : 0))
    .filter(Boolean);

describe('routing data encodings (issue 8)', () => {
  it('a Latin-1 copy of centres.csv and kommuner_2024.csv is refused with file and line, nothing loaded', async () => {
    const dir = await copyOfDefault();
    const expected: Record<string, number[]> = {};
    for (const file of ['centres.csv', 'kommuner_2024.csv']) {
      const text = await readFile(path.join(dir, file), 'utf8');
      expected[file] = nonAsciiLines(text);
      expect(expected[file].length).toBeGreaterThan(10);
      // Real Latin-1 bytes: Å is 0xC5, ø is 0xF8 … (as a Norwegian Windows "Save as CSV" makes).
      await writeFile(path.join(dir, file), Buffer.from(text, 'latin1'));
    }
    const r = await loadDataSetDir(dir);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    for (const file of ['centres.csv', 'kommuner_2024.csv']) {
      const lines = r.errors.filter((e) => e.file === file).map((e) => e.line);
      // Each bad line is named (the first 20 per file), in order.
      expect(lines).toEqual(expected[file]!.slice(0, 20));
    }
    expect(r.errors[0]!.message).toMatch(/not valid UTF-8.*save it as UTF-8/);

    const out: string[] = [];
    expect(await dataValidateCommand(dir, { write: (s: string) => out.push(s) })).toBe(1);
    const text = out.join('');
    expect(text).toContain(`${path.join(dir, 'centres.csv')}:${expected['centres.csv']![0]}: byte 0xC5 is not valid UTF-8`);
    expect(text).toMatch(/nothing was imported/);
  });

  it('a UTF-8 byte-order mark on every file is accepted and reads the same data', async () => {
    const plain = await loadDataSetDir(DEFAULT_DATA_DIR);
    const dir = await copyOfDefault();
    for (const file of await readdir(dir)) {
      const bytes = await readFile(path.join(dir, file));
      await writeFile(path.join(dir, file), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]));
    }
    const withBom = await loadDataSetDir(dir);
    expect(withBom.ok, withBom.ok ? '' : JSON.stringify(withBom.errors.slice(0, 3))).toBe(true);
    if (withBom.ok && plain.ok) expect(withBom.data).toEqual(plain.data);
  });

  it('a NUL byte in a data file is refused with its line', async () => {
    const dir = await copyOfDefault();
    const file = path.join(dir, 'centres.csv');
    const lines = (await readFile(file, 'utf8')).split('\n');
    lines[2] = lines[2]!.replace('legevaktsentral', 'legevakt\u0000sentral');
    await writeFile(file, lines.join('\n'));
    const r = await loadDataSetDir(dir);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toEqual([{ file: 'centres.csv', line: 3, message: 'contains a NUL character (U+0000)' }]);
  });
});
