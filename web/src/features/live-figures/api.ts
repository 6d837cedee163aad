/**
 * The live figures' API (issue 11): every centre's live service level and routing status
 * (`/api/v1/calls/service-level/national`) and the map's municipality boundaries
 * (`/api/v1/routing/map/municipalities`, gzipped and revalidated by ETag by the browser's own
 * cache). Types from the server's modules, type-only; the boundary decoder is the server's own
 * zod-free codec (src/routing/map/shape-codec.ts), bundled.
 */
import type {
  LiveWindow,
  NationalCentre,
  NationalServiceLevel,
} from '../../../../src/calls/queue/read-national.ts';
import type { CentreRouting } from '../../../../src/routing/domain/centre-status.ts';
import type { MapMunicipality, MunicipalityMapBody } from '../../../../src/routing/map/municipality-map.ts';
import { api } from '../../shared/api/client.ts';

export type {
  CentreRouting,
  LiveWindow,
  MapMunicipality,
  MunicipalityMapBody,
  NationalCentre,
  NationalServiceLevel,
};

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
  map: (signal?: AbortSignal) =>
    api<MunicipalityMapBody>('GET', '/api/v1/routing/map/municipalities', { signal }),
};
