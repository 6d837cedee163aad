import { describe, expect, it } from 'vitest';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openPglite } from './pglite.ts';

describe('embedded database', { timeout: 240_000 }, () => {
  it('creates the data folder and its parents on a fresh machine (Quick start)', async () => {
    const base = await mkdtemp(path.join(tmpdir(), 'nodmeld-pglite-'));
    const dir = path.join(base, '.data', 'pglite');
    try {
      const db = await openPglite(dir);
      const r = await db.query<{ one: number }>('SELECT 1 AS one');
      expect(r.rows[0]!.one).toBe(1);
      await db.close();
      expect((await stat(dir)).isDirectory()).toBe(true);
    } finally {
      await rm(base, { recursive: true, force: true });
    }
  });
});
