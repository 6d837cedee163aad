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
  page: PageQuery,
): Promise<TripleAlertList> {
  const scope = amkScopeOf(actor, 'amk.read');
  const all =
    scope === 'national'
      ? await selectTripleAlerts(deps.db, '', [])
      : await selectTripleAlerts(
          deps.db,
          `WHERE a.amk_id = ANY($1::text[]) OR EXISTS (SELECT 1 FROM amk_triple_alert_recipients r
             WHERE r.alert_id = a.id AND r.amk_id = ANY($1::text[]))`,
          [scope],
        );
  return { ...pageOf(all, page), counts: { incomplete: all.filter((a) => a.missing.length > 0).length } };
}

export async function readTripleAlert(deps: AmkDeps, actor: Actor, id: string): Promise<TripleAlert> {
  const a = await loadTripleAlert(deps.db, id);
  if (!amkPolicy.can(actor, 'amk.read', { amkIds: amksOfAlert(a) })) throw notFound('The triple alert');
  return a;
}
