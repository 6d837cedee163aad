/**
 * Bad data set directories: every problem is reported with its file, line and a clear message,
 * and nothing is returned as data (RT-2, RT-5, RT-6, RT-8, RT-10, RT-11).
 */
import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RoutingDataSet } from '../domain/types.ts';
import type { DataError } from './csv.ts';
import { FILES } from './files.ts';
import { loadDataSetDir } from './load.ts';
import { buildDataSet } from './testing.ts';
import { dataSetFiles } from './write.ts';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

type Files = Map<string, string>;

/** Writes the fixture data set, changed by `edit`, to a fresh temp dir. */
async function fixture(edit: (files: Files) => void = () => {}, data: RoutingDataSet = buildDataSet()): Promise<string> {
  const files = dataSetFiles(data, { name: 'fixture' });
  edit(files);
  const dir = await mkdtemp(path.join(tmpdir(), 'nodmeld-data-'));
  dirs.push(dir);
  await Promise.all([...files].map(([name, text]) => writeFile(path.join(dir, name), text)));
  return dir;
}

function lines(files: Files, file: string): string[] {
  return files.get(file)!.split('\n');
}

/** Replaces the 1-based `line` of `file`. */
function setLine(files: Files, file: string, line: number, text: string): void {
  const ls = lines(files, file);
  ls[line - 1] = text;
  files.set(file, ls.join('\n'));
}

function deleteLine(files: Files, file: string, line: number): void {
  const ls = lines(files, file);
  ls.splice(line - 1, 1);
  files.set(file, ls.join('\n'));
}

function appendLine(files: Files, file: string, text: string): void {
  files.set(file, files.get(file)! + text + '\n');
}

/** Replaces `from` with `to` on one line (which must contain it). */
function editLine(files: Files, file: string, line: number, from: string, to: string): void {
  const ls = lines(files, file);
  expect(ls[line - 1]).toContain(from);
  ls[line - 1] = ls[line - 1]!.replace(from, to);
  files.set(file, ls.join('\n'));
}

async function errorsOf(dir: string): Promise<DataError[]> {
  const r = await loadDataSetDir(dir);
  if (r.ok) throw new Error('expected the data set to be rejected');
  return r.errors;
}

async function expectError(dir: string, file: string, line: number, message: string | RegExp): Promise<DataError[]> {
  const errors = await errorsOf(dir);
  expect(errors).toContainEqual({ file, line, message: typeof message === 'string' ? message : expect.stringMatching(message) });
  return errors;
}

describe('loadDataSetDir: the fixture itself', () => {
  it('loads the fixture written by dataSetFiles back to an equal data set', async () => {
    const r = await loadDataSetDir(await fixture());
    expect(r.ok && r.data).toEqual(buildDataSet());
  });
});

describe('loadDataSetDir: files and CSV structure', () => {
  it('reports a missing file', async () => {
    const dir = await fixture();
    await unlink(path.join(dir, FILES.centres));
    expect(await errorsOf(dir)).toEqual([{ file: FILES.centres, line: 0, message: 'file is missing' }]);
  });

  it('reports a missing and an unexpected column on the header line', async () => {
    const dir = await fixture((f) => editLine(f, FILES.centres, 1, ',fictional', ',fiktiv'));
    expect(await errorsOf(dir)).toEqual([
      { file: FILES.centres, line: 1, message: 'unexpected column "fiktiv"' },
      { file: FILES.centres, line: 1, message: 'missing column "fictional"' },
    ]);
  });

  it('reports a duplicate column', async () => {
    const dir = await fixture((f) => setLine(f, FILES.portedNumbers, 1, 'number,original_prefix,current_operator,geo,geo'));
    await expectError(dir, FILES.portedNumbers, 1, 'duplicate column "geo"');
  });

  it('reports a row with too many fields', async () => {
    const dir = await fixture((f) => editLine(f, FILES.numberSeries, 3, '2211', '2211,extra'));
    await expectError(dir, FILES.numberSeries, 3, 'expected 5 fields (as in the header), found 6');
  });

  it('reports an unterminated quoted field where it starts', async () => {
    const dir = await fixture((f) => editLine(f, FILES.centres, 3, 'Fjellbygd legevaktsentral', '"Fjellbygd legevaktsentral'));
    await expectError(dir, FILES.centres, 3, 'unterminated quoted field');
  });

  it('reports a quote inside an unquoted field', async () => {
    const dir = await fixture((f) => editLine(f, FILES.postcodes, 4, 'FJELLBYGD', 'FJELL"BYGD'));
    await expectError(dir, FILES.postcodes, 4, 'quote inside an unquoted field');
  });

  it('reports every line of a file bad on each of 200,000 lines (once a stack overflow, not a report)', async () => {
    const dir = await fixture((f) => {
      const [header, row] = lines(f, FILES.postcodes);
      const bad = row!.replace(/^[^,]*/, '00"01');
      f.set(FILES.postcodes, [header, ...Array.from({ length: 200_000 }, () => bad)].join('\n'));
    });
    const errors = await errorsOf(dir);
    expect(errors.filter((e) => e.message === 'quote inside an unquoted field')).toHaveLength(200_000);
    expect(errors.at(-1)).toMatchObject({ file: FILES.postcodes, line: 200_001 });
  });

  it('accepts quoted fields with commas (e.g. a centre name)', async () => {
    const dir = await fixture((f) =>
      editLine(f, FILES.centres, 2, 'Storby legevaktsentral', '"Storby legevaktsentral, Sentrum"'),
    );
    const r = await loadDataSetDir(dir);
    expect(r.ok && r.data.centres[0]!.name).toBe('Storby legevaktsentral, Sentrum');
  });

  it('reports a blank line in the middle of a file', async () => {
    const dir = await fixture((f) => setLine(f, FILES.amkMunicipalities, 3, ''));
    await expectError(dir, FILES.amkMunicipalities, 3, 'empty line');
  });

  it('reports an empty file', async () => {
    const dir = await fixture((f) => f.set(FILES.amkCentres, ''));
    await expectError(dir, FILES.amkCentres, 1, 'file is empty: a header row is required');
  });

  it('reports a broken manifest', async () => {
    expect(await errorsOf(await fixture((f) => f.set('manifest.json', '{ nope')))).toEqual([
      { file: 'manifest.json', line: 0, message: expect.stringMatching(/^not valid JSON/) },
    ]);
    await expectError(
      await fixture((f) => f.set('manifest.json', '{"formatVersion": 2, "name": "x", "description": ""}')),
      'manifest.json',
      0,
      'formatVersion must be 1, found 2',
    );
  });

  it('reports syntax errors of several files together', async () => {
    const dir = await fixture((f) => {
      editLine(f, FILES.centres, 2, ',true,true', ',yes,true');
      editLine(f, FILES.municipalities, 3, '3000', '3k');
    });
    expect(await errorsOf(dir)).toEqual([
      { file: FILES.centres, line: 2, message: 'column "overflow": expected true or false, found "yes"' },
      { file: FILES.municipalities, line: 3, message: 'column "folketall_2024": expected a whole number, found "3k"' },
    ]);
  });
});

describe('loadDataSetDir: field syntax', () => {
  it('rejects a 7-digit phone number', async () => {
    const dir = await fixture((f) => editLine(f, FILES.centres, 4, '51000001', '5100001'));
    await expectError(dir, FILES.centres, 4, 'column "underlying_number": "5100001" is not an 8-digit number');
  });

  it('rejects a 3-digit municipality number', async () => {
    const dir = await fixture((f) => setLine(f, FILES.centreMunicipalities, 2, '101,lv-storby'));
    await expectError(dir, FILES.centreMunicipalities, 2, 'column "municipality_number": "101" is not a 4-digit municipality number');
  });

  it('rejects weekdays that are not space-separated numbers', async () => {
    const dir = await fixture((f) => editLine(f, FILES.centreSchedules, 2, '1 2 3 4 5', 'Mon-Fri'));
    await expectError(dir, FILES.centreSchedules, 2, /column "days": "Mon-Fri" is not ISO weekdays/);
  });

  it('rejects an unknown postcode category', async () => {
    const dir = await fixture((f) => editLine(f, FILES.postcodes, 2, ',G,', ',X,'));
    await expectError(dir, FILES.postcodes, 2, 'column "kategori": "X" is not one of G, P, B, S, F');
  });
});

describe('loadDataSetDir: municipalities served exactly once (RT-1)', () => {
  it('reports a municipality served by two centres at the second row', async () => {
    const dir = await fixture((f) => appendLine(f, FILES.centreMunicipalities, '0101,lv-havby'));
    await expectError(dir, FILES.centreMunicipalities, 7, 'municipality 0101 is already served by centre lv-storby');
  });

  it('reports a municipality served by no centre', async () => {
    const dir = await fixture((f) => deleteLine(f, FILES.centreMunicipalities, 3));
    await expectError(dir, FILES.centreMunicipalities, 0, 'municipality 0102 Småby is served by no centre');
  });

  it('reports an unknown centre and an unknown municipality in centre-municipalities.csv', async () => {
    const dir = await fixture((f) => {
      appendLine(f, FILES.centreMunicipalities, '0102,lv-nowhere');
      appendLine(f, FILES.centreMunicipalities, '0999,lv-havby');
    });
    const errors = await expectError(dir, FILES.centreMunicipalities, 7, 'unknown centre "lv-nowhere"');
    expect(errors).toContainEqual({ file: FILES.centreMunicipalities, line: 8, message: 'unknown municipality "0999"' });
  });

  it('reports a host municipality the centre does not serve', async () => {
    const dir = await fixture((f) => editLine(f, FILES.centres, 4, ',0201,', ',0101,'));
    await expectError(dir, FILES.centres, 4, 'centre lv-havby: host municipality 0101 is not among the municipalities it serves');
  });
});

describe('loadDataSetDir: centres (RT-6, RT-8, RT-9, RT-11)', () => {
  it('reports a duplicate centre id', async () => {
    const data = buildDataSet();
    data.centres[2]!.id = 'lv-storby';
    const errors = await expectError(await fixture(undefined, data), FILES.centres, 4, 'centre id lv-storby is used twice');
    expect(errors.length).toBeGreaterThan(0);
  });

  it('reports a phone number used by two centres', async () => {
    const dir = await fixture((f) => editLine(f, FILES.centres, 4, '51000002', '22100002'));
    await expectError(dir, FILES.centres, 4, 'centre lv-havby: public number 22100002 is already used as public number of lv-storby');
  });

  it('requires a fixed-network public number', async () => {
    const dir = await fixture((f) => editLine(f, FILES.centres, 4, '51000002', '91000002'));
    await expectError(dir, FILES.centres, 4, 'centre lv-havby: public number "91000002" is not a fixed-network 8-digit Norwegian number');
  });

  it('requires an alternative answering site (RT-11)', async () => {
    const dir = await fixture((f) => editLine(f, FILES.centres, 3, 'Fjellbygd reservemottak', ''));
    await expectError(dir, FILES.centres, 3, 'centre lv-fjellbygd: alternative answering site has no name (RT-11)');
  });

  it('requires the centre serving a county’s most populous municipality to be an overflow centre (RT-6)', async () => {
    const dir = await fixture((f) => editLine(f, FILES.centres, 4, ',true,true', ',false,true'));
    await expectError(
      dir,
      FILES.centres,
      4,
      'centre lv-havby serves 0201, the most populous municipality of county 02, and must be an overflow centre (RT-6)',
    );
  });

  it('reports an unknown AMK and an AMK that differs from the host municipality’s AMK', async () => {
    const unknown = await fixture((f) => editLine(f, FILES.centres, 4, 'amk-sor', 'amk-vest'));
    await expectError(unknown, FILES.centres, 4, 'centre lv-havby: unknown AMK "amk-vest"');
    const other = await fixture((f) => editLine(f, FILES.centres, 4, 'amk-sor', 'amk-nord'));
    await expectError(other, FILES.centres, 4, 'centre lv-havby: AMK amk-nord differs from amk-sor, the AMK of its host municipality 0201');
  });
});

describe('loadDataSetDir: part-day schedules (RT-10)', () => {
  it('reports an unknown partner', async () => {
    const dir = await fixture((f) => {
      editLine(f, FILES.centreSchedules, 2, 'lv-storby', 'lv-ghost');
      editLine(f, FILES.centreSchedules, 3, 'lv-storby', 'lv-ghost');
    });
    await expectError(dir, FILES.centreSchedules, 2, 'centre lv-fjellbygd: unknown partner centre "lv-ghost"');
  });

  it('reports a partner that is itself part-day', async () => {
    const dir = await fixture((f) => appendLine(f, FILES.centreSchedules, 'lv-storby,lv-havby,1 2 3 4 5,08:00,16:00'));
    await expectError(
      dir,
      FILES.centreSchedules,
      2,
      'centre lv-fjellbygd: partner lv-storby is itself part-day; a partner must be staffed 24/7 (RT-10)',
    );
  });

  it('reports windows that name different partners', async () => {
    const dir = await fixture((f) => editLine(f, FILES.centreSchedules, 3, 'lv-storby', 'lv-havby'));
    await expectError(
      dir,
      FILES.centreSchedules,
      3,
      'centre lv-fjellbygd: all windows must name the same partner centre (lv-storby), found "lv-havby"',
    );
  });

  it('reports a centre that is its own partner', async () => {
    const dir = await fixture((f) => appendLine(f, FILES.centreSchedules, 'lv-havby,lv-havby,6 7,10:00,14:00'));
    await expectError(dir, FILES.centreSchedules, 4, 'centre lv-havby cannot be its own schedule partner');
  });

  it('reports a weekday outside 1–7, a repeated weekday and bad times', async () => {
    const dir = await fixture((f) => {
      setLine(f, FILES.centreSchedules, 2, 'lv-fjellbygd,lv-storby,1 8 1,25:00,15:3');
    });
    const errors = await expectError(dir, FILES.centreSchedules, 2, 'centre lv-fjellbygd: weekday 8 must be 1 (Monday) … 7 (Sunday)');
    expect(errors).toEqual(
      expect.arrayContaining([
        { file: FILES.centreSchedules, line: 2, message: 'centre lv-fjellbygd: weekday 1 is listed twice' },
        { file: FILES.centreSchedules, line: 2, message: 'centre lv-fjellbygd: start time "25:00" must be HH:MM (00:00–23:59)' },
        { file: FILES.centreSchedules, line: 2, message: 'centre lv-fjellbygd: end time "15:3" must be HH:MM (00:00–24:00)' },
      ]),
    );
  });

  it('reports a schedule row for an unknown centre', async () => {
    const dir = await fixture((f) => appendLine(f, FILES.centreSchedules, 'lv-ghost,lv-storby,1,08:00,16:00'));
    await expectError(dir, FILES.centreSchedules, 4, 'unknown centre "lv-ghost"');
  });
});

describe('loadDataSetDir: AMK areas', () => {
  it('reports a municipality covered by no AMK and one covered twice', async () => {
    const dir = await fixture((f) => {
      deleteLine(f, FILES.amkMunicipalities, 6);
      appendLine(f, FILES.amkMunicipalities, '0101,amk-sor');
    });
    const errors = await expectError(dir, FILES.amkMunicipalities, 0, 'municipality 0202 Øybygd is served by no AMK centre');
    expect(errors).toContainEqual({
      file: FILES.amkMunicipalities,
      line: 6,
      message: 'municipality 0101 is already covered by AMK amk-nord',
    });
  });

  it('reports an unknown AMK id in amk-municipalities.csv', async () => {
    const dir = await fixture((f) => appendLine(f, FILES.amkMunicipalities, '0101,amk-vest'));
    await expectError(dir, FILES.amkMunicipalities, 7, 'unknown AMK "amk-vest"');
  });
});

describe('loadDataSetDir: number plan (RT-2)', () => {
  it('reports a duplicate prefix', async () => {
    const dir = await fixture((f) => appendLine(f, FILES.numberSeries, '2211,Telia,other-fixed,,01'));
    await expectError(dir, FILES.numberSeries, 11, 'prefix 2211 is listed twice');
  });

  it('enforces the geography each kind of series carries', async () => {
    const dir = await fixture((f) => {
      setLine(f, FILES.numberSeries, 2, '2210,Telenor,incumbent-fixed,,01');
      setLine(f, FILES.numberSeries, 5, '2213,Telia,other-fixed,0101,01');
      setLine(f, FILES.numberSeries, 10, '90,Telenor,mobile,,01');
      setLine(f, FILES.numberSeries, 9, '850,Telio,ip,,');
    });
    const errors = await errorsOf(dir);
    expect(errors).toEqual(
      expect.arrayContaining([
        { file: FILES.numberSeries, line: 2, message: 'series 2210: an incumbent fixed series must name its municipality' },
        { file: FILES.numberSeries, line: 5, message: "series 2213: another operator's fixed series resolves to a county only" },
        { file: FILES.numberSeries, line: 9, message: 'series 850: an IP series must name a county or a municipality' },
        { file: FILES.numberSeries, line: 10, message: 'series 90: a mobile series carries no geography' },
      ]),
    );
  });

  it('reports an unknown kind, a prefix in the wrong range and unknown geography', async () => {
    const dir = await fixture((f) => {
      setLine(f, FILES.numberSeries, 3, '2211,Telenor,satellite,0102,01');
      setLine(f, FILES.numberSeries, 4, '1212,Telenor,incumbent-fixed,0103,01');
      setLine(f, FILES.numberSeries, 8, '5101,Telenor,incumbent-fixed,0999,02');
      setLine(f, FILES.numberSeries, 6, '5100,Telenor,incumbent-fixed,0201,01');
    });
    const errors = await errorsOf(dir);
    expect(errors).toEqual(
      expect.arrayContaining([
        { file: FILES.numberSeries, line: 3, message: 'series 2211: kind "satellite" must be one of incumbent-fixed, other-fixed, mobile, ip' },
        { file: FILES.numberSeries, line: 4, message: 'series 1212: a incumbent-fixed series cannot start with 1' },
        { file: FILES.numberSeries, line: 6, message: 'series 5100: municipality 0201 is not in county 01' },
        { file: FILES.numberSeries, line: 8, message: 'series 5101: unknown municipality "0999"' },
      ]),
    );
  });

  it('reports ported numbers with an unknown or non-matching original series, duplicates and bad numbers', async () => {
    const dir = await fixture((f) => {
      appendLine(f, FILES.portedNumbers, '22109999,2299,Telia,false');
      appendLine(f, FILES.portedNumbers, '51019999,5100,Telia,false');
      appendLine(f, FILES.portedNumbers, '22101234,2210,Ice,false');
      appendLine(f, FILES.portedNumbers, '2210123,2210,Ice,false');
    });
    const errors = await errorsOf(dir);
    expect(errors).toEqual([
      { file: FILES.portedNumbers, line: 4, message: `ported number 22109999: original series "2299" is not in ${FILES.numberSeries}` },
      { file: FILES.portedNumbers, line: 5, message: 'ported number 51019999 does not belong to its original series 5100' },
      { file: FILES.portedNumbers, line: 6, message: 'ported number 22101234 is listed twice' },
      { file: FILES.portedNumbers, line: 7, message: 'ported number "2210123" is not an 8-digit Norwegian number' },
    ]);
  });
});

describe('loadDataSetDir: reference files, postcodes and territories (RT-5)', () => {
  it('reports a postcode in an unknown municipality', async () => {
    const dir = await fixture((f) => editLine(f, FILES.postcodes, 6, '0202', '0299'));
    await expectError(
      dir,
      FILES.postcodes,
      6,
      `postcode 2100: unknown municipality "0299" (map territories in ${FILES.postcodeTerritories})`,
    );
  });

  it('maps territory postcodes (Svalbard) to the municipality whose centre serves them', async () => {
    const dir = await fixture((f) => {
      appendLine(f, FILES.postcodes, '9170,LONGYEARBYEN,2100,SVALBARD,G,');
      appendLine(f, FILES.postcodeTerritories, '2100,Svalbard,0101');
    });
    const r = await loadDataSetDir(dir);
    expect(r.ok && r.data.postcodes.at(-1)).toEqual({ code: '9170', place: 'LONGYEARBYEN', municipality: '0101' });
  });

  it('reports a territory that is a municipality or maps to an unknown one', async () => {
    const dir = await fixture((f) => {
      appendLine(f, FILES.postcodeTerritories, '0101,Storby,0202');
      appendLine(f, FILES.postcodeTerritories, '2100,Svalbard,0999');
    });
    const errors = await expectError(dir, FILES.postcodeTerritories, 2, '0101 is a municipality, not a territory');
    expect(errors).toContainEqual({ file: FILES.postcodeTerritories, line: 3, message: 'unknown municipality "0999"' });
  });

  it('reports a county whose most populous municipality is wrong', async () => {
    const dir = await fixture((f) => editLine(f, FILES.counties, 2, ',0101,', ',0102,'));
    await expectError(dir, FILES.counties, 2, 'county 01: 0101 Storby (50000) is more populous than 0102 Småby (3000)');
  });

  it('reports a county missing from the menu regions and a municipality in an unknown county', async () => {
    const dir = await fixture((f) => {
      editLine(f, FILES.menuRegions, 3, ',02,', ',01,');
      editLine(f, FILES.municipalities, 6, ',02,', ',09,');
    });
    const errors = await errorsOf(dir);
    expect(errors).toEqual(
      expect.arrayContaining([
        { file: FILES.menuRegions, line: 3, message: 'county 01 is in both "Nord" and "Sør"' },
        { file: FILES.menuRegions, line: 0, message: 'county 02 Sørfylke is in no menu region' },
        { file: FILES.municipalities, line: 6, message: 'municipality 0202: unknown county "09"' },
      ]),
    );
  });

  it('reports an HF catchment row for an unknown municipality', async () => {
    const dir = await fixture((f) => appendLine(f, FILES.healthTrustAreas, '0999,Ukjent,kommune,0999,,,'));
    await expectError(dir, FILES.healthTrustAreas, 7, 'unknown municipality "0999"');
  });
});
