/**
 * The equipment CSV import as a use case (ON-1), called directly: all rows or none, each refusal
 * by line and column with its message code, one audit row per import, and the unit's scope first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../../platform/db/testing.ts';
import { createTestApp, type TestApp } from '../../platform/testing/app.ts';
import { readinessModule } from '../module.ts';
import { ADMIN, api, buildUnit, leaderOf, refusalOf, type Api } from '../testing/factories.ts';
import { importEquipment } from './import-equipment.ts';

/** A distinct 8-digit ISSI per call, so tests on one database never collide. */
let issiSeq = 0;
const issi = () => String(30_000_000 + Math.floor(Math.random() * 1_000_000) * 10 + (issiSeq++ % 10));

describe.each(dbKinds())('ON-1 importEquipment (the use case) on %s', (kind) => {
  let t: TestApp;
  let a: Api;
  beforeAll(async () => {
    t = await createTestApp({ kind, modules: [readinessModule] });
    a = api(t);
  });
  afterAll(async () => t.close());

  const equipmentOf = async (unitId: string) =>
    (
      await t.db.query<{ label: string; kind: string; form: string | null; issi: string | null }>(
        'SELECT label, kind, form, issi FROM readiness_equipment WHERE unit_id = $1 ORDER BY label',
        [unitId],
      )
    ).rows;
  const auditsOf = async (unitId: string) =>
    (
      await t.db.query<{ details: unknown }>(
        `SELECT details FROM audit_events WHERE action = 'readiness.equipment.import' AND entity_id = $1`,
        [unitId],
      )
    ).rows;

  it('stores every row, defaults the kind to radio terminal and writes one audit row', async () => {
    const unit = await buildUnit(a);
    const n = issi();
    const result = await importEquipment(
      t.db,
      ADMIN,
      unit.id,
      `label;form;issi;kind;model\nH1;handheld;${n};;Sepura STP9100\nPlass 1;;;operator-position;\n`,
    );
    expect(result.imported).toBe(2);
    expect(result.ids).toHaveLength(2);
    expect(await equipmentOf(unit.id)).toEqual([
      { label: 'H1', kind: 'radio-terminal', form: 'handheld', issi: n },
      { label: 'Plass 1', kind: 'operator-position', form: null, issi: null },
    ]);
    const audits = await auditsOf(unit.id);
    expect(audits).toHaveLength(1);
    expect(audits[0]!.details).toMatchObject({ count: 2, ids: result.ids });
  });

  it('refuses the whole file by line and column: a terminal without its form, an ISSI twice in the file or already registered', async () => {
    const unit = await buildUnit(a);
    const taken = issi();
    await importEquipment(
      t.db,
      ADMIN,
      unit.id,
      `label;form;issi;model\nFirst;desk;${taken};Sepura SRG3900\n`,
    );
    const twice = issi();
    const e = await refusalOf(
      importEquipment(
        t.db,
        ADMIN,
        unit.id,
        [
          'label;form;issi',
          'Good;vehicle;',
          'No form;;',
          `A;handheld;${twice}`,
          `B;handheld;${twice}`,
          `C;handheld;${taken}`,
        ].join('\n'),
      ),
    );
    expect(e.code).toBe('unprocessable');
    expect(e.extra.detailCode).toBe('csv.refused');
    expect(e.extra.detailParams).toEqual({ rows: 3 });
    expect(e.extra.errors).toEqual([
      expect.objectContaining({ line: 3, column: 'form', code: 'csv.terminal-form-missing' }),
      expect.objectContaining({
        line: 5,
        column: 'issi',
        code: 'csv.duplicate-in-file',
        params: { value: twice, otherLine: 4 },
      }),
      expect.objectContaining({
        line: 6,
        column: 'issi',
        code: 'csv.already-registered',
        params: { value: taken },
      }),
    ]);
    expect((await equipmentOf(unit.id)).map((r) => r.label)).toEqual(['First']);
    expect(await auditsOf(unit.id)).toHaveLength(1);
  });

  it('refuses the whole file when the register refuses a row (a radio terminal without model or type)', async () => {
    const unit = await buildUnit(a);
    const e = await refusalOf(
      importEquipment(t.db, ADMIN, unit.id, 'label;form;model\nGood;desk;Sepura SRG3900\nBare;handheld;\n'),
    );
    expect(e.code).toBe('unprocessable');
    expect(e.extra.errors).toEqual([expect.objectContaining({ line: 3 })]);
    expect(await equipmentOf(unit.id)).toEqual([]);
    expect(await auditsOf(unit.id)).toEqual([]);
  });

  it("refuses a unit outside the caller's scope before reading the file, and stores nothing", async () => {
    const mine = await buildUnit(a);
    const other = await buildUnit(a);
    const leader = leaderOf(mine.id);
    const e = await refusalOf(
      importEquipment(t.db, leader, other.id, 'label;form;model\nX;desk;Sepura SRG3900\n'),
    );
    expect(e.code).toBe('not-found');
    expect(await equipmentOf(other.id)).toEqual([]);
    const ok = await importEquipment(t.db, leader, mine.id, 'label;form;model\nX;desk;Sepura SRG3900\n');
    expect(ok.imported).toBe(1);
  });
});
