/**
 * The safety alarms an operator's console shows (NN-4): every unacknowledged alarm that has
 * reached the caller's AMKs (or, nationally, every one), and those acknowledged in the last 24
 * hours, newest first, a page at a time; counts for a badge.
 */
import type { Actor } from '../../platform/auth/actor.ts';
import { notFound } from '../../platform/errors.ts';
import { pageOf, type Page, type PageQuery } from '../../platform/http/paging.ts';
import type { AmkDeps } from '../deps.ts';
import { amkPolicy } from '../policy.ts';
import {
  alarmView,
  audienceOf,
  loadAlarmRow,
  SELECT_ALARMS,
  type AlarmRow,
  type SafetyAlarm,
} from './alarm-store.ts';

export interface AlarmList extends Page<SafetyAlarm> {
  counts: { unacknowledged: number; acknowledged: number };
}

const sees = (deps: AmkDeps, actor: Actor, r: AlarmRow) =>
  amkPolicy.can(actor, 'amk.read', { amkIds: audienceOf(deps, r) });

export async function listAlarms(deps: AmkDeps, actor: Actor, page: PageQuery): Promise<AlarmList> {
  const since = new Date(deps.clock.nowMs() - 86_400_000);
  const { rows } = await deps.db.query<AlarmRow>(
    `${SELECT_ALARMS} WHERE a.acknowledged_at IS NULL OR a.acknowledged_at >= $1 ORDER BY a.raised_at DESC LIMIT 1000`,
    [since],
  );
  const visible = rows.filter((r) => sees(deps, actor, r));
  const unacknowledged = visible.filter((r) => r.acknowledged_ms === null).length;
  const p = pageOf(visible, page);
  const items: SafetyAlarm[] = [];
  for (const r of p.items) items.push(await alarmView(deps, r));
  return { ...p, items, counts: { unacknowledged, acknowledged: visible.length - unacknowledged } };
}

export async function readAlarm(deps: AmkDeps, actor: Actor, id: string): Promise<SafetyAlarm> {
  const r = await loadAlarmRow(deps.db, id);
  if (!sees(deps, actor, r)) throw notFound('The alarm');
  return alarmView(deps, r);
}
