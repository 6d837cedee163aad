/**
 * The AMK missions' API (issue 14; docs/amk.md): missions (/api/v1/amk/missions*), their suggested
 * units, dispatch, handover and close, first-responder alerts (/missions/:id/first-responders,
 * /first-responder-alerts/:id/answer) and triple alerts (/triple-alerts*). Types are inferred from
 * the server's zod schemas (type-only: nothing of zod is bundled); value lists come from the AMK
 * domain's plain-data modules.
 */
import type { z } from 'zod';
import type * as S from '../../../../../src/amk/http/schema.ts';
import { api } from '../../../shared/api/client.ts';

export { URGENCIES } from '../../../../../src/amk/domain/mission.ts';
export type { Urgency } from '../../../../../src/amk/domain/mission.ts';
export type { ResourceKind, ResourceStatus } from '../../../../../src/amk/domain/resource.ts';

export type Mission = z.infer<typeof S.missionSchema>;
export type MissionDetail = z.infer<typeof S.missionDetailSchema>;
export type MissionList = z.infer<typeof S.missionListSchema>;
export type MissionInput = z.input<typeof S.missionBody>;
export type Suggestion = z.infer<typeof S.suggestionsSchema>['suggestions'][number];
export type FirstResponderAlerts = z.infer<typeof S.firstResponderAlertsSchema>;
export type FirstResponderAlert = FirstResponderAlerts['alerts'][number];
export type FirstResponderAnswer = z.infer<typeof S.firstResponderAnswerBody>['answer'];
export type TripleAlert = z.infer<typeof S.tripleAlertSchema>;
export type TripleAlertList = z.infer<typeof S.tripleAlertListSchema>;
export type TripleAlertInput = z.input<typeof S.tripleAlertBody>;
export type MissionState = Mission['state'];

/** What the server pushes when a mission, a first-responder alert or a triple alert changes (src/amk/events.ts). */
export const MISSION_EVENTS = ['amk.mission.changed', 'amk.first-responder.changed'] as const;
export const TRIPLE_ALERT_EVENTS = ['amk.triple-alert.changed'] as const;
/** A resource's status change (a unit on a mission moves on). */
export const RESOURCE_CHANGED = 'amk.resource.changed';

const base = '/api/v1/amk';
const id = (x: string) => encodeURIComponent(x);

export const missionsApi = {
  list: (state: MissionState | undefined, signal?: AbortSignal) =>
    api<MissionList>('GET', `${base}/missions`, { signal, query: { limit: 500, ...(state && { state }) } }),
  create: (body: MissionInput) => api<Mission>('POST', `${base}/missions`, { body }),
  read: (missionId: string, signal?: AbortSignal) =>
    api<MissionDetail>('GET', `${base}/missions/${id(missionId)}`, { signal }),
  suggestions: (missionId: string, signal?: AbortSignal) =>
    api<{ suggestions: Suggestion[] }>('GET', `${base}/missions/${id(missionId)}/suggestions`, {
      signal,
      query: { limit: 5 },
    }),
  dispatch: (missionId: string, resourceId: string) =>
    api<Mission>('POST', `${base}/missions/${id(missionId)}/dispatch`, { body: { resourceId } }),
  handover: (missionId: string, resourceId: string, hospital: string) =>
    api<Mission>('POST', `${base}/missions/${id(missionId)}/handover`, { body: { resourceId, hospital } }),
  close: (missionId: string) => api<Mission>('POST', `${base}/missions/${id(missionId)}/close`),
  firstResponders: (missionId: string, signal?: AbortSignal) =>
    api<FirstResponderAlerts>('GET', `${base}/missions/${id(missionId)}/first-responders`, { signal }),
  alertFirstResponders: (missionId: string, radiusKm: number) =>
    api<FirstResponderAlerts>('POST', `${base}/missions/${id(missionId)}/first-responders`, {
      body: { radiusKm },
    }),
  answerFirstResponder: (alertId: string, answer: FirstResponderAnswer) =>
    api<FirstResponderAlerts>('POST', `${base}/first-responder-alerts/${id(alertId)}/answer`, {
      body: { answer },
    }),
};

export const tripleAlertsApi = {
  list: (signal?: AbortSignal) =>
    api<TripleAlertList>('GET', `${base}/triple-alerts`, { signal, query: { limit: 200 } }),
  ofMission: (missionId: string, signal?: AbortSignal) =>
    api<TripleAlertList>('GET', `${base}/triple-alerts`, { signal, query: { missionId, limit: 100 } }),
  raise: (body: TripleAlertInput) => api<TripleAlert>('POST', `${base}/triple-alerts`, { body }),
  acknowledge: (alertId: string, recipient: string) =>
    api<TripleAlert>('POST', `${base}/triple-alerts/${id(alertId)}/acknowledge`, { body: { recipient } }),
};
