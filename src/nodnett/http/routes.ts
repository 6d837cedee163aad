/**
 * The Nødnett API under /api/v1/nodnett (NN-1, NN-2, NN-3, NN-7; docs/nodnett.md): the fleet map,
 * incident talk groups (create, attach units and other agencies' groups, release), conferences
 * (start, end) and the doctor on call for a municipality now. Access by the context's policy on the
 * AMK a group, conference or municipality belongs to; use cases in `talk-groups.ts` and
 * `doctors-on-call.ts`, nothing but the wiring here.
 */
import type { Clock } from '../../platform/time/clock.ts';
import type { Route } from '../../platform/http/route.ts';
import type { RoutingRuntime } from '../../routing/runtime.ts';
import { doctorsOnCall, municipalityAmk } from '../doctors-on-call.ts';
import { OPERATE, READ } from '../policy.ts';
import {
  attachMembers,
  conferenceResource,
  createIncidentGroup,
  endConference,
  groupResource,
  listConferences,
  readFleetMap,
  releaseIncidentGroup,
  startConference,
  type TalkGroupDeps,
} from '../talk-groups.ts';
import {
  attachBody,
  attachResultSchema,
  conferenceBody,
  conferenceListSchema,
  conferenceParams,
  conferenceSchema,
  createGroupBody,
  doctorsOnCallQuery,
  doctorsOnCallSchema,
  fleetMapSchema,
  gssiParams,
  talkGroupSchema,
} from './schema.ts';

export const BASE = '/api/v1/nodnett';
const tags = ['nodnett'];

export function registerNodnettRoutes(
  route: Route,
  deps: TalkGroupDeps & { runtime: RoutingRuntime; clock: Clock },
): void {
  route({
    method: 'GET',
    url: `${BASE}/fleet-map`,
    summary: 'List the talk groups of the fleet map',
    description:
      'National and regional talk groups, and the local and incident groups of the AMK areas the caller may read, with their members now.',
    tags,
    auth: READ,
    response: fleetMapSchema,
    errors: [503],
    handler: async ({ actor }) => ({ groups: await readFleetMap(deps, actor) }),
  });
  route({
    method: 'POST',
    url: `${BASE}/incident-groups`,
    summary: 'Create an incident talk group',
    description:
      'A new talk group for an incident, owned by an AMK and shared with the agencies named (health is always in it). Audited.',
    tags,
    auth: { ...OPERATE, scope: ({ body }) => ({ amkId: body.amkId }) },
    body: createGroupBody,
    response: talkGroupSchema,
    successStatus: 201,
    errors: [503],
    handler: ({ body, actor }) => createIncidentGroup(deps, actor, body),
  });
  route({
    method: 'POST',
    url: `${BASE}/incident-groups/:gssi/members`,
    summary: 'Attach units and other agencies’ groups to an incident talk group',
    description:
      'Attaches terminals (ISSI) and talk groups (GSSI, e.g. the police’s and fire service’s local groups); answers each one’s outcome: attached, out of coverage, unknown, or the group is full. Audited.',
    tags,
    auth: { ...OPERATE, scope: ({ params }) => groupResource(deps, params.gssi) },
    params: gssiParams,
    body: attachBody,
    response: attachResultSchema,
    errors: [404, 422, 503],
    handler: ({ params, body, actor }) => attachMembers(deps, actor, params.gssi, body),
  });
  route({
    method: 'DELETE',
    url: `${BASE}/incident-groups/:gssi`,
    summary: 'Release an incident talk group',
    tags,
    auth: { ...OPERATE, scope: ({ params }) => groupResource(deps, params.gssi) },
    params: gssiParams,
    successStatus: 204,
    errors: [404, 422, 503],
    handler: async ({ params, actor }) => {
      await releaseIncidentGroup(deps, actor, params.gssi);
    },
  });
  route({
    method: 'POST',
    url: `${BASE}/conferences`,
    summary: 'Start a conference',
    description:
      'Calls terminals and telephones into one conference (NN-3: ambulance crew, doctor on call, hospital specialist). `connected` when at least two joined, otherwise `failed`; each party’s outcome. Audited either way; a connected one is kept as open until it is ended.',
    tags,
    auth: { ...OPERATE, scope: ({ body }) => ({ amkId: body.amkId }) },
    body: conferenceBody,
    response: conferenceSchema,
    successStatus: 201,
    errors: [503],
    handler: ({ body, actor }) => startConference(deps, actor, body),
  });
  route({
    method: 'GET',
    url: `${BASE}/conferences`,
    summary: 'List the open conferences',
    description:
      'The conferences still open in the AMK areas the caller may read (every one nationally), newest first, with each party’s outcome when it was set up — whichever instance started them.',
    tags,
    auth: READ,
    response: conferenceListSchema,
    errors: [503],
    handler: async ({ actor }) => ({ conferences: await listConferences(deps, actor) }),
  });
  route({
    method: 'DELETE',
    url: `${BASE}/conferences/:id`,
    summary: 'End a conference',
    tags,
    auth: { ...OPERATE, scope: ({ params }) => conferenceResource(deps, params.id) },
    params: conferenceParams,
    successStatus: 204,
    errors: [404, 503],
    handler: async ({ params, actor }) => {
      await endConference(deps, actor, params.id);
    },
  });
  route({
    method: 'GET',
    url: `${BASE}/doctors-on-call`,
    summary: 'Find the doctor on call for a municipality now',
    description:
      'The doctors on call (and back-up doctors) whose roster shift covers the municipality at `at` (default now), with the ways the registers know to reach them, and `gaps`: what the registers cannot tell (no phone number on record, no terminal per person; `no-roster` when no shift covers the instant).',
    tags,
    // A municipality in no AMK is read nationally only.
    auth: {
      ...READ,
      scope: ({ query }) => ({
        amkId: municipalityAmk(deps.runtime, query.municipality).amkId ?? 'amk-none',
      }),
    },
    query: doctorsOnCallQuery,
    response: doctorsOnCallSchema,
    handler: ({ query }) =>
      doctorsOnCall(
        deps,
        query.municipality,
        query.at === undefined ? deps.clock.nowMs() : Date.parse(query.at),
      ),
  });
}
