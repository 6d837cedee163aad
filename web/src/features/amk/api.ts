/**
 * The AMK picture's API (issue 14; docs/amk.md): resources, their status and tracks, safety alarms,
 * and the AMK centres' names. Types inferred from the server's schemas (type-only: nothing of zod
 * is bundled); value lists and the transition table from the server's pure domain module.
 */
import type { z } from 'zod';
import type {
  alarmListSchema,
  alarmSchema,
  resourceDetailSchema,
  resourceListSchema,
  resourceSchema,
} from '../../../../src/amk/http/schema.ts';
import type { positionsRecorded, resourceChanged, safetyAlarmChanged } from '../../../../src/amk/events.ts';
import type { EventDefinition } from '../../../../src/platform/events/define-event.ts';
import { api } from '../../shared/api/client.ts';

export {
  RESOURCE_KINDS,
  RESOURCE_STATUSES,
  TRANSITIONS,
  type ResourceKind,
  type ResourceStatus,
} from '../../../../src/amk/domain/resource.ts';

export type Resource = z.infer<typeof resourceSchema>;
export type ResourceList = z.infer<typeof resourceListSchema>;
export type ResourceDetail = z.infer<typeof resourceDetailSchema>;
export type TrackPoint = ResourceDetail['track'][number];
export type SafetyAlarm = z.infer<typeof alarmSchema>;
export type AlarmList = z.infer<typeof alarmListSchema>;
export type AlarmLevel = SafetyAlarm['level'];

type PayloadOf<E> = E extends EventDefinition<infer P> ? P : never;
export type ResourceChangedPayload = PayloadOf<typeof resourceChanged>;
export type PositionsRecordedPayload = PayloadOf<typeof positionsRecorded>;
export type SafetyAlarmChangedPayload = PayloadOf<typeof safetyAlarmChanged>;

/** The pushes the picture follows (src/amk/events.ts). */
export const RESOURCE_CHANGED = 'amk.resource.changed';
export const POSITIONS_RECORDED = 'amk.positions.recorded';
export const SAFETY_ALARM_CHANGED = 'amk.safety-alarm.changed';
/** A neighbour's unit joined or left the available ones this AMK sees, or was moved (NN-5). */
export const NEIGHBOUR_UNIT_CHANGED = 'amk.neighbour-unit.changed';
/** A new routing data version may move municipalities between AMK areas. */
export const DATA_VERSION_ACTIVATED = 'routing.data-version.activated';

export interface AmkCentre {
  id: string;
  name: string;
}

const BASE = '/api/v1/amk';

export const amkApi = {
  resources: (signal?: AbortSignal) => api<ResourceList>('GET', `${BASE}/resources`, { signal }),
  resource: (id: string, signal?: AbortSignal) =>
    api<ResourceDetail>('GET', `${BASE}/resources/${encodeURIComponent(id)}`, { signal }),
  changeStatus: (id: string, status: Resource['status'], revision: number) =>
    api<Resource>('POST', `${BASE}/resources/${encodeURIComponent(id)}/status`, {
      body: { status, revision },
    }),
  alarms: (signal?: AbortSignal) => api<AlarmList>('GET', `${BASE}/alarms?limit=1000`, { signal }),
  acknowledge: (id: string) =>
    api<SafetyAlarm>('POST', `${BASE}/alarms/${encodeURIComponent(id)}/acknowledge`),
  amkCentres: (signal?: AbortSignal) =>
    api<{ items: AmkCentre[] }>('GET', '/api/v1/routing/amk-centres?limit=1000', { signal }),
};
