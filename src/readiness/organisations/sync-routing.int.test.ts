import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds } from '../../platform/db/testing.ts';
import type { Db } from '../../platform/db/types.ts';
import { SYSTEM_ACTOR } from '../../platform/auth/actor.ts';
import { buildDataSet } from '../../routing/domain/testing.ts';
import { syncOrganisationsFromRouting } from './sync-routing.ts';

describe.each(dbKinds())('ON-1: organisation register linked to the routing data on %s', (kind) => {
  let db: Db;
  beforeAll(async () => {
    db = await createTestDb(kind);
  });
  afterAll(async () => {
    await db.close();
  });

  it('creates AMK areas and LV-sentraler with their municipalities, idempotently, keeping registered milestones', async () => {
    const data = buildDataSet();
    await syncOrganisationsFromRouting(db, data, SYSTEM_ACTOR, 1);
    await db.query("UPDATE readiness_units SET local_project_start = '2026-01-05' WHERE id = 'lv-bergen'");
    await syncOrganisationsFromRouting(db, data, SYSTEM_ACTOR, 1);
    const lv = await db.query<{ id: string; kind: string; parent_id: string; local_project_start: string }>(
      "SELECT id, kind, parent_id, local_project_start FROM readiness_units WHERE id = 'lv-bergen'",
    );
    expect(lv.rows[0]).toMatchObject({
      kind: 'lv-sentral',
      parent_id: 'area-amk-bergen',
      local_project_start: '2026-01-05',
    });
    const m = await db.query<{ kommunenummer: string }>(
      "SELECT kommunenummer FROM readiness_unit_municipalities WHERE unit_id = 'lv-bergen' ORDER BY 1",
    );
    expect(m.rows.map((r) => r.kommunenummer)).toEqual(['4601', '4627']);
    const n = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM readiness_units WHERE kind = 'lv-sentral'",
    );
    expect(n.rows[0]!.n).toBe(data.centres.length);
    const area = await db.query<{ parent_id: string | null }>(
      "SELECT parent_id FROM readiness_units WHERE id = 'area-amk-bergen'",
    );
    expect(area.rows[0]!.parent_id).toBe('hf-helse-bergen-hf');
  });
});
