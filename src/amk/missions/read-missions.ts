/**
 * The missions an AMK follows (AMK-2): those in its area and those its units serve in a
 * neighbour's — the overview across AMK borders. Reading one mission (location, call, timeline:
 * about a patient) is audited.
 */
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit } from '../../platform/audit.ts';
import { notFound } from '../../platform/errors.ts';
import { pageOf, type Page, type PageQuery } from '../../platform/http/paging.ts';
import type { AmkDeps } from '../deps.ts';
import { amkPolicy, amkScopeOf } from '../policy.ts';
import {
  loadMission,
  selectMissions,
  timelineOf,
  type Mission,
  type MissionDetail,
} from './mission-store.ts';

export interface MissionList extends Page<Mission> {
  counts: { open: number; closed: number; crossBorder: number };
}

export async function listMissions(
  deps: AmkDeps,
  actor: Actor,
  filter: { state?: 'open' | 'closed' | undefined } & PageQuery,
): Promise<MissionList> {
  const scope = amkScopeOf(actor, 'amk.read');
  const params: unknown[] = [];
  const where: string[] = [];
  if (filter.state) {
    params.push(filter.state);
    where.push(`m.state = $${params.length}`);
  }
  if (scope !== 'national') {
    params.push(scope);
    where.push(
      `(m.amk_id = ANY($${params.length}::text[]) OR EXISTS (SELECT 1 FROM amk_mission_units u WHERE u.mission_id = m.id AND u.amk_id = ANY($${params.length}::text[])))`,
    );
  }
  const items = await selectMissions(deps.db, where.length ? `WHERE ${where.join(' AND ')}` : '', params);
  return {
    ...pageOf(items, filter),
    counts: {
      open: items.filter((m) => m.state === 'open').length,
      closed: items.filter((m) => m.state === 'closed').length,
      crossBorder: items.filter((m) => m.amkIds.length > 1).length,
    },
  };
}

export async function readMission(deps: AmkDeps, actor: Actor, id: string): Promise<MissionDetail> {
  const m = await loadMission(deps.db, id);
  if (!amkPolicy.can(actor, 'amk.read', { amkIds: m.amkIds })) throw notFound('The mission');
  await recordAudit(deps.db, actor, {
    action: 'amk.mission.read',
    entityType: 'amk-mission',
    entityId: id,
    centreId: m.amkId,
  });
  return { ...m, timeline: await timelineOf(deps.db, id) };
}
