/**
 * The live figures' API (issue 11): every centre's live service level and routing status
 * (`/api/v1/calls/service-level/national`). Types from the server's modules, type-only. The map's
 * municipality boundaries come through shared/map/project-municipalities.ts.
 */
import type {
  LiveWindow,
  NationalCentre,
  NationalServiceLevel,
} from '../../../../src/calls/queue/read-national.ts';
import type { CentreRouting } from '../../../../src/routing/domain/centre-status.ts';
import { api } from '../../shared/api/client.ts';

export type { CentreRouting, LiveWindow, NationalCentre, NationalServiceLevel };

/** The push that names the centres whose calls changed (src/calls/events.ts). */
export const CENTRES_CHANGED = 'calls.centres.changed';
/** What changes where a centre's calls go (src/routing/events.ts). */
export const ROUTING_EVENTS = [
  'routing.reroute.created',
  'routing.reroute.ended',
  'routing.availability.changed',
  'routing.data-version.activated',
] as const;

export const liveFiguresApi = {
  national: (signal?: AbortSignal) =>
    api<NationalServiceLevel>('GET', '/api/v1/calls/service-level/national', { signal }),
};
