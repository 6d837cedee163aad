/**
 * The AMK API under /api/v1/amk (issue 14; docs/amk.md): resources and their status, positions and
 * safety alarms in (integrations: the Nødnett gateway), alarms to acknowledge, missions. Access by
 * the context's policy on the AMK areas a record belongs to; a record outside the caller's areas
 * answers 404, as one that does not exist. Handlers only adapt: the use cases do the work.
 */
import type { Route } from '../../platform/http/route.ts';
import { notFound } from '../../platform/errors.ts';
import { acknowledgeAlarm } from '../alarms/acknowledge-alarm.ts';
import { raiseSafetyAlarm } from '../alarms/raise-safety-alarm.ts';
import { listAlarms, readAlarm } from '../alarms/read-alarms.ts';
import type { AmkDeps } from '../deps.ts';
import { closeMission } from '../missions/close-mission.ts';
import { createMission } from '../missions/create-mission.ts';
import { dispatchUnit } from '../missions/dispatch-unit.ts';
import { handOver } from '../missions/hand-over.ts';
import { amksOfMission, loadMission } from '../missions/mission-store.ts';
import { listMissions, readMission } from '../missions/read-missions.ts';
import { suggestUnits } from '../missions/suggest-units.ts';
import { MANAGE, OPERATE, READ, REPORT } from '../policy.ts';
import { recordPositions } from '../positions/record-positions.ts';
import { changeResourceStatus } from '../resources/change-status.ts';
import { registerResource, updateResource } from '../resources/maintain-resources.ts';
import { listResources, readResource } from '../resources/read-resources.ts';
import { amkOfResource } from '../resources/resource-store.ts';
import { acknowledgeTripleAlert } from '../triple-alerts/acknowledge-triple-alert.ts';
import {
  alertFirstResponders,
  answerFirstResponderAlert,
  listFirstResponderAlerts,
  type FirstResponderAlert,
} from '../first-responders/first-responder-alerts.ts';
import { raiseTripleAlert } from '../triple-alerts/raise-triple-alert.ts';
import { listTripleAlerts, readTripleAlert } from '../triple-alerts/read-triple-alerts.ts';
import {
  alarmBody,
  firstResponderAlertBody,
  firstResponderAlertsSchema,
  firstResponderAnswerBody,
  alarmListQuery,
  alarmListSchema,
  alarmSchema,
  dispatchBody,
  handoverBody,
  idParams,
  missionBody,
  missionDetailSchema,
  missionListQuery,
  missionListSchema,
  missionSchema,
  positionsBody,
  positionsResultSchema,
  resourceBody,
  resourceDetailSchema,
  resourceListQuery,
  resourceListSchema,
  resourceSchema,
  statusBody,
  suggestionQuery,
  suggestionsSchema,
  tripleAlertAckBody,
  tripleAlertBody,
  tripleAlertListQuery,
  tripleAlertListSchema,
  tripleAlertSchema,
  updateResourceBody,
} from './schema.ts';

export const BASE = '/api/v1/amk';

/** The alerts of a mission with their counts (what a list and a map of first responders show). */
const withCounts = (alerts: FirstResponderAlert[]) => ({
  alerts,
  counts: {
    alerted: alerts.length,
    accepted: alerts.filter((a) => a.answer === 'accepted').length,
    declined: alerts.filter((a) => a.answer === 'declined').length,
    arrived: alerts.filter((a) => a.arrivedAt !== null).length,
  },
});
const tags = ['amk'];
const hidden = () => notFound('The record');

export function registerAmkRoutes(route: Route, deps: AmkDeps): void {
  const { db } = deps;
  const resourceScope = async ({ params }: { params: { id: string } }) => {
    const amk = await amkOfResource(db, params.id);
    return { amkIds: amk ? [amk] : [] };
  };
  const missionScope = async ({ params }: { params: { id: string } }) => ({
    amkIds: await amksOfMission(db, params.id),
  });
  const missionOwnerScope = async ({ params }: { params: { id: string } }) => {
    const r = await db.query<{ amk_id: string }>('SELECT amk_id FROM amk_missions WHERE id = $1', [
      params.id,
    ]);
    return { amkIds: r.rows.map((x) => x.amk_id) };
  };

  // Resources (NN-5, AMK-2)
  route({
    method: 'GET',
    url: `${BASE}/resources`,
    summary: 'The AMK’s resources and its neighbours’ available ones',
    description:
      'The caller’s AMK areas’ resources (status, latest position — `stale` when older than the configured age —, the crew on duty from the roster with the competence rules’ verdict, `crewFlagged` when it breaks them) and the neighbouring AMKs’ available resources, with counts per status. A national reader sees every AMK’s (`amk` narrows to one).',
    tags,
    auth: READ,
    query: resourceListQuery,
    response: resourceListSchema,
    handler: ({ actor, query }) => listResources(deps, actor, { amkId: query.amk }),
  });
  route({
    method: 'POST',
    url: `${BASE}/resources`,
    summary: 'Register a resource',
    description:
      'An ambulance (car, boat, plane, helicopter), a doctor on call or a first-responder group (with its agency), its home station, AMK area, Nødnett terminal (ISSI, unique) and the readiness unit whose roster crews it. It starts `available`.',
    tags,
    auth: { ...MANAGE, scope: ({ body }) => ({ amkIds: [body.amkId] }) },
    body: resourceBody,
    response: resourceSchema,
    successStatus: 201,
    errors: [409, 422],
    handler: async ({ actor, body }) => ({
      ...(await registerResource(deps, actor, body)),
      crew: null,
      crewFlagged: false,
    }),
  });
  route({
    method: 'GET',
    url: `${BASE}/resources/:id`,
    summary: 'Read a resource with its crew, status timeline and track',
    tags,
    auth: READ,
    params: idParams,
    response: resourceDetailSchema,
    errors: [404],
    handler: ({ actor, params }) => readResource(deps, actor, params.id),
  });
  route({
    method: 'PUT',
    url: `${BASE}/resources/:id`,
    summary: 'Change a resource’s register data',
    description: 'Everything but its status, on the `revision` it was read at (409 when changed since).',
    tags,
    auth: {
      ...MANAGE,
      scope: async (input) => ({
        amkIds: [...(await resourceScope(input)).amkIds, input.body.amkId].filter(
          (a, i, all) => all.indexOf(a) === i,
        ),
      }),
      refusal: hidden,
    },
    params: idParams,
    body: updateResourceBody,
    response: resourceSchema,
    errors: [404, 409, 422],
    handler: async ({ actor, params, body }) => {
      // Moving a unit to another AMK needs the right at both: the scope above names both.
      const r = await updateResource(deps, actor, params.id, body);
      return { ...r, crew: null, crewFlagged: false };
    },
  });
  route({
    method: 'POST',
    url: `${BASE}/resources/:id/status`,
    summary: 'Change a unit’s status',
    description:
      'Through the transition table (docs/amk.md): 409 `amk.status.transition` for a change it does not allow. Dispatching is done from a mission. The unit’s AMK, or the AMK of the mission it serves, may change it.',
    tags,
    auth: {
      ...OPERATE,
      scope: async ({ params }) => {
        const r = await db.query<{ amk_id: string; mission_amk: string | null }>(
          `SELECT r.amk_id, m.amk_id AS mission_amk FROM amk_resources r LEFT JOIN amk_missions m ON m.id = r.mission_id
            WHERE r.id = $1`,
          [params.id],
        );
        const row = r.rows[0];
        return { amkIds: row ? [row.amk_id, ...(row.mission_amk ? [row.mission_amk] : [])] : [] };
      },
      refusal: hidden,
    },
    params: idParams,
    body: statusBody,
    response: resourceSchema,
    errors: [404, 409, 422],
    handler: async ({ actor, params, body }) => ({
      ...(await changeResourceStatus(deps, actor, params.id, body)),
      crew: null,
      crewFlagged: false,
    }),
  });

  // Positions and safety alarms in (NN-4)
  route({
    method: 'POST',
    url: `${BASE}/positions`,
    summary: 'Record position reports',
    description:
      'A batch of positions from a terminal source other than the Nødnett gateway (which calls the same use case): idempotent per ISSI and observation instant; late reports are kept for the track but never move a unit back.',
    tags,
    auth: REPORT,
    body: positionsBody,
    response: positionsResultSchema,
    quietLog: true,
    handler: ({ actor, body }) => recordPositions(deps, actor, body.positions),
  });
  route({
    method: 'POST',
    url: `${BASE}/alarms`,
    summary: 'Raise a safety alarm from a terminal',
    description:
      'Reaches the responsible AMK at once (the unit’s; for an unknown terminal the AMK whose area its last position is in; else the operations centre). Idempotent per ISSI and instant: 201 when raised, 200 when it was already.',
    tags,
    auth: REPORT,
    body: alarmBody,
    response: alarmSchema,
    successStatus: 201,
    handler: async ({ actor, body, reply }) => {
      const r = await raiseSafetyAlarm(deps, actor, body);
      // Raised before (a retry): 200 with the same alarm, sent here (the router answers 201 otherwise).
      if (!r.created) return reply.code(200).send(r.alarm) as never;
      return r.alarm;
    },
  });
  route({
    method: 'GET',
    url: `${BASE}/alarms`,
    summary: 'The safety alarms that have reached the caller’s AMKs',
    description:
      'Unacknowledged ones and those acknowledged in the last 24 hours, newest first, with counts.',
    tags,
    auth: READ,
    query: alarmListQuery,
    response: alarmListSchema,
    handler: ({ actor, query }) => listAlarms(deps, actor, query),
  });
  route({
    method: 'GET',
    url: `${BASE}/alarms/:id`,
    summary: 'Read a safety alarm with its unit, crew, position, track and steps',
    tags,
    auth: READ,
    params: idParams,
    response: alarmSchema,
    errors: [404],
    handler: ({ actor, params }) => readAlarm(deps, actor, params.id),
  });
  route({
    method: 'POST',
    url: `${BASE}/alarms/:id/acknowledge`,
    summary: 'Acknowledge a safety alarm',
    description: 'Stops its escalation; 409 `amk.alarm.already-acknowledged` when someone already did.',
    tags,
    auth: OPERATE,
    params: idParams,
    response: alarmSchema,
    errors: [404, 409],
    handler: ({ actor, params }) => acknowledgeAlarm(deps, actor, params.id),
  });

  // Missions (AMK-2)
  route({
    method: 'GET',
    url: `${BASE}/missions`,
    summary: 'The missions the caller’s AMKs follow',
    description:
      'Those in the AMK’s area and those its units serve in a neighbour’s (`amkIds` names every AMK following one).',
    tags,
    auth: READ,
    query: missionListQuery,
    response: missionListSchema,
    handler: ({ actor, query }) => listMissions(deps, actor, query),
  });
  route({
    method: 'POST',
    url: `${BASE}/missions`,
    summary: 'Create a mission',
    description:
      'Optionally from a 113 call on record (`callId`), with its urgency (akutt, haster, vanlig) and location; the municipality is found from the point when left out. The location must be in one of the caller’s AMK areas.',
    tags,
    auth: OPERATE,
    body: missionBody,
    response: missionSchema,
    successStatus: 201,
    errors: [403, 422],
    handler: ({ actor, body }) => createMission(deps, actor, body),
  });
  route({
    method: 'GET',
    url: `${BASE}/missions/:id`,
    summary: 'Read a mission with its units and timeline (audited)',
    tags,
    auth: READ,
    params: idParams,
    response: missionDetailSchema,
    errors: [404],
    handler: ({ actor, params }) => readMission(deps, actor, params.id),
  });
  route({
    method: 'GET',
    url: `${BASE}/missions/:id/suggestions`,
    summary: 'Suggested units for a mission',
    description:
      'The nearest suitable available units of the mission’s AMK and its neighbours by estimated time to the location (straight line × winding factor ÷ speed per kind; docs/amk.md states the method and its limits).',
    tags,
    auth: { ...READ, scope: missionScope, refusal: hidden },
    params: idParams,
    query: suggestionQuery,
    response: suggestionsSchema,
    errors: [404],
    handler: async ({ params, query }) => ({
      suggestions: await suggestUnits(deps, await loadMission(db, params.id), query.limit),
    }),
  });
  route({
    method: 'POST',
    url: `${BASE}/missions/:id/dispatch`,
    summary: 'Dispatch a unit to a mission',
    description: 'An available unit of the mission’s AMK or a neighbour’s; the unit becomes `dispatched`.',
    tags,
    auth: { ...OPERATE, scope: missionOwnerScope, refusal: hidden },
    params: idParams,
    body: dispatchBody,
    response: missionSchema,
    errors: [404, 409, 422],
    handler: ({ actor, params, body }) => dispatchUnit(deps, actor, params.id, body.resourceId),
  });
  route({
    method: 'POST',
    url: `${BASE}/missions/:id/handover`,
    summary: 'Hand over at the hospital',
    description:
      'A transporting unit of the mission arrives and hands over: `at-hospital`, the hospital in the timeline.',
    tags,
    auth: { ...OPERATE, scope: missionScope, refusal: hidden },
    params: idParams,
    body: handoverBody,
    response: missionSchema,
    errors: [404, 409, 422],
    handler: ({ actor, params, body }) => handOver(deps, actor, params.id, body),
  });
  route({
    method: 'POST',
    url: `${BASE}/missions/:id/close`,
    summary: 'Close a mission',
    description:
      'Its units still on it become available; 409 `amk.mission.unit-busy` while one is still transporting.',
    tags,
    auth: { ...OPERATE, scope: missionOwnerScope, refusal: hidden },
    params: idParams,
    response: missionSchema,
    errors: [404, 409],
    handler: ({ actor, params }) => closeMission(deps, actor, params.id),
  });

  // Triple alert (AMK-3)
  route({
    method: 'POST',
    url: `${BASE}/triple-alerts`,
    summary: 'Raise a triple alert',
    description:
      'One action alerts the police and fire operations centres, the other affected AMKs (a mission’s units’ AMKs by themselves) and, with `rescueCoordination`, the rescue coordination centre — for a mission or a place in the caller’s AMK area. Each recipient’s acknowledgement is waited for (`missing`).',
    tags,
    auth: OPERATE,
    body: tripleAlertBody,
    response: tripleAlertSchema,
    successStatus: 201,
    errors: [403, 422],
    handler: ({ actor, body }) => raiseTripleAlert(deps, actor, body),
  });
  route({
    method: 'GET',
    url: `${BASE}/triple-alerts`,
    summary: 'The triple alerts the caller’s AMKs raised or received',
    description:
      'Newest first, a page at a time, each with its recipients, their acknowledgements and the missing ones.',
    tags,
    auth: READ,
    query: tripleAlertListQuery,
    response: tripleAlertListSchema,
    handler: ({ actor, query }) => listTripleAlerts(deps, actor, query),
  });
  route({
    method: 'GET',
    url: `${BASE}/triple-alerts/:id`,
    summary: 'Read a triple alert with its acknowledgements',
    tags,
    auth: READ,
    params: idParams,
    response: tripleAlertSchema,
    errors: [404],
    handler: ({ actor, params }) => readTripleAlert(deps, actor, params.id),
  });
  route({
    method: 'POST',
    url: `${BASE}/triple-alerts/:id/acknowledge`,
    summary: 'Acknowledge a triple alert for a recipient',
    description:
      'An AMK recipient by its operators; the police, fire and rescue coordination centre by their integration token or recorded by the raising AMK’s operator as their confirmation comes in. 409 when that recipient already acknowledged.',
    tags,
    auth: { roles: ['amk-operator', 'operations', 'integration'] },
    params: idParams,
    body: tripleAlertAckBody,
    response: tripleAlertSchema,
    errors: [403, 404, 409, 422],
    handler: ({ actor, params, body }) => acknowledgeTripleAlert(deps, actor, params.id, body.recipient),
  });

  // First responders (NN-6)
  route({
    method: 'POST',
    url: `${BASE}/missions/:id/first-responders`,
    summary: 'Alert the first-responder groups near a mission',
    description:
      'The available first-responder groups (fire, police, volunteers) of the mission’s AMK and its neighbours within `radiusKm` (default 20) of the location — by their fresh position, else their station — that were not alerted before.',
    tags,
    auth: { ...OPERATE, scope: missionOwnerScope, refusal: hidden },
    params: idParams,
    body: firstResponderAlertBody,
    response: firstResponderAlertsSchema,
    errors: [404, 409],
    handler: async ({ actor, params, body }) =>
      withCounts(await alertFirstResponders(deps, actor, params.id, body.radiusKm)),
  });
  route({
    method: 'GET',
    url: `${BASE}/missions/:id/first-responders`,
    summary: 'The first-responder groups alerted to a mission',
    description:
      'Who was alerted, who accepted or declined, their positions, estimated minutes and arrival; nearest first.',
    tags,
    auth: { ...READ, scope: missionScope, refusal: hidden },
    params: idParams,
    response: firstResponderAlertsSchema,
    errors: [404],
    handler: async ({ params }) => withCounts(await listFirstResponderAlerts(deps, params.id)),
  });
  route({
    method: 'POST',
    url: `${BASE}/first-responder-alerts/:id/answer`,
    summary: 'A first-responder group’s answer or arrival',
    description:
      '`accepted` (the group joins the mission, `dispatched`), `declined`, or `arrived` (after accepting: `at-scene`). From the group’s system through an integration token, or recorded by an operator of the group’s or the mission’s AMK. 409 `amk.first-responder.answer` when it does not fit.',
    tags,
    auth: { roles: ['amk-operator', 'operations', 'integration'] },
    params: idParams,
    body: firstResponderAnswerBody,
    response: firstResponderAlertsSchema,
    errors: [404, 409],
    handler: async ({ actor, params, body }) =>
      withCounts(await answerFirstResponderAlert(deps, actor, params.id, body.answer)),
  });
}
