/** The committed default data set is exactly what the seeded generator produces (RT-2). */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_DATA_DIR } from './load.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
let out: string | undefined;
afterAll(async () => {
  if (out) await rm(out, { recursive: true, force: true });
});

describe('scripts/generate-default-data.ts', () => {
  it('regenerates data/default byte for byte', async () => {
    out = await mkdtemp(path.join(tmpdir(), 'nodmeld-gen-'));
    await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'scripts/generate-default-data.ts', '--out', out],
      { cwd: ROOT },
    );
    const committed = (await readdir(DEFAULT_DATA_DIR)).sort();
    expect((await readdir(out)).sort()).toEqual(committed);
    for (const name of committed) {
      const [a, b] = await Promise.all([readFile(path.join(DEFAULT_DATA_DIR, name)), readFile(path.join(out, name))]);
      expect(a.equals(b), `${name} differs from the generator's output`).toBe(true);
    }
  });
});
