/**
 * Links the organisation register to the routing data (ON-1): every AMK centre of the active
 * routing data version becomes an AMK area (under its health trust) with its AMK centre, and every
 * LV-sentral a unit under its AMK area, with the municipalities each serves. Idempotent upsert:
 * names, parents and municipality links follow the routing data; milestones, agreements,
 * equipment and people registered on the units are kept. Audited as one event.
 */
import type { Db } from '../../platform/db/types.ts';
import { recordAudit } from '../../platform/audit.ts';
import { type Actor } from '../../platform/auth/actor.ts';
import type { RoutingDataSet } from '../../routing/domain/types.ts';
import { slug } from './generate-seed-migration.ts';

export const amkAreaId = (amkId: string) => `area-${amkId}`;

export async function syncOrganisationsFromRouting(
  db: Db,
  data: RoutingDataSet,
  actor: Actor,
  dataVersion: number,
): Promise<{ amkAreas: number; lvSentraler: number }> {
  return db.transaction(async (tx) => {
    const trusts = new Set(
      (await tx.query<{ id: string }>("SELECT id FROM readiness_units WHERE kind = 'health-trust'")).rows.map(
        (r) => r.id,
      ),
    );
    const units: {
      id: string;
      kind: string;
      name: string;
      parent: string | null;
      centre: string;
      municipalities: string[];
    }[] = [];
    for (const amk of data.amkCentres) {
      const trust = `hf-${slug(amk.healthTrust)}`;
      units.push({
        id: amkAreaId(amk.id),
        kind: 'amk-area',
        name: `${amk.name} – AMK-område`,
        parent: trusts.has(trust) ? trust : null,
        centre: amk.id,
        municipalities: amk.municipalities,
      });
      units.push({
        id: amk.id,
        kind: 'amk-centre',
        name: amk.name,
        parent: amkAreaId(amk.id),
        centre: amk.id,
        municipalities: [],
      });
    }
    for (const c of data.centres) {
      units.push({
        id: c.id,
        kind: 'lv-sentral',
        name: c.name,
        parent: amkAreaId(c.amkId),
        centre: c.id,
        municipalities: c.municipalities,
      });
    }
    for (const u of units) {
      await tx.query(
        `INSERT INTO readiness_units (id, kind, name, parent_id, centre_id) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (id) DO UPDATE SET name = $3, parent_id = $4, centre_id = $5, updated_at = now()`,
        [u.id, u.kind, u.name, u.parent, u.centre],
      );
    }
    const ids = units.map((u) => u.id);
    await tx.query('DELETE FROM readiness_unit_municipalities WHERE unit_id = ANY($1::text[])', [ids]);
    const pairs = units.flatMap((u) => u.municipalities.map((m) => [u.id, m] as const));
    await tx.query(
      `INSERT INTO readiness_unit_municipalities (unit_id, kommunenummer)
       SELECT * FROM unnest($1::text[], $2::text[])`,
      [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
    );
    const counts = { amkAreas: data.amkCentres.length, lvSentraler: data.centres.length };
    await recordAudit(tx, actor, {
      action: 'organisations.sync-routing',
      entityType: 'readiness_units',
      entityId: `routing-v${dataVersion}`,
      details: counts,
    });
    return counts;
  });
}
