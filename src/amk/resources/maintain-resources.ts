/**
 * Registering and changing resources (NN-5, AMK-2): an ambulance, a doctor on call, a
 * first-responder group, with its home station, AMK area, Nødnett terminal (ISSI, unique) and the
 * readiness unit whose roster crews it. Each change is audited and announced to the AMK.
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../platform/auth/actor.ts';
import { changedFields } from '../../platform/audit.ts';
import { conflict, refusal } from '../../platform/errors.ts';
import { recordChange } from '../../platform/events/record-change.ts';
import type { FirstResponderAgency, ResourceKind } from '../domain/resource.ts';
import { readOptions, type AmkDeps } from '../deps.ts';
import { resourceChanged } from '../events.ts';
import { tellNeighbours } from './tell-neighbours.ts';
import { loadResource, type Resource } from './resource-store.ts';

export interface ResourceInput {
  callSign: string;
  kind: ResourceKind;
  agency?: FirstResponderAgency | null;
  amkId: string;
  station: { name: string; lat: number; lon: number };
  issi?: string | null;
  rosterUnitId?: string | null;
}

function check(deps: AmkDeps, input: ResourceInput): void {
  if (!deps.areas.isAmk(input.amkId))
    throw refusal('unprocessable', `The AMK ${input.amkId} is not in the routing data in force`, {
      code: 'amk.resource.unknown-amk',
      params: { amkId: input.amkId },
    });
  const isGroup = input.kind === 'first-responder';
  if (isGroup !== Boolean(input.agency))
    throw refusal('unprocessable', 'A first-responder group names its agency; no other kind does', {
      code: 'amk.resource.agency-mismatch',
      params: { kind: input.kind },
    });
}

const columns = (i: ResourceInput) => [
  i.callSign,
  i.kind,
  i.agency ?? null,
  i.amkId,
  i.station.name,
  i.station.lat,
  i.station.lon,
  i.issi ?? null,
  i.rosterUnitId ?? null,
];

/** Registers a resource, available from now. */
export async function registerResource(deps: AmkDeps, actor: Actor, input: ResourceInput): Promise<Resource> {
  check(deps, input);
  const id = randomUUID();
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO amk_resources (id, call_sign, kind, agency, amk_id, station_name, station_lat, station_lon, issi,
         roster_unit_id, status, status_changed_at)
       VALUES ($10, $1, $2, $3, $4, $5, $6, $7, $8, $9, 'available', $11)`,
      [...columns(input), id, now],
    );
    await tx.query(
      `INSERT INTO amk_resource_status_changes (resource_id, from_status, to_status, at, actor_name)
       VALUES ($1, NULL, 'available', $2, $3)`,
      [id, now, actor.name],
    );
    await recordChange(tx, actor, {
      audit: {
        action: 'amk.resource.created',
        entityType: 'amk-resource',
        entityId: id,
        centreId: input.amkId,
        details: { callSign: input.callSign, kind: input.kind, issi: input.issi ?? null },
      },
      event: resourceChanged.of({
        resourceId: id,
        amkId: input.amkId,
        change: 'created',
        status: 'available',
        fromStatus: null,
        missionId: null,
        revision: 1,
      }),
    });
    await tellNeighbours(tx, deps, actor, { resourceId: id, amkId: input.amkId, available: true });
  });
  return loadResource(deps.db, id, readOptions(deps));
}

/** Changes a resource's register data (not its status) on the revision it was read at. */
export async function updateResource(
  deps: AmkDeps,
  actor: Actor,
  id: string,
  input: ResourceInput & { revision: number },
): Promise<Resource> {
  check(deps, input);
  await deps.db.transaction(async (tx) => {
    const before = await loadResource(tx, id, readOptions(deps), true);
    if (before.revision !== input.revision)
      throw conflict('The resource was changed since it was read', {
        detailCode: 'amk.resource.revision',
        detailParams: { revision: before.revision },
      });
    await tx.query(
      `UPDATE amk_resources SET call_sign = $1, kind = $2, agency = $3, amk_id = $4, station_name = $5,
         station_lat = $6, station_lon = $7, issi = $8, roster_unit_id = $9, revision = revision + 1
       WHERE id = $10`,
      [...columns(input), id],
    );
    const register = (r: ResourceInput) => ({
      callSign: r.callSign,
      kind: r.kind,
      agency: r.agency ?? null,
      amkId: r.amkId,
      station: r.station,
      issi: r.issi ?? null,
      rosterUnitId: r.rosterUnitId ?? null,
    });
    await recordChange(tx, actor, {
      audit: {
        action: 'amk.resource.updated',
        entityType: 'amk-resource',
        entityId: id,
        centreId: input.amkId,
        details: { changes: changedFields(register(before), register(input)) },
      },
      event: resourceChanged.of({
        resourceId: id,
        amkId: input.amkId,
        change: 'updated',
        status: before.status,
        fromStatus: null,
        missionId: before.missionId,
        revision: before.revision + 1,
      }),
    });
    // The neighbours see this unit's register data while it is available; a move to another AMK
    // changes both neighbourhoods.
    if (before.status === 'available' || before.amkId !== input.amkId)
      await tellNeighbours(
        tx,
        deps,
        actor,
        { resourceId: id, amkId: input.amkId, available: before.status === 'available' },
        [...new Set([before.amkId, input.amkId])],
      );
  });
  return loadResource(deps.db, id, readOptions(deps));
}
