import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.ts';
import { PHONE_LIST_COLUMNS, ROUTING_TABLE_COLUMNS, phoneListRows, routingTableRows, toCsv } from './exports.ts';
import { loadDefaultDataSet } from './load.ts';
import { buildDataSet } from './testing.ts';

describe('routingTableRows (RT-8)', () => {
  it('lists every municipality with its centre, underlying and public number, by municipality number', () => {
    const rows = routingTableRows(buildDataSet());
    expect(rows.map((r) => r.municipalityNumber)).toEqual(['0101', '0102', '0103', '0201', '0202']);
    expect(rows[2]).toEqual({
      municipalityNumber: '0103',
      municipalityName: 'Fjellbygd',
      countyNumber: '01',
      countyName: 'Nordfylke',
      centreId: 'lv-fjellbygd',
      centreName: 'Fjellbygd legevaktsentral',
      underlyingNumber: '22120001',
      publicNumber: '22120002',
    });
  });

  it('covers all 357 municipalities of the default set', async () => {
    const rows = routingTableRows(await loadDefaultDataSet());
    expect(rows).toHaveLength(357);
    expect(rows.find((r) => r.municipalityNumber === '0301')?.centreId).toBe('lv-oslo');
  });
});

describe('phoneListRows (RT-9, RT-11)', () => {
  it('lists every centre by name with its numbers, alternative site and AMK', () => {
    const rows = phoneListRows(buildDataSet());
    expect(rows.map((r) => r.centreName)).toEqual([
      'Fjellbygd legevaktsentral',
      'Havby legevaktsentral',
      'Storby legevaktsentral',
    ]);
    expect(rows[1]).toEqual({
      centreId: 'lv-havby',
      centreName: 'Havby legevaktsentral',
      publicNumber: '51000002',
      internalNumber: '51000003',
      underlyingNumber: '51000001',
      alternativeSiteName: 'Øybygd legevakt (reservemottak)',
      alternativeSiteNumber: '51010001',
      amkId: 'amk-sor',
      amkName: 'AMK Sør',
    });
  });

  it('sorts Norwegian letters after z', () => {
    const data = buildDataSet();
    data.centres[0]!.name = 'Ålesund legevaktsentral';
    data.centres[1]!.name = 'Zeta legevaktsentral';
    expect(phoneListRows(data).map((r) => r.centreName)).toEqual([
      'Havby legevaktsentral',
      'Zeta legevaktsentral',
      'Ålesund legevaktsentral',
    ]);
  });
});

describe('toCsv', () => {
  it('writes RFC 4180 CSV with a header, CRLF line ends and quoting where needed', () => {
    const csv = toCsv([
      { name: 'Storby, sentrum', note: 'say "hi"', n: 1 },
      { name: 'Plain', note: 'two\nlines', n: 2 },
    ]);
    expect(csv).toBe('name,note,n\r\n"Storby, sentrum","say ""hi""",1\r\nPlain,"two\nlines",2\r\n');
  });

  it('uses the given columns, also for an empty list', () => {
    expect(toCsv([], ROUTING_TABLE_COLUMNS)).toBe(ROUTING_TABLE_COLUMNS.join(',') + '\r\n');
    expect(toCsv([])).toBe('');
  });

  it('round-trips the phone list through the strict parser', () => {
    const rows = phoneListRows(buildDataSet());
    const parsed = parseCsv(toCsv(rows, PHONE_LIST_COLUMNS), 'phone-list.csv');
    expect(parsed.errors).toEqual([]);
    expect(parsed.header).toEqual([...PHONE_LIST_COLUMNS]);
    expect(parsed.records.map((r) => r.fields)).toEqual(rows.map((r) => PHONE_LIST_COLUMNS.map((c) => r[c])));
  });
});
