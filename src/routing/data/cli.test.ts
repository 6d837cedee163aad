import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../platform/auth/actor.ts';
import { createTestDb } from '../../platform/db/testing.ts';
import type { Db } from '../../platform/db/types.ts';
import { MAX_PRINTED_ERRORS, dataActivateCommand, dataImportCommand, dataValidateCommand } from './cli.ts';
import { FILES } from './files.ts';
import { getActiveDataVersion, listDataVersions, loadDataVersion } from './store.ts';
import { buildDataSet } from './testing.ts';
import { dataSetFiles } from './write.ts';

const dirs: string[] = [];
let db: Db;
beforeAll(async () => {
  db = await createTestDb('pglite');
});
afterAll(async () => {
  await db.close();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function fixtureDir(edit: (files: Map<string, string>) => void = () => {}): Promise<string> {
  const files = dataSetFiles(buildDataSet(), { name: 'fixture' });
  edit(files);
  const dir = await mkdtemp(path.join(tmpdir(), 'nodmeld-cli-'));
  dirs.push(dir);
  await Promise.all([...files].map(([name, text]) => writeFile(path.join(dir, name), text)));
  return dir;
}

function capture(): { write(s: string): void; text: () => string } {
  let buf = '';
  return { write: (s: string) => void (buf += s), text: () => buf };
}

describe('data validate', () => {
  it('prints the statistics of a valid set and exits 0', async () => {
    const out = capture();
    expect(await dataValidateCommand(await fixtureDir(), out)).toBe(0);
    expect(out.text()).toMatch(/valid routing data set "fixture"/);
    expect(out.text()).toMatch(/centres: 3/);
  });

  it('prints file:line: message for every error and exits 1', async () => {
    const dir = await fixtureDir((f) => {
      f.set(FILES.centres, f.get(FILES.centres)!.replace('lv-havby,Havby legevaktsentral,0201,51000001', 'lv-havby,Havby legevaktsentral,0201,5100'));
      f.set(FILES.portedNumbers, f.get(FILES.portedNumbers)! + '22101234,2210,Ice,maybe\n');
    });
    const out = capture();
    expect(await dataValidateCommand(dir, out)).toBe(1);
    expect(out.text().split('\n')).toEqual([
      `${path.join(dir, FILES.centres)}:4: column "underlying_number": "5100" is not an 8-digit number`,
      `${path.join(dir, FILES.portedNumbers)}:4: column "geo": expected true or false, found "maybe"`,
      '2 error(s): nothing was imported.',
      '',
    ]);
  });

  it('caps the number of printed errors', async () => {
    const extra = Array.from({ length: MAX_PRINTED_ERRORS + 5 }, (_, i) => `2210${String(i).padStart(4, '0')},9999,Ice,false`);
    const dir = await fixtureDir((f) => f.set(FILES.portedNumbers, f.get(FILES.portedNumbers)! + extra.join('\n') + '\n'));
    const out = capture();
    expect(await dataValidateCommand(dir, out)).toBe(1);
    const lines = out.text().trimEnd().split('\n');
    expect(lines).toHaveLength(MAX_PRINTED_ERRORS + 2);
    expect(lines.at(-2)).toBe('… and 5 more errors');
    expect(lines.at(-1)).toBe(`${MAX_PRINTED_ERRORS + 5} error(s): nothing was imported.`);
  });

  it('reports a directory that does not exist', async () => {
    const out = capture();
    expect(await dataValidateCommand('/nonexistent/nodmeld-data', out)).toBe(1);
    expect(out.text()).toBe('/nonexistent/nodmeld-data: directory does not exist\n1 error(s): nothing was imported.\n');
  });
});

describe('data import / activate', () => {
  it('imports nothing from an invalid directory', async () => {
    const before = await listDataVersions(db);
    const dir = await fixtureDir((f) => f.set(FILES.amkCentres, 'id,name\n'));
    const out = capture();
    expect(await dataImportCommand(db, dir, out, SYSTEM_ACTOR)).toBe(1);
    expect(out.text()).toContain(`${path.join(dir, FILES.amkCentres)}:1: missing column "health_trust"`);
    expect(await listDataVersions(db)).toEqual(before);
  });

  it('imports a valid directory as a new version, optionally activating it', async () => {
    const dir = await fixtureDir();
    const out = capture();
    expect(await dataImportCommand(db, dir, out, SYSTEM_ACTOR)).toBe(0);
    const [first] = await listDataVersions(db);
    expect(out.text()).toContain(`Imported data version ${first!.id}`);
    expect(first!.active).toBe(false);
    expect(await loadDataVersion(db, first!.id)).toEqual(buildDataSet());

    expect(await dataImportCommand(db, dir, capture(), SYSTEM_ACTOR, { activate: true, source: 'test' })).toBe(0);
    const [second] = await listDataVersions(db);
    expect(second).toMatchObject({ source: 'test', active: true });

    const act = capture();
    expect(await dataActivateCommand(db, first!.id, act, SYSTEM_ACTOR)).toBe(0);
    expect(act.text()).toBe(`Data version ${first!.id} is now active (was ${second!.id}).\n`);
    expect(await getActiveDataVersion(db)).toBe(first!.id);
    expect(await dataActivateCommand(db, 424242, capture(), SYSTEM_ACTOR)).toBe(1);
  });
});
