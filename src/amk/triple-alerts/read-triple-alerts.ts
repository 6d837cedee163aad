/** The triple alerts an AMK is concerned by (raised by it or alerting it), with the missing acknowledgements (AMK-3). */
import type { Actor } from '../../platform/auth/actor.ts';
import { notFound } from '../../platform/errors.ts';
import { pageOf, type Page, type PageQuery } from '../../platform/http/paging.ts';
import type { AmkDeps } from '../deps.ts';
import { amkPolicy, amkScopeOf } from '../policy.ts';
import { amksOfAlert, loadTripleAlert, selectTripleAlerts, type TripleAlert } from './triple-alert-store.ts';

export interface TripleAlertList extends Page<TripleAlert> {
  /** Alerts with at least one acknowledgement missing. */
  counts: { incomplete: number };
}

export async function listTripleAlerts(
  deps: AmkDeps,
  actor: Actor,
  query: PageQuery & { missionId?: string },
): Promise<TripleAlertList> {
  const scope = amkScopeOf(actor, 'amk.read');
  const where: string[] = [];
  const params: unknown[] = [];
  if (scope !== 'national') {
    params.push(scope);
    where.push(`(a.amk_id = ANY($${params.length}::text[]) OR EXISTS (SELECT 1 FROM amk_triple_alert_recipients r
             WHERE r.alert_id = a.id AND r.amk_id = ANY($${params.length}::text[])))`);
  }
  if (query.missionId !== undefined) {
    params.push(query.missionId);
    where.push(`a.mission_id = $${params.length}::uuid`);
  }
  const all = await selectTripleAlerts(deps.db, where.length ? `WHERE ${where.join(' AND ')}` : '', params);
  return { ...pageOf(all, query), counts: { incomplete: all.filter((a) => a.missing.length > 0).length } };
}

export async function readTripleAlert(deps: AmkDeps, actor: Actor, id: string): Promise<TripleAlert> {
  const a = await loadTripleAlert(deps.db, id);
  if (!amkPolicy.can(actor, 'amk.read', { amkIds: amksOfAlert(a) })) throw notFound('The triple alert');
  return a;
}
