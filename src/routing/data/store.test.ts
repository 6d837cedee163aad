/** Stored routing data versions: one contract suite on every database kind (RT-2, RT-7, RT-8). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR, type Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/types.ts';
import { AppError } from '../../platform/errors.ts';
import { createTestDb, dbKinds } from '../../platform/db/testing.ts';
import { dataSetChecksum } from './checksum.ts';
import { loadDefaultDataSet } from './load.ts';
import {
  activateDataVersion,
  deleteDataVersion,
  getActiveDataVersion,
  importDataSet,
  listDataVersions,
  loadActiveDataSet,
  loadDataVersion,
} from './store.ts';
import { buildDataSet } from './testing.ts';

const admin: Actor = { type: 'user', id: 'u-1', name: 'Ada Admin', role: 'admin', centreId: null };

const TABLES = [
  'data_versions',
  'data_counties',
  'data_municipalities',
  'data_postcodes',
  'data_menu_regions',
  'data_amk_centres',
  'data_amk_municipalities',
  'data_centres',
  'data_centre_municipalities',
  'data_centre_windows',
  'data_number_series',
  'data_ported_numbers',
] as const;

async function rowCounts(db: Db): Promise<Record<(typeof TABLES)[number], number>> {
  const out = {} as Record<(typeof TABLES)[number], number>;
  for (const t of TABLES) {
    const r = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t}`);
    out[t] = r.rows[0]!.n;
  }
  return out;
}

async function auditActions(db: Db): Promise<{ action: string; entity_id: string; actor_name: string }[]> {
  const r = await db.query<{ action: string; entity_id: string; actor_name: string }>(
    `SELECT action, entity_id, actor_name FROM audit_events WHERE action LIKE 'data.%' ORDER BY id`,
  );
  return r.rows;
}

describe.each(dbKinds())('routing data store on %s', (kind) => {
  let db: Db;
  beforeAll(async () => {
    db = await createTestDb(kind);
  });
  afterAll(async () => {
    await db.close();
  });

  it('RT-8: imports the full default set, activates it and reads back an equal set, with audit rows', async () => {
    const data = await loadDefaultDataSet();
    const before = await auditActions(db);
    const { version, checksum, stats } = await importDataSet(db, data, { source: 'default', actor: admin });
    expect(checksum).toBe(dataSetChecksum(data));
    expect(stats.portedNumbers).toBe(data.portedNumbers.length);
    expect(await getActiveDataVersion(db)).not.toBe(version);

    await activateDataVersion(db, version, admin);
    expect(await getActiveDataVersion(db)).toBe(version);
    const back = await loadDataVersion(db, version);
    expect(back).toEqual(data);
    expect(dataSetChecksum(back)).toBe(checksum);

    const listed = (await listDataVersions(db)).find((v) => v.id === version)!;
    expect(listed).toMatchObject({ source: 'default', checksum, active: true, createdBy: 'Ada Admin', activatedBy: 'Ada Admin' });
    expect(listed.stats.centres).toBe(data.centres.length);
    expect(Date.parse(listed.createdAt)).not.toBeNaN();
    expect(Date.parse(listed.activatedAt!)).not.toBeNaN();

    const audit = (await auditActions(db)).slice(before.length);
    expect(audit).toEqual([
      { action: 'data.import', entity_id: String(version), actor_name: 'Ada Admin' },
      { action: 'data.activate', entity_id: String(version), actor_name: 'Ada Admin' },
    ]);
  });

  it('RT-7: switches the active version; exactly one version is active at a time', async () => {
    const a = await importDataSet(db, buildDataSet(), { source: 'a', actor: admin });
    const changed = buildDataSet();
    changed.centres[0]!.underlyingNumber = '22100011';
    const b = await importDataSet(db, changed, { source: 'b', actor: admin, activate: true });
    expect(b.checksum).not.toBe(a.checksum);
    expect(await getActiveDataVersion(db)).toBe(b.version);

    expect(await activateDataVersion(db, a.version, admin)).toEqual({ previous: b.version });
    const active = (await listDataVersions(db)).filter((v) => v.active);
    expect(active.map((v) => v.id)).toEqual([a.version]);
    const current = await loadActiveDataSet(db);
    expect(current?.version).toBe(a.version);
    expect(current?.data.centres[0]!.underlyingNumber).toBe('22100001');

    await activateDataVersion(db, b.version, admin);
    expect((await loadActiveDataSet(db))?.data).toEqual(changed);
  });

  it('RT-7: keeps exactly one active version when two activations race', async () => {
    const a = await importDataSet(db, buildDataSet(), { source: 'race-a', actor: admin });
    const b = await importDataSet(db, buildDataSet(), { source: 'race-b', actor: admin });
    await Promise.all([activateDataVersion(db, a.version, admin), activateDataVersion(db, b.version, admin)]);
    const active = (await listDataVersions(db)).filter((v) => v.active).map((v) => v.id);
    expect(active).toHaveLength(1);
    expect([a.version, b.version]).toContain(active[0]);
  });

  it('rejects an invalid data set with its errors and writes nothing', async () => {
    const before = await rowCounts(db);
    const bad = buildDataSet();
    bad.centres[1]!.municipalities = [];
    const err = await importDataSet(db, bad, { source: 'bad', actor: admin }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('unprocessable');
    expect((err as AppError).extra.dataErrors).toContainEqual({
      file: 'centre-municipalities.csv',
      line: 0,
      message: 'municipality 0103 Fjellbygd is served by no centre',
    });
    expect(await rowCounts(db)).toEqual(before);
  });

  it('leaves nothing half-imported when the transaction fails after the bulk rows are written', async () => {
    const before = await rowCounts(db);
    const auditBefore = await auditActions(db);
    // The audit insert is the last statement of the import; a NULL actor type makes it fail.
    const broken = { ...SYSTEM_ACTOR, type: null } as unknown as Actor;
    await expect(importDataSet(db, buildDataSet(), { source: 'x', actor: broken, activate: true })).rejects.toThrow();
    expect(await rowCounts(db)).toEqual(before);
    expect(await auditActions(db)).toEqual(auditBefore);
  });

  it('reports unknown versions as not found and keeps the active version', async () => {
    const active = await getActiveDataVersion(db);
    await expect(activateDataVersion(db, 999_999, admin)).rejects.toMatchObject({ code: 'not-found' });
    await expect(loadDataVersion(db, 999_999)).rejects.toMatchObject({ code: 'not-found' });
    expect(await getActiveDataVersion(db)).toBe(active);
  });

  it('deletes an inactive version with all its rows, but never the active one', async () => {
    const { version } = await importDataSet(db, buildDataSet(), { source: 'temp', actor: admin });
    const withIt = await rowCounts(db);
    expect(withIt.data_ported_numbers).toBeGreaterThan(0);
    await deleteDataVersion(db, version, admin);
    const after = await rowCounts(db);
    expect(after.data_versions).toBe(withIt.data_versions - 1);
    expect(after.data_ported_numbers).toBe(withIt.data_ported_numbers - 2);
    expect(after.data_number_series).toBe(withIt.data_number_series - buildDataSet().numberSeries.length);
    expect(after.data_centres).toBe(withIt.data_centres - 3);
    expect((await auditActions(db)).at(-1)).toMatchObject({ action: 'data.delete', entity_id: String(version) });

    const active = (await getActiveDataVersion(db))!;
    await expect(deleteDataVersion(db, active, admin)).rejects.toMatchObject({ code: 'conflict' });
  });
});
